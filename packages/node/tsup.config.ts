import { defineConfig } from 'tsup';
import base from '../../tsup.config.js';

// The node package also ships the `axplain` CLI as an executable ESM entry.
export default defineConfig([
  { ...(base as object), entry: ['src/index.ts'] },
  { ...(base as object), entry: { 'cli/main': 'src/cli/main.ts' }, format: ['esm'], dts: false, clean: false },
]);
