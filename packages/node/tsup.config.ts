import { defineConfig } from 'tsup';
import base from '../../tsup.config.js';

// The node package also ships the `axplain` CLI as an executable ESM entry.
export default defineConfig([
  { ...(base as object), entry: ['src/index.ts'] },
  { ...(base as object), entry: { 'cli/main': 'src/cli/main.ts' }, format: ['esm'], dts: false, clean: false },
  // `axplain evaluate --workers K`: the worker thread's entry, next to the CLI it is started from.
  { ...(base as object), entry: { 'cli/evaluate-worker': 'src/cli/evaluate/worker.ts' }, format: ['esm'], dts: false, clean: false },
  // `@axplain/node/cli`: the program as a library (tests and embedders run it in-process).
  { ...(base as object), entry: { 'cli/index': 'src/cli/index.ts' }, format: ['esm'], clean: false },
]);
