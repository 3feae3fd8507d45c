/** The README's op table is the registry's (regenerate with `pnpm docs`). */
import { readFileSync } from 'node:fs';
import { supportedOpsMarkdown } from '@axplain/onnx';
import { expect, it } from 'vitest';

it('README lists exactly the ops the registry supports', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(supportedOpsMarkdown());
});
