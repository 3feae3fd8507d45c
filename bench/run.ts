/**
 * `pnpm bench`: for each zoo-light architecture with random weights, the CPU EP's forward time,
 * the gradient graph's time (forward + input gradient in one run) and their ratio, as medians of
 * several runs. Input gradients should cost about one extra forward: target ratio <= 2.2.
 */
import { compile, encodeModel, Graph } from '@axplain/onnx';
import * as ort from 'onnxruntime-node';
import { loadShared } from '../test/support/shared.js';
import { logitsOf, randomizeWeights, ZOO_LIGHT } from '../test/support/zoo.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(sess: ort.InferenceSession, feeds: Record<string, ort.Tensor>, fetch: string[]): Promise<number> {
  await sess.run(feeds, fetch); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await sess.run(feeds, fetch);
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const rows: string[] = [];
for (const name of ZOO_LIGHT) {
  const model = randomizeWeights(loadShared(`models/zoo-light/${name}.onnx`), 1);
  const of = logitsOf(model);
  const t0 = performance.now();
  const res = compile(model, { of });
  const compileMs = performance.now() - t0;
  const input = res.wrt[0]!;
  const x = new ort.Tensor('float32', Float32Array.from({ length: 3 * 224 * 224 }, (_, i) => (i % 255) / 255), [1, 3, 224, 224]);
  const opts: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], graphOptimizationLevel: 'all', logSeverityLevel: 3 };
  const fwd = await ort.InferenceSession.create(encodeModel(model), opts);
  const grad = await ort.InferenceSession.create(encodeModel(res.model), opts);
  const fwdMs = await time(fwd, { [input]: x }, [model.graph!.output![0]!.name!]);
  // The logits' static shape ([1, 1000] or SqueezeNet's [1, 1000, 1, 1]).
  const ctDims = new Graph(model).info(of).shape.map((d) => (typeof d === 'number' ? d : 1));
  const ct = new ort.Tensor('float32', new Float32Array(ctDims.reduce((a, b) => a * b, 1)).fill(1e-3), ctDims);
  const gradMs = await time(grad, { [input]: x, [res.cotangentInput]: ct }, [res.gradOutputs[0]!]);
  await fwd.release();
  await grad.release();
  rows.push(
    `| ${name} | ${res.forwardNodes} | ${res.totalNodes - res.forwardNodes} | ${compileMs.toFixed(0)} | ${fwdMs.toFixed(1)} | ${gradMs.toFixed(1)} | ${(gradMs / fwdMs).toFixed(2)} |`,
  );
  process.stderr.write(`${name} done\n`);
}
process.stdout.write(
  [
    `CPU EP, batch 1, 224x224, median of ${RUNS} runs (ms); ratio = gradient-graph run / forward run (target <= 2.2)`,
    '| model | forward nodes | gradient nodes | compile ms | forward ms | forward+grad ms | ratio |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n') + '\n',
);
