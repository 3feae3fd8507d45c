/** The library build of @axplain/web (`pnpm --filter @axplain/web build`): ES module, compile worker emitted beside it, Node code refused. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { browserOnly } from './build/browser-only.js';

export default defineConfig({
  plugins: [browserOnly()],
  resolve: { conditions: ['source', 'browser', 'module', 'import', 'default'] },
  worker: { format: 'es', plugins: () => [browserOnly()] },
  build: {
    lib: { entry: fileURLToPath(new URL('./src/index.ts', import.meta.url)), formats: ['es'], fileName: 'index' },
    rollupOptions: { external: ['onnxruntime-web'] },
    target: 'es2022', outDir: 'dist', emptyOutDir: true,
  },
});
