/**
 * The shapes the codemod accepts and refuses, one small source at a time. Each refusal is a
 * case where rewriting would change behaviour; each acceptance is a spelling real MFEs use.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanupTemp, readTree, run, tempTree } from './codemod-helpers.js';

afterAll(cleanupTemp);

/** Writes `source` as `file`, runs --write, returns the new text and the JSON report. */
async function rewrite(file: string, source: string, extra: string[] = []) {
  const dir = await tempTree({ [file]: source });
  const res = await run(['migrate', '--write', dir, '--json', ...extra]);
  const report = JSON.parse(res.out) as { findings: { line: number; rule: string; fix?: string; reason?: string }[]; notes: string[]; changed: string[] };
  return { code: res.code, text: (await readTree(dir))[file]!, report };
}

const tsx = (body: string, imports = "import { useEffect, useState } from 'react';") => `${imports}\n\nexport function C({ m }: { m: any }) {\n${body}\n  return null;\n}\n`;

describe('React mirrors', () => {
  it('accepts `return unsubscribe` and `return () => unsubscribe()`', async () => {
    for (const cleanup of ['return off;', 'return () => off();', 'return () => { off(); };']) {
      const { code, text } = await rewrite('C.tsx', tsx(`  const [v, setV] = useState(m.get('k'));\n  useEffect(() => {\n    const off = m.subscribe('k', (x) => setV(x));\n    ${cleanup}\n  }, []);`));
      expect(code).toBe(0);
      expect(text).toBe(tsx(`  const [v] = useGlobalState('k');`, "import { useGlobalState } from '@mfe/universal-state/react';"));
    }
  });

  it('accepts React.useState / React.useEffect and keeps the default import', async () => {
    const source = `import React from 'react';\n\nexport function C({ m }: { m: any }) {\n  const [v, setV] = React.useState();\n  React.useEffect(() => m.subscribe('k', function (x) { setV(x); }), [m]);\n  return <b>{String(v)}</b>;\n}\n`;
    const { text } = await rewrite('C.tsx', source);
    expect(text).toBe(`import React from 'react';\nimport { useGlobalState } from '@mfe/universal-state/react';\n\nexport function C({ m }: { m: any }) {\n  const [v] = useGlobalState('k');\n  return <b>{String(v)}</b>;\n}\n`);
  });

  it('adds to an existing import of the hooks module instead of a second one', async () => {
    const { text } = await rewrite(
      'C.tsx',
      tsx(`  const [v, setV] = useState();\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`, "import { useEffect, useState } from 'react';\nimport { useGlobalStates } from '@mfe/universal-state/react';"),
    );
    expect(text).toContain("import { useGlobalStates, useGlobalState } from '@mfe/universal-state/react';");
    expect(text).not.toContain("from 'react'");
  });

  it('reuses the hook when the package root already provides it', async () => {
    const { code, text } = await rewrite(
      'C.tsx',
      tsx(`  const [a] = useGlobalState('a');\n  const [v, setV] = useState();\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`, "import { useEffect, useState } from 'react';\nimport { useGlobalState } from '@mfe/universal-state';"),
    );
    expect(code).toBe(0);
    expect(text).toContain("const [v] = useGlobalState('k');");
    expect(text).not.toContain('@mfe/universal-state/react');
  });

  it('refuses when the file has its own useGlobalState', async () => {
    const source = tsx(`  const [v, setV] = useState();\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`, "import { useEffect, useState } from 'react';\nimport { useGlobalState } from './store';\nvoid useGlobalState;");
    const { code, text, report } = await rewrite('C.tsx', source);
    expect(code).toBe(1);
    expect(text).toBe(source);
    expect(report.findings[0]!.reason).toBe("the file already imports its own 'useGlobalState' from './store'");
  });

  it('keeps react imports still in use, removing only the dead specifiers', async () => {
    const { text } = await rewrite(
      'C.tsx',
      tsx(`  const [v, setV] = useState();\n  const [n] = useState(0);\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`, "import { useEffect, useMemo, useState } from 'react';"),
    );
    expect(text).toContain("import { useMemo, useState } from 'react';");
  });

  it('keeps CRLF line endings', async () => {
    const crlf = (text: string) => text.split('\n').join('\r\n');
    const { code, text } = await rewrite('C.tsx', crlf(tsx(`  const [v, setV] = useState();\n\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);\n`)));
    expect(code).toBe(0);
    expect(text).toBe(crlf(tsx(`  const [v] = useGlobalState('k');\n`, "import { useGlobalState } from '@mfe/universal-state/react';")));
  });

  it('writes useValtioGlobalState with --react-hook=useValtioGlobalState', async () => {
    const { text } = await rewrite('C.tsx', tsx(`  const [v, setV] = useState();\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`), ['--react-hook=useValtioGlobalState']);
    expect(text).toContain("const [v] = useValtioGlobalState('k');");
    expect(text).toContain("import { useValtioGlobalState } from '@mfe/universal-state/react';");
  });

  it('works on plain .jsx and on two components in one file', async () => {
    const one = (name: string, key: string) => `export function ${name}({ m }) {\n  const [v, setV] = useState(m.get('${key}'));\n  useEffect(() => m.subscribe('${key}', setVFrom(setV)), []);\n  return v;\n}\n`;
    const mirror = (name: string, key: string) => `export function ${name}({ m }) {\n  const [v, setV] = useState(m.get('${key}'));\n  useEffect(() => m.subscribe('${key}', (x) => setV(x)), []);\n  return v;\n}\n`;
    const { text, report } = await rewrite('C.jsx', `import { useEffect, useState } from 'react'\n\n${mirror('A', 'a')}\n${one('B', 'b')}`);
    expect(report.findings.map((f) => [f.line, f.rule, !!f.fix])).toEqual([
      [5, 'react-subscribe-mirror', true],
      [11, 'manual-subscribe', false],
    ]);
    // No semicolons in the source: none in the added import either; useState is still used by B.
    expect(text.split('\n').slice(0, 2)).toEqual(["import { useEffect, useState } from 'react'", "import { useGlobalState } from '@mfe/universal-state/react'"]);
    expect(text).toContain("const [v] = useGlobalState('a');");
  });

  it.each([
    ['the cleanup does not unsubscribe', `  const [v, setV] = useState();\n  useEffect(() => {\n    const off = m.subscribe('k', (x) => setV(x));\n  }, []);`, /cleanup does not call exactly the unsubscribe functions/],
    ['the unsubscribe is used elsewhere', `  const [v, setV] = useState();\n  useEffect(() => {\n    const off = m.subscribe('k', (x) => setV(x));\n    (window as any).off = off;\n    return off;\n  }, []);`, /does other work/],
    ['the key is computed', `  const [v, setV] = useState();\n  useEffect(() => m.subscribe(\`k-\${1}\`, (x) => setV(x)), []);`, /key is not a string literal/],
    ['the callback reads the event', `  const [v, setV] = useState();\n  useEffect(() => m.subscribe('k', (x, e) => { setV(x); console.log(e); }), []);`, /does more than copy/],
    ['the initial value comes from another key', `  const [v, setV] = useState(m.get('other'));\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`, /starts from a value other than/],
    ['the initial value comes from another manager', `  const [v, setV] = useState(n.get('k'));\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`, /starts from a value other than/],
    ['two keys feed one state', `  const [v, setV] = useState();\n  useEffect(() => {\n    const a = m.subscribe('a', (x) => setV(x));\n    const b = m.subscribe('b', (x) => setV(x));\n    return () => { a(); b(); };\n  }, []);`, /two subscriptions write 'setV'/],
  ])('refuses when %s, and changes nothing', async (_what, body, reason) => {
    const source = tsx(body);
    const { code, text, report } = await rewrite('C.tsx', source);
    expect(code).toBe(1);
    expect(text).toBe(source);
    expect(report.findings.some((f) => reason.test(f.reason ?? ''))).toBe(true);
  });

  it('ignores observables (one-argument subscribe) and vanilla subscriptions outside effects', async () => {
    const dir = await tempTree({
      'rx.tsx': tsx(`  const [v, setV] = useState();\n  useEffect(() => { const s = stream.subscribe((x: unknown) => setV(x)); return () => s.unsubscribe(); }, []);`, "import { useEffect, useState } from 'react';\ndeclare const stream: any;"),
      'vanilla.ts': "export function start(m: any, el: HTMLElement) {\n  return m.subscribe('theme', (t: string) => { el.className = t; });\n}\n",
    });
    const res = await run(['migrate', '--check', dir]);
    expect(res.code).toBe(0);
  });
});

