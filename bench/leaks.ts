/**
 * `pnpm bench:leaks [cycles]`: load -> explain (saliency and 16-step IG) -> dispose, `cycles` times
 * (default 1000) on the bundled MNIST models, with resident memory (RSS) and the number of open
 * handles measured along the way. Flat figures after warm-up mean sessions, tensors and handles
 * are released with the model.
 */
import { integratedGradients, saliency } from '@axplain/core';
import { loadImageTensor, loadModel } from '@axplain/node';

const cycles = Number(process.argv[2] ?? 1000);
const models = ['models/mnist-standard/model.onnx', 'models/mnist-mlp/model.onnx'];
const x = await loadImageTensor(['models/samples/mnist/digit-3.png'], { width: 28, height: 28, channels: 'grey', scale: 1 / 255, mean: [0], std: [1] });
const handles = (): number => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
const mib = (): number => process.memoryUsage().rss / 2 ** 20;
const marks = new Set([10, 100, Math.floor(cycles / 2), cycles]);
const rows: string[] = [];
const t0 = performance.now();
for (let i = 1; i <= cycles; i++) {
  const model = await loadModel(models[i % models.length]!);
  await saliency(model, x, { target: 3 });
  await integratedGradients(model, x, { target: 3, steps: 16 });
  await model.dispose();
  if (marks.has(i)) {
    (globalThis as { gc?: () => void }).gc?.();
    rows.push(`| ${i} | ${mib().toFixed(0)} | ${handles()} |`);
  }
}
console.log(`${cycles} load/explain/dispose cycles in ${((performance.now() - t0) / 1000).toFixed(0)} s (Node ${process.version})`);
console.log('| cycle | RSS (MiB) | open handles |\n|---|---|---|');
console.log(rows.join('\n'));
