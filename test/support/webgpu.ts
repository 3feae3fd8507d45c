/**
 * WebGPU for tests on machines without a GPU: onnxruntime-node's WebGPU EP runs on SwiftShader
 * (Chromium's software Vulkan) when VK_ICD_FILENAMES points at an ICD file whose library path is
 * absolute. `webgpu(what)` is the gate of the WebGPU tests: it sets SwiftShader up, then checks the
 * EP really starts (a tiny model loaded with executionProviders ['webgpu'] runs, placed on WebGPU),
 * not merely that files exist. Outside CI an unavailable EP skips with one line; under CI it fails.
 */
import { loadModel, Rng, runtimeShape } from '@axplain/node';
import { compile, encodeModel, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { type Requirement, requirement } from './requirement.js';
import { setupSwiftShader } from './swiftshader.js';
import { relMaxDiff, runModel } from './run-model.js';

/** y = x W + b with W [4, 3]: the smallest model that exercises a WebGPU kernel. */
function tinyModel(): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  b.output(b.node('Add', [b.node('MatMul', [b.input('x', [1, 4]), b.initializer('w', [4, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1])]), b.initializer('b', [3], [0.5, -0.5, 0])]));
  return encodeModel(b.build());
}

let probe: Promise<string | undefined> | undefined;

/** Undefined when the WebGPU EP starts and computes y = x W + b right, else why not. */
export function webgpuUnavailable(): Promise<string | undefined> {
  return (probe ??= (async () => {
    const vk = setupSwiftShader();
    if (!vk.ok) return vk.reason;
    try {
      const m = await loadModel(tinyModel(), { executionProviders: ['webgpu'] });
      try {
        if (m.executionProvider !== 'webgpu') return `the WebGPU EP did not start (the model runs on '${m.executionProvider}')`;
        const y = (await m.logits({ data: Float32Array.of(1, 2, 3, 4), shape: [1, 4] })).data;
        const want = [5.5, 5.5, 7];
        if (want.some((v, i) => Math.abs(y[i]! - v) > 1e-4)) return `the WebGPU EP started but computed [${[...y].join(', ')}] instead of [${want.join(', ')}]`;
      } finally {
        await m.dispose();
      }
      return undefined;
    } catch (e) {
      return `the WebGPU EP cannot start here: ${(e as Error).message.split('\n')[0]}`;
    }
  })());
}

/** The gate of WebGPU tests (see requirement.ts): runs them, skips with one line, or fails under CI. */
export async function webgpu(what: string): Promise<Requirement> {
  return requirement(what, await webgpuUnavailable());
}

/** Runs a model's gradient graph on the CPU and WebGPU EPs with one seeded cotangent: per gradient, relative max difference and CPU norm. */
export async function compareEps(
  model: ModelProto, feeds: Record<string, Float32Array>, dims: Record<string, number[]>, of?: string, wrt?: string[],
) {
  // portable: the forms the WebGPU EP implements (it rejects MaxPool's Indices output).
  const res = compile(model, { of, wrt, portable: true });
  const rng = new Rng(11);
  const outDims = await runtimeShape(model, res.of, feeds, (n) => dims[n]!, { executionProviders: ['cpu'] });
  const all = {
    ...Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, { data: v, dims: dims[k]! }])),
    [res.cotangentInput]: { data: rng.fillNormal(outDims.reduce((a, b) => a * b, 1)), dims: outDims },
  };
  const cpu = await runModel(res.model, all, 'cpu');
  const web = await runModel(res.model, all, 'webgpu');
  return res.gradOutputs.map((g) => ({ name: g, diff: relMaxDiff(cpu[g]!, web[g]!), norm: Math.sqrt(cpu[g]!.reduce((a, v) => a + v * v, 0)) }));
}
