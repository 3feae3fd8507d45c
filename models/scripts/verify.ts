/**
 * `pnpm models:verify`: recomputes every figure of models/README.md (accuracies, Decoy MNIST,
 * robust accuracy, IG Gini) from the committed models and prints them side by side with the
 * stated ones; exits 1 when any is outside its tolerance (see readme-figures.ts).
 *
 *   pnpm models:verify [--metric 'test accuracy'|'robust accuracy'|'IG Gini'] [--model NAME...]
 */
import { readmeFigures, recomputeFigures } from './readme-figures.js';

const arg = (flag: string) => process.argv.flatMap((a, i) => (process.argv[i - 1] === flag ? [a] : []));
const metrics = arg('--metric');
const models = arg('--model');
const figures = readmeFigures().filter((f) => (!metrics.length || metrics.includes(f.metric)) && (!models.length || models.includes(f.model)));
const t0 = performance.now();
process.stdout.write(`${figures.length} figures from models/README.md\n| table | model | figure | stated | recomputed | tolerance | |\n|---|---|---|---|---|---|---|\n`);
const checked = await recomputeFigures(figures, (f) =>
  process.stdout.write(`| ${f.table} | ${f.model} | ${f.metric} | ${f.stated} | ${f.recomputed.toFixed(f.decimals + 1)} | ${f.tolerance.toFixed(4)} | ${f.ok ? 'ok' : 'MISMATCH'} |\n`));
const bad = checked.filter((f) => !f.ok);
process.stdout.write(`${checked.length - bad.length}/${checked.length} figures match (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
if (bad.length) process.exitCode = 1;
