/**
 * Exposes PGD-Linf to a driver (the e2e test, `pnpm bench:web:io`) as `window.axplainPgd`:
 * `onDevice` runs `pgdOnDevice` (the step graph; on WebGPU the iterate stays in a GPU buffer, or
 * is read back every step with `keepOnDevice: false`), `core` runs core's `pgd` on a WebGPU/wasm
 * `GradientModel` (logits and gradient read back every step) with the same settings. Sets
 * `document.body.dataset.status` to 'ready' once the model bytes are fetched.
 */
import { pgd } from '@axplain/core';
import { loadModel, type OnDevicePgdOptions, pgdOnDevice } from '@axplain/web';
import * as ort from 'onnxruntime-web';

const BASE = import.meta.env.BASE_URL;
const url = (path: string) => new URL(`${BASE}${path}`, document.baseURI).href;

interface Run { x: number[]; shape: number[]; options: OnDevicePgdOptions }
interface Out { adversarial: number[]; msPerStep: number; location?: string; executionProvider: string }

async function main(): Promise<void> {
  try {
    ort.env.wasm.wasmPaths = url('ort/');
    const name = new URLSearchParams(location.search).get('model') ?? 'mnist-mlp';
    const bytes = new Uint8Array(await (await fetch(url(`models/${name}/model.onnx`))).arrayBuffer());
    const onDevice = async ({ x, shape, options }: Run): Promise<Out> => {
      const r = await pgdOnDevice(bytes, { data: Float32Array.from(x), shape }, options);
      return { adversarial: Array.from(r.adversarial.data), msPerStep: r.msPerStep, location: r.location, executionProvider: r.executionProvider };
    };
    const core = async ({ x, shape, options }: Run): Promise<Out> => {
      const model = await loadModel(bytes, { executionProviders: [options.executionProvider as 'webgpu' | 'wasm'] });
      try {
        const tensor = { data: Float32Array.from(x), shape };
        const steps = options.steps ?? 40;
        const settings = {
          norm: 'linf', eps: options.eps, stepSize: options.stepSize, randomStart: false, earlyStop: false,
          targeted: options.targeted, target: typeof options.target === 'number' ? options.target : [...options.target], box: options.box,
        } as const;
        for (let w = 0; w < (options.warmupSteps ?? 0); w++) await pgd(model, tensor, { ...settings, steps: 1 }); // as the step graph's warm-up
        const t0 = performance.now();
        const r = await pgd(model, tensor, { ...settings, steps });
        return { adversarial: Array.from(r.adversarial.data), msPerStep: (performance.now() - t0) / Math.max(steps, 1), executionProvider: model.executionProvider };
      } finally {
        await model.dispose();
      }
    };
    (window as unknown as { axplainPgd: unknown }).axplainPgd = { onDevice, core };
    document.body.dataset.status = 'ready';
  } catch (e) {
    document.body.dataset.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    document.body.dataset.status = 'error';
  }
}

void main();