describe('Vue mirrors', () => {
  const sfc = (script: string, template = '<p>{{ v }}</p>') => `<script setup lang="ts">\nimport { onBeforeUnmount, onMounted, onUnmounted, ref } from 'vue';\nconst props = defineProps<{ m: any }>();\n${script}\n</script>\n\n<template>\n  ${template}\n</template>\n`;

  it('keeps other work in onMounted and removes only the subscription', async () => {
    const { code, text } = await rewrite(
      'C.vue',
      sfc(`const v = ref();\nlet off: (() => void) | undefined;\nonMounted(() => {\n  console.log('mounted');\n  off = props.m.subscribe('k', (x: unknown) => (v.value = x));\n});\nonBeforeUnmount(() => off && off());`),
    );
    expect(code).toBe(0);
    expect(text).toContain("onMounted(() => {\n  console.log('mounted');\n});");
    expect(text).toContain("const { value: v } = useValtioGlobalStateVue('k');");
    expect(text).not.toMatch(/onBeforeUnmount|off/);
    expect(text).toContain("import { onMounted } from 'vue';");
  });

  it('accepts `if (off) { off(); }` cleanups in setup()', async () => {
    const source = `<script lang="ts">\nimport { defineComponent, onMounted, onUnmounted, ref } from 'vue';\nexport default defineComponent({\n  props: { m: Object },\n  setup(props: any) {\n    const v = ref(props.m.get('k'));\n    let off = null;\n    onMounted(() => {\n      off = props.m.subscribe('k', (x: unknown) => {\n        v.value = x;\n      });\n    });\n    onUnmounted(() => {\n      if (off) {\n        off();\n      }\n    });\n    return { v };\n  },\n});\n</script>\n`;
    const { code, text } = await rewrite('C.vue', source);
    expect(code).toBe(0);
    expect(text).toContain("    const { value: v } = useValtioGlobalStateVue('k');\n    return { v };");
    expect(text).toContain("import { defineComponent } from 'vue';");
  });

  it.each([
    ['the script writes the ref', `const v = ref();\nlet off: any;\nonMounted(() => { off = props.m.subscribe('k', (x: unknown) => (v.value = x)); });\nonUnmounted(() => off());\nfunction reset() { v.value = 0; }`, '<p>{{ v }}</p>', /also written outside the subscription/],
    ['the script mutates the ref value', `const v = ref();\nlet off: any;\nonMounted(() => { off = props.m.subscribe('k', (x: unknown) => (v.value = x)); });\nonUnmounted(() => off());\nfunction add() { v.value.push(1); }`, '<p>{{ v }}</p>', /also written outside the subscription/],
    ['the template writes the ref', `const v = ref();\nlet off: any;\nonMounted(() => { off = props.m.subscribe('k', (x: unknown) => (v.value = x)); });\nonUnmounted(() => off());`, '<button @click="v++">{{ v }}</button>', /the template writes 'v'/],
    ['nothing unsubscribes', `const v = ref();\nlet off: any;\nonMounted(() => { off = props.m.subscribe('k', (x: unknown) => (v.value = x)); });`, '<p>{{ v }}</p>', /no onUnmounted cleanup calls 'off'/],
    ['the ref starts elsewhere', `const v = ref(0);\nlet off: any;\nonMounted(() => { off = props.m.subscribe('k', (x: unknown) => (v.value = x)); });\nonUnmounted(() => off());`, '<p>{{ v }}</p>', /starts from a value other than/],
  ])('refuses when %s', async (_what, script, template, reason) => {
    const source = sfc(script, template);
    const { code, text, report } = await rewrite('C.vue', source);
    expect(code).toBe(1);
    expect(text).toBe(source);
    expect(report.findings.map((f) => f.reason).join('\n')).toMatch(reason);
  });
});

