/**
 * Shared profile (name, email) editor, theme, shared counter and this MFE's own
 * `mfe:react-mfe:clicks`, all through the legacy hook names over whichever manager runs.
 */
import { useGlobalState, useMFERegistration } from '@mfe/universal-state/react';
import { SHARED_KEYS, type Theme, type UserProfile } from '@demo/shared/contract';

export const MFE_ID = 'react-mfe';
/** Every write says who made it: the log and Redux DevTools show this source. */
const WRITE = { source: MFE_ID } as const;
/** Text inputs re-render inside `set` so the caret never jumps (see StateHookOptions.sync). */
const TEXT_INPUT = { source: MFE_ID, sync: true } as const;

const EMPTY_USER: UserProfile = { name: '', email: '' };

export function App({ managerName }: { managerName: string }) {
  useMFERegistration(MFE_ID, { framework: 'react', version: '1.0.0' });
  const [user, setUser] = useGlobalState<UserProfile>(SHARED_KEYS.user, TEXT_INPUT);
  const [theme, setTheme] = useGlobalState<Theme>(SHARED_KEYS.theme, WRITE);
  const [counter, setCounter] = useGlobalState<number>(SHARED_KEYS.counter, WRITE);
  const [clicks, setClicks] = useGlobalState<number>(`mfe:${MFE_ID}:clicks`, WRITE);
  const profile = user ?? EMPTY_USER;

  return (
    <div className="card" data-mfe={MFE_ID} data-mfe-ready="true">
      <label className="row">
        <span className="label">name</span>
        <input
          data-testid={`${MFE_ID}-name-input`}
          value={profile.name}
          onChange={(e) => setUser({ ...profile, name: e.target.value })}
        />
      </label>
      <label className="row">
        <span className="label">email</span>
        <input
          data-testid={`${MFE_ID}-email-input`}
          value={profile.email}
          onChange={(e) => setUser({ ...profile, email: e.target.value })}
        />
      </label>
      <div className="row">
        <span className="label">profile</span>
        <span className="value" data-testid={`${MFE_ID}-profile`}>{`${profile.name} <${profile.email}>`}</span>
      </div>
      <div className="row">
        <span className="label">theme</span>
        <span className="value" data-testid={`${MFE_ID}-theme`}>{theme ?? 'light'}</span>
      </div>
      <div className="row">
        <span className="label">shared counter</span>
        <span className="value" data-testid={`${MFE_ID}-counter`}>{counter ?? 0}</span>
      </div>
      <div className="row">
        <span className="label">{`mfe:${MFE_ID}:clicks`}</span>
        <span className="value" data-testid={`${MFE_ID}-own`}>{clicks ?? 0}</span>
      </div>
      <div className="actions">
        <button type="button" data-testid={`${MFE_ID}-increment`} onClick={() => setCounter((n) => (n ?? 0) + 1)}>
          counter +1
        </button>
        <button type="button" data-testid={`${MFE_ID}-theme-toggle`} onClick={() => setTheme((t) => (t === 'dark' ? 'light' : 'dark'))}>
          toggle theme
        </button>
        <button type="button" data-testid={`${MFE_ID}-own-increment`} onClick={() => setClicks((n) => (n ?? 0) + 1)}>
          my clicks +1
        </button>
      </div>
      <p className="note">React {'·'} useGlobalState on {managerName}</p>
    </div>
  );
}
