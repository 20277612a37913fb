// The React fixture MFE with everyday legacy effects before or after `universal-state migrate --write`.
import { start, variant } from './shared';

if (variant === 'rewritten') {
  const [fixture, counts] = await Promise.all([
    import('../../../fixtures/codemod/expected/react-effects/src/mount'),
    import('../../../fixtures/codemod/expected/react-effects/src/render-count'),
  ]);
  await start(fixture, counts.renderCounts);
} else {
  const [fixture, counts] = await Promise.all([
    import('../../../fixtures/codemod/react-effects/src/mount'),
    import('../../../fixtures/codemod/react-effects/src/render-count'),
  ]);
  await start(fixture, counts.renderCounts);
}
