// One "device" tab: the new manager with the NATS connector, configured from the query
// string (?ws=&bucket=&user=&pass=; ws repeated for a cluster's nodes), exposed on window
// for the test to drive.
import { createStateManager } from '@mfe/universal-state/core';
import { natsRemote } from '@mfe/universal-state/remote-nats';

const params = new URLSearchParams(location.search);
const errors: Array<{ name: string; code?: string; message: string }> = [];
const servers = params.getAll('ws');
const remote = natsRemote({
  servers: servers.length === 1 ? servers[0] : servers,
  bucket: params.get('bucket')!,
  user: params.get('user') ?? undefined,
  pass: params.get('pass') ?? undefined,
  reconnectWaitMs: 100,
});
const manager = createStateManager({
  useValtio: true,
  remote,
  devtools: false,
  onError: (e) => errors.push({ name: e.name, code: (e as { code?: string }).code, message: e.message }),
});
(window as unknown as Record<string, unknown>).__remote = { manager, remote, errors };
