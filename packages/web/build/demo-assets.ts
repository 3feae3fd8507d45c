/**
 * The demo's assets, served in development and copied into the static build: the bundled
 * models (`/models/<name>/model.onnx`, `card.json`, a text model's `vocab.json`), the sample images (`/models/samples/...`),
 * onnxruntime-web's loader and wasm (`/ort/`) and the virtual module `virtual:axplain-demo-assets`
 * listing the models, the text models among them and the samples (every folder of models/ with a
 * model.onnx; a text model's folder also has a vocab.json).
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

const VIRTUAL = 'virtual:axplain-demo-assets';

/** onnxruntime-web's dist folder. */
export function ortDist(): string {
  return dirname(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm'));
}

/** The files the demo serves: URL path (no leading slash) -> file on disk. */
export function demoFiles(modelsDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of modelNames(modelsDir)) {
    files.set(`models/${name}/model.onnx`, join(modelsDir, name, 'model.onnx'));
    for (const f of ['card.json', 'vocab.json']) if (existsSync(join(modelsDir, name, f))) files.set(`models/${name}/${f}`, join(modelsDir, name, f));
  }
  for (const s of sampleNames(modelsDir)) files.set(`models/samples/${s}.png`, join(modelsDir, 'samples', `${s}.png`));
  // onnxruntime-web's loader and wasm, served apart from the app bundle: its wasm threads start
  // workers from the loader's own URL (a bundled loader would start the whole app in them).
  const dist = ortDist();
  for (const f of ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm']) files.set(`ort/${f}`, join(dist, f));
  return files;
}

/** Every folder of models/ holding a model.onnx, sorted. */
export function modelNames(modelsDir: string): string[] {
  return readdirSync(modelsDir).filter((d) => existsSync(join(modelsDir, d, 'model.onnx'))).sort();
}

/** The model folders that hold a text model (a vocab.json beside the model.onnx). */
export function textModelNames(modelsDir: string): string[] {
  return modelNames(modelsDir).filter((d) => existsSync(join(modelsDir, d, 'vocab.json')));
}

/** Sample images under models/samples as 'mnist/digit-7' (PNG files directly in a subfolder). */
export function sampleNames(modelsDir: string): string[] {
  const root = join(modelsDir, 'samples');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const d of readdirSync(root).sort()) {
    const dir = join(root, d);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) if (extname(f) === '.png') out.push(relative(root, join(dir, f)).split(sep).join('/').replace(/\.png$/, ''));
  }
  return out;
}

const TYPES: Record<string, string> = { '.onnx': 'application/octet-stream', '.json': 'application/json', '.png': 'image/png', '.wasm': 'application/wasm', '.mjs': 'text/javascript' };

/**
 * The plugin.
 * @example plugins: [demoAssets({ modelsDir: '/repo/models' })]
 */
export function demoAssets(options: { modelsDir: string }): Plugin {
  const files = () => demoFiles(options.modelsDir);
  const middleware = (): Connect.NextHandleFunction => {
    const table = files();
    return (req, res, next) => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!).replace(/^\/+/, '');
      const file = table.get(path);
      if (!file) return next();
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      // Scripts that start wasm threads' workers must be isolated like the page.
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      createReadStream(file).pipe(res);
    };
  };
  return {
    name: 'axplain:demo-assets',
    resolveId(id) { return id === VIRTUAL ? `\0${VIRTUAL}` : null; },
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      return `export const models = ${JSON.stringify(modelNames(options.modelsDir))};\nexport const textModels = ${JSON.stringify(textModelNames(options.modelsDir))};\nexport const samples = ${JSON.stringify(sampleNames(options.modelsDir))};\n`;
    },
    configureServer(server) { server.middlewares.use(middleware()); },
    configurePreviewServer(server) { server.middlewares.use(middleware()); },
    generateBundle() {
      for (const [path, file] of files()) this.emitFile({ type: 'asset', fileName: path, source: readFileSync(file) });
    },
  };
}