describe('lifecycle methods', () => {
  it('reports subscriptions in Options API and class lifecycle methods, and leaves them', async () => {
    const dir = await tempTree({
      'Options.vue': `<script>\nexport default {\n  data: () => ({ theme: null }),\n  mounted() {\n    this.off = this.$services.stateManager.subscribe('theme', (v) => { this.theme = v; });\n  },\n  beforeUnmount() { this.off(); },\n};\n</script>\n`,
      'Legacy.jsx': `import { Component } from 'react';\nexport class Legacy extends Component {\n  componentDidMount() {\n    this.off = this.props.m.subscribe('user', (user) => this.setState({ user }));\n  }\n  render() { return null; }\n}\n`,
    });
    const before = await readTree(dir);
    const res = await run(['migrate', '--write', dir, '--json']);
    expect(res.code).toBe(1);
    const findings = JSON.parse(res.out).findings as { file: string; line: number; rule: string; message: string; reason: string }[];
    expect(findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`)).toEqual([
      "Legacy.jsx:4 manual-subscribe subscribe('user') in componentDidMount()",
      "Options.vue:5 manual-subscribe subscribe('theme') in mounted()",
    ]);
    expect(findings[1]!.reason).toContain('setup() with useValtioGlobalStateVue');
    expect(await readTree(dir)).toEqual(before);
  });
});

describe('tree walking and notes', () => {
  it('skips node_modules, dist and dot-directories', async () => {
    const legacy = tsx(`  const [v, setV] = useState();\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`);
    const dir = await tempTree({ 'node_modules/x/C.tsx': legacy, 'dist/C.tsx': legacy, '.cache/C.tsx': legacy, 'src/types.d.ts': 'export {};\n' });
    await mkdir(join(dir, 'empty'));
    const res = await run(['migrate', '--check', dir]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^0 files scanned/);
  });

  it('notes when no setGlobalStateManager call hands the hooks their manager', async () => {
    const { report } = await rewrite('C.tsx', tsx(`  const [v, setV] = useState();\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`));
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).toMatch(/setGlobalStateManager or setGlobalValtioStateManagerReact\(manager\); no call was found/);
  });

  it('does not note it when the MFE mounts with setGlobalStateManager', async () => {
    const dir = await tempTree({
      'C.tsx': tsx(`  const [v, setV] = useState();\n  useEffect(() => m.subscribe('k', (x) => setV(x)), []);`),
      'mount.ts': "import { setGlobalStateManager } from '@mfe/universal-state/react';\nexport const mount = (m: any) => setGlobalStateManager(m);\n",
    });
    await writeFile(join(dir, 'x.ts'), 'export {};\n');
    const res = await run(['migrate', '--write', dir, '--json']);
    expect(JSON.parse(res.out).notes).toEqual([]);
  });
});
