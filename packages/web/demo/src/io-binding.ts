/**
 * What a CPU round trip costs per step of an iterative method on WebGPU: the gradient graph of
 * `?model=` (default mnist-mlp) run `?runs=` times (default 20) with its logits and gradient
 * read back to the CPU (what `GradientModel.vjp` does today), and with them left on the GPU
 * (`preferredOutputLocation: 'gpu-buffer'`, onnxruntime-web's IO binding; one download at the
 * end, as an attack kept on the GPU would do). Publishes milliseconds per run in
 * `window.ioBinding` and `document.body.dataset.status`.
 */
import { compileGradient } from '@axplain/ort';
import * as ort from 'onnxruntime-web';

const BASE = import.meta.env.BASE_URL;
const url = (path: string) => new URL(`${BASE}${path}`, document.baseURI).href;

async function main(): Promise<void> {
  document.body.dataset.status = 'running';
  const params = new URLSearchParams(location.search);
  const name = params.get('model') ?? 'mnist-mlp', runs = Number(params.get('runs') ?? 20), batch = Number(params.get('batch') ?? 1);
  try {
    ort.env.wasm.wasmPaths = url('ort/');
    const bytes = new Uint8Array(await (await fetch(url(`models/${name}/model.onnx`))).arrayBuffer());
    const g = compileGradient(bytes, { wrt: 'input', of: 'logits' });
    const feeds = () => ({
      input: new ort.Tensor('float32', Float32Array.from({ length: batch * 784 }, (_, i) => (i % 7) / 7), [batch, 1, 28, 28]),
      [g.cotangentInput]: new ort.Tensor('float32', Float32Array.from({ length: batch * 10 }, (_, i) => (i % 10 === 3 ? 1 : 0)), [batch, 10]),
    });
    const time = async (session: ort.InferenceSession, read: (out: ort.InferenceSession.OnnxValueMapType) => Promise<unknown>, perRun: boolean) => {
      await read(await session.run(feeds())); // warm-up
      const t0 = performance.now();
      let last: ort.InferenceSession.OnnxValueMapType | undefined;
      for (let i = 0; i < runs; i++) {
        last = await session.run(feeds());
        if (perRun) await read(last);
      }
      if (!perRun) await read(last!);
      return (performance.now() - t0) / runs;
    };
    const download = (out: ort.InferenceSession.OnnxValueMapType) => Promise.all(Object.values(out).map((t) => (t as ort.Tensor).getData(true)));
    const cpu = await ort.InferenceSession.create(g.bytes, { executionProviders: ['webgpu'] });
    const readBack = await time(cpu, async (out) => Object.values(out).map((t) => (t as ort.Tensor).data), true);
    await cpu.release();
    const gpu = await ort.InferenceSession.create(g.bytes, { executionProviders: ['webgpu'], preferredOutputLocation: 'gpu-buffer' });
    const onGpu = await time(gpu, download, false);
    const onGpuEach = await time(gpu, download, true);
    await gpu.release();
    (window as unknown as { ioBinding: unknown }).ioBinding = { model: name, runs, batch, readBackMs: readBack, gpuBufferMs: onGpu, gpuBufferDownloadEachMs: onGpuEach };
    document.querySelector('#log')!.textContent = JSON.stringify((window as unknown as { ioBinding: unknown }).ioBinding, null, 2);
    document.body.dataset.status = 'done';
  } catch (e) {
    document.body.dataset.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    document.body.dataset.status = 'error';
  }
}

void main();
