/**
 * The demo page: `pnpm demo:web` serves it (port from PORT, default 5173); `vite build` gives a
 * static site in packages/web/demo/dist. Cross-origin isolated (COOP/COEP) so wasm can use threads.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { browserOnly } from '../build/browser-only.js';
import { demoAssets } from '../build/demo-assets.js';
import { readmeExample } from '../build/readme-example.js';

const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const port = Number(process.env.PORT ?? 5173);

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [
    browserOnly(), demoAssets({ modelsDir: fileURLToPath(new URL('../../../models', import.meta.url)) }),
    readmeExample({ readme: fileURLToPath(new URL('../../../README.md', import.meta.url)) }),
  ],
  // onnxruntime-web without its wasm loader inlined: the page serves it under /ort/ (wasmPaths).
  resolve: { conditions: ['source', 'onnxruntime-web-use-extern-wasm', 'browser', 'module', 'import', 'default'] },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es', plugins: () => [browserOnly()] },
  server: { port, strictPort: false, headers: isolated },
  preview: { port, headers: isolated },
  build: {
    outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000,
    // the demo, a page running the README's browser example as written (the e2e tests open both) , the IO-binding measurement (pnpm bench:web:io) and PGD kept on the GPU (its e2e test)
    rollupOptions: { input: { main: fileURLToPath(new URL('index.html', import.meta.url)), readme: fileURLToPath(new URL('readme-example.html', import.meta.url)), io: fileURLToPath(new URL('io-binding.html', import.meta.url)), pgd: fileURLToPath(new URL('pgd-on-device.html', import.meta.url)) } },
  },
});
