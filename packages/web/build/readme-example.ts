/**
 * The README's browser example as a module (`virtual:axplain-readme-example`), so the demo build
 * carries a page that runs it exactly as written (packages/web/demo/readme-example.html) and the
 * e2e tests can check it in Chromium.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import type { Plugin } from 'vite';

const VIRTUAL = 'virtual:axplain-readme-example';

/** The ```ts block after `<!-- example:web-api -->` in `readme`; throws when it is missing. */
export function readmeWebExample(readme: string): string {
  const block = /<!-- example:web-api[^>]*-->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md: no ```ts block after <!-- example:web-api -->');
  return block;
}

/** @example plugins: [readmeExample({ readme: '/repo/README.md' })] */
export function readmeExample(options: { readme: string }): Plugin {
  return {
    name: 'axplain:readme-example',
    resolveId(id) { return id === VIRTUAL ? `\0${VIRTUAL}` : null; },
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      this.addWatchFile(options.readme);
      // The block is TypeScript; a virtual module is served as JavaScript.
      const source = readmeWebExample(readFileSync(options.readme, 'utf8'));
      return ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    },
  };
}
