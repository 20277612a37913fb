// The React fixture MFE before or after `universal-state migrate --write`.
import { start, variant } from './shared';

if (variant === 'rewritten') {
  const [fixture, counts] = await Promise.all([
    import('../../../fixtures/codemod/expected/react-mfe/src/mount'),
    import('../../../fixtures/codemod/expected/react-mfe/src/render-count'),
  ]);
  await start(fixture, counts.renderCounts);
} else {
  const [fixture, counts] = await Promise.all([
    import('../../../fixtures/codemod/react-mfe/src/mount'),
    import('../../../fixtures/codemod/react-mfe/src/render-count'),
  ]);
  await start(fixture, counts.renderCounts);
}
