/**
 * `axplain evaluate --model M --dataset mnist|fashion|decoy|canvas|folder:DIR --methods a,b
 * --metrics x,y [--limit N] [--seed S] [--target predicted|label] [--set NAME.KEY=VALUE ...]
 * [--workers K] [--job-size J] [--restart] --out DIR`: measures explanation methods with the
 * metrics of `@axplain/metrics` over a dataset. Writes DIR/results.json (per method and metric:
 * mean, 95% CI, n, per-sample values), results.md, results.csv, samples.csv and PNG plots. The
 * work is journalled per job in DIR/journal.jsonl: the same command started again after Ctrl-C or
 * a kill continues, and ends with exactly the numbers of an uninterrupted run, whatever --workers.
 * With --queue redis://host:port the jobs run on `axplain worker` processes instead (BullMQ on
 * Redis; see evaluate/queue-submit.ts), with the same journal and the same results.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPLANATION_METHOD_NAMES } from '@axplain/core';
import { METRIC_NAMES } from '@axplain/metrics';
import { type Command, Option } from 'commander';
import { checkNeeds, resolveChoices } from './evaluate/choices.js';
import { DATASET_ABOUT, datasetName, datasetRef, hasRegions, loadEvalData } from './evaluate/data.js';
import { dataHash } from './evaluate/environment.js';
import { openJournal } from './evaluate/journal.js';
import { runJobs } from './evaluate/pool.js';
import { checkRedis } from './evaluate/queue-common.js';
import { runOnQueue } from './evaluate/queue-submit.js';
import { parseQueueUrl } from './evaluate/queue-url.js';
import { writePlots } from './evaluate/plots.js';
import { resultsMarkdown, summarise, writeResults } from './evaluate/results.js';
import { jobsOf, type RunSpec, sha256 } from './evaluate/spec.js';
import { choice, commaList, epOption, flag, modelOption, preprocessOption, seedOption, wholeNumber } from './flags.js';
import { openModel } from './open-model.js';
import { progressBar } from './progress.js';
import { CliError, interruptSignal } from './run.js';

interface EvaluateFlags {
  model: string; dataset: string; methods: string[]; metrics: string[]; limit?: number; seed: number; target: 'predicted' | 'label';
  set: string[]; workers: number; jobSize: number; restart?: boolean; out: string; ep: string[]; preprocess?: string; queue?: string;
}

/** Versions of axplain and onnxruntime-node, for the results' header. */
function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@axplain/node') { out.axplain = pkg.version ?? '?'; break; }
    } catch { /* keep climbing */ }
  }
  try {
    out['onnxruntime-node'] = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
  } catch { out['onnxruntime-node'] = '?'; }
  out.node = process.version;
  return out;
}

