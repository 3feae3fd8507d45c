/**
 * `axplain explain --model M --features '{"sepal_length": 5.1, ...}' | 'v1,v2,...' | row.csv
 * [--method ig|saliency|gradxinput|kernelshap|lime] [--out bars.png] [--json F|-]`: a tabular
 * model (rows [N, F]; feature names and baseline from card.json beside it) explained feature by
 * feature, printed as a table, drawn as a bar chart PNG.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { featureBars } from '@axplain/core';
import { type Command, Option } from 'commander';
import { writeFileAtomic } from '../io/atomic-write.js';
import { savePng } from '../image/save-png.js';
import { explainFeatures, FEATURE_METHODS, type FeatureMethod, loadTabularModel, parseFeatures } from '../tabular/explain-features.js';
import { CliError } from './run.js';

export interface FeatureFlags {
  model: string; features?: string; out?: string; json?: string; method: string; target: number | 'predicted'; steps?: number; seed: number; maxEvals?: number;
}

export const addFeatureOptions = (cmd: Command): Command =>
  cmd.addOption(new Option('--features <row>', 'tabular models: one row as JSON {"name": value, ...}, a CSV row of values in feature order (optionally under a header line), or a file holding either'));

export async function runExplainFeatures(flags: FeatureFlags): Promise<void> {
  const t0 = performance.now();
  if (!(FEATURE_METHODS as readonly string[]).includes(flags.method)) throw new CliError(`--method: '${flags.method}' is not available for tabular models; choose one of ${FEATURE_METHODS.join(', ')}`);
  if (flags.out !== undefined && !/\.png$/i.test(flags.out)) throw new CliError(`--out: the feature bar chart is a PNG; give a file ending in .png (got '${flags.out}')`);
  if (!existsSync(flags.model)) throw new CliError(`model file '${flags.model}' does not exist`);
  const spec = flags.features!;
  const text = existsSync(spec) && statSync(spec).isFile() ? readFileSync(spec, 'utf8') : spec;
  const tm = await loadTabularModel(flags.model);
  try {
    const values = parseFeatures(text, tm.features);
    const r = await explainFeatures(tm, values, { method: flags.method as FeatureMethod, target: flags.target, steps: flags.steps, maxEvals: flags.maxEvals, seed: flags.seed });
    const name = (c: number) => tm.labels?.[c] ?? String(c);
    const json = { predicted: r.predicted, probabilities: r.probabilities, target: name(r.target), method: r.method, ...(r.delta !== undefined ? { delta: r.delta } : {}), baseline: tm.baseline, features: r.features };
    const title = `${name(r.target).toUpperCase()} - ${r.method.toUpperCase()}`;
    if (flags.out) await savePng(featureBars(r.features, { title }), flags.out);
    if (flags.json === '-') {
      process.stdout.write(JSON.stringify(json) + '\n');
      return;
    }
    if (flags.json) writeFileAtomic(flags.json, JSON.stringify(json) + '\n');
    const w = Math.max(...tm.features.map((f) => f.length));
    const lines = [
      `model ${flags.model}: ${tm.features.length} features, ${r.probabilities.length} classes`,
      `predicted ${r.predicted} with probability ${Math.max(...r.probabilities).toFixed(4)} (${r.probabilities.map((p, c) => `${name(c)} ${p.toFixed(4)}`).join(', ')})`,
      `explained class ${name(r.target)} with ${r.method}${r.delta !== undefined ? ` from the baseline (completeness gap ${r.delta.toExponential(2)})` : ''}:`,
      ...r.features.map((f) => `  ${f.feature.padEnd(w)}  ${String(f.value).padStart(8)}  ${f.attribution >= 0 ? '+' : ''}${f.attribution.toFixed(4)}`),
      ...(flags.out ? [`wrote ${flags.out}`] : []), ...(flags.json ? [`wrote ${flags.json}`] : []),
      `time ${(performance.now() - t0).toFixed(0)} ms`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await tm.model.dispose();
  }
}
