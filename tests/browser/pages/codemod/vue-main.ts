// The Vue fixture MFE before or after `universal-state migrate --write`.
import { start, variant } from './shared';

if (variant === 'rewritten') {
  const [fixture, counts] = await Promise.all([
    import('../../../fixtures/codemod/expected/vue-mfe/src/mount'),
    import('../../../fixtures/codemod/expected/vue-mfe/src/render-count'),
  ]);
  await start(fixture, counts.renderCounts);
} else {
  const [fixture, counts] = await Promise.all([
    import('../../../fixtures/codemod/vue-mfe/src/mount'),
    import('../../../fixtures/codemod/vue-mfe/src/render-count'),
  ]);
  await start(fixture, counts.renderCounts);
}