const datasetHelp = `${Object.entries(DATASET_ABOUT).map(([k, v]) => `${k}: ${v}`).join('; ')}; folder:DIR: images labelled by file name ('3_x.png') or subfolder ('3/x.png'), with optional DIR/boxes.json { "<path in DIR>": [x0, y0, x1, y1] } in model-input pixels`;

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('Measure explanation methods with faithfulness, robustness, randomisation, complexity, localisation and alignment metrics over a dataset; resumable.')
    .addOption(modelOption())
    .requiredOption('--dataset <name>', datasetHelp)
    .addOption(flag('--methods <list>', `comma list of methods: ${EXPLANATION_METHOD_NAMES.join(', ')}`, commaList(choice('--methods', EXPLANATION_METHOD_NAMES, 'method'))).makeOptionMandatory())
    .addOption(flag('--metrics <list>', `comma list of metrics: ${METRIC_NAMES.join(', ')}`, commaList(choice('--metrics', METRIC_NAMES, 'metric'))).makeOptionMandatory())
    .requiredOption('--out <dir>', 'folder for results.json, results.md, results.csv, samples.csv, the plots and the journal')
    .addOption(flag('--limit <n>', 'evaluate only the first n samples', wholeNumber('--limit', { min: 1 })))
    .addOption(seedOption('run seed; each sample, method and metric draws from a seed derived from it'))
    .addOption(flag('--target <which>', "class explained and scored: 'predicted' or 'label'", choice('--target', ['predicted', 'label'] as const, 'target'), 'predicted'))
    .addOption(new Option('--set <name.key=value>', "a method's or metric's option, e.g. ig.steps=32 or deletion.steps=10 (repeatable)").argParser((v: string, prev: string[] = []) => [...prev, v]).default([]))
    .addOption(flag('--workers <k>', 'worker threads, each with its own model session (results do not depend on it)', wholeNumber('--workers', { min: 1, max: 64 }), 1))
    .option('--queue <url>', 'run the jobs on `axplain worker` processes through Redis: redis://[user:password@]host[:port][/db] or rediss://... (TLS)')
    .addOption(flag('--job-size <j>', 'samples per journalled job', wholeNumber('--job-size', { min: 1 }), 8))
    .option('--restart', 'discard a journal of another (or the same) command in --out and start again')
    .addOption(epOption())
    .addOption(preprocessOption())
    .action(async (flags: EvaluateFlags, cmd: Command) => {
      const t0 = performance.now();
      if (!flags.methods.length) throw new CliError('--methods: give at least one method');
      if (!flags.metrics.length) throw new CliError('--metrics: give at least one metric');
      const queue = flags.queue === undefined ? undefined : parseQueueUrl(flags.queue);
      if (queue && cmd.getOptionValueSource('workers') === 'cli') throw new CliError('--workers: not used with --queue (the workers are `axplain worker` processes; give them --concurrency)');
      const choices = resolveChoices(flags.methods, flags.metrics, flags.set);
      const ref = datasetRef(flags.dataset);
      const name = datasetName(ref);
      checkNeeds(flags.metrics, name, hasRegions(ref));
      if (queue) await checkRedis(queue); // an unreachable Redis or a wrong password: one line before any model loads
      const { model, spec: preprocess } = await openModel({ ...flags, labels: undefined });
      let spec: RunSpec;
      try {
        const data = await loadEvalData(ref, model.inputShape, model.classes, preprocess, flags.limit);
        if (data.n === 0) throw new CliError(`--dataset: ${name} has no samples to evaluate`);
        spec = {
          model: { path: flags.model, sha256: sha256(readFileSync(flags.model)) }, executionProviders: flags.ep, preprocess, dataset: ref,
          samples: data.n, dataSha256: dataHash(data), target: flags.target, seed: flags.seed, ...choices, jobSize: flags.jobSize,
        };
      } finally {
        await model.dispose();
      }
      mkdirSync(flags.out, { recursive: true });
      const journal = openJournal(flags.out, spec, flags.restart);
      const jobs = jobsOf(spec);
      const pending = jobs.filter((j) => !journal.done.has(j.index));
      let doneSamples = jobs.filter((j) => journal.done.has(j.index)).reduce((s, j) => s + j.end - j.start, 0);
      const resumed = doneSamples;
      const bar = progressBar('evaluate {bar} {value}/{total} samples');
      const signal = interruptSignal();
      try {
        if (queue) {
          await runOnQueue(spec, pending, queue, {
            signal,
            onJob: (job, records) => { journal.append(job, records); bar.update((doneSamples += records.length), spec.samples); },
            onRunning: (samples) => bar.update(doneSamples + samples, spec.samples),
            log: (line) => process.stderr.write(`axplain evaluate: ${line}\n`),
          });
        } else {
          await runJobs(spec, pending, flags.workers, {
            signal,
            onJob: (job, records) => journal.append(job, records),
            onSample: () => bar.update(++doneSamples, spec.samples),
          });
        }
      } catch (e) {
        bar.stop();
        if ((e as Error)?.name === 'AbortError' && signal.aborted) {
          const kept = [...journal.done.values()].reduce((s, r) => s + r.length, 0);
          process.stderr.write(`axplain: interrupted; ${kept} of ${spec.samples} samples are kept in ${journal.path}; run the same command to continue\n`);
          process.exitCode = 130;
          return;
        }
        throw e;
      } finally {
        journal.close();
      }
      bar.stop();
      const records = jobs.flatMap((j) => journal.done.get(j.index)!);
      const header = {
        command: (queue?.redact ?? String)(['axplain', ...((cmd.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs?.slice(2) ?? process.argv.slice(2))].join(' ')),
        model: spec.model, dataset: name, samples: spec.samples, target: spec.target, seed: spec.seed,
        methods: spec.methods, metrics: spec.metrics, versions: versions(),
      };
      const results = summarise(spec, records, header);
      const files = [...writeResults(flags.out, results, records), ...(await writePlots(flags.out, results.results, results.curves))];
      process.stdout.write([
        `evaluated ${spec.samples} samples of ${name} with ${spec.methods.map((m) => m.name).join(', ')} on ${spec.metrics.map((k) => k.name).join(', ')}` +
          `${resumed ? ` (${resumed} from the journal)` : ''} ${queue ? `on the queue at ${queue.display}` : `with ${flags.workers} worker${flags.workers === 1 ? '' : 's'}`}`,
        ...resultsMarkdown(results).split('\n').filter((l) => l.startsWith('|')),
        `wrote ${files.map((f) => join(flags.out, f)).join(', ')}`,
        `time ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      ].join('\n') + '\n');
    });
}
