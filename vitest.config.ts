import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// Tests run against the packages' TypeScript sources, never against stale builds.
const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@axplain/node/cli': fileURLToPath(new URL('./packages/node/src/cli/index.ts', import.meta.url)),
      '@axplain/core/testing': fileURLToPath(new URL('./packages/core/src/testing/index.ts', import.meta.url)),
      '@axplain/core': src('core'),
      '@axplain/onnx': src('onnx'),
      '@axplain/ort': src('ort'),
      '@axplain/node': src('node'),
      '@axplain/metrics': src('metrics'),
      '@axplain/web': src('web'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // test/full/ holds the long runs behind `pnpm test:full` (vitest.full.config.ts), never the default suite.
    exclude: [...configDefaults.exclude, 'test/full/**'],
    setupFiles: ['test/support/yield-to-runner.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
