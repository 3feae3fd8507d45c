/**
 * `axplain explain --model M.onnx --input IMG [--method ...] [--target N|predicted] [--steps K]
 * [--ep cpu|webgpu|cuda|dml|a,b] --out OUT.png [--json OUT.json]`: one image, one attribution,
 * a heatmap PNG and optionally the raw numbers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkSpecShape, inferPreprocessSpec, parsePreprocessSpec, preprocess, renderAttribution, softmax, type RenderMode } from '@axplain/core';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadImage } from '../image/load-image.js';
import { readPreprocessSpec } from '../image/read-preprocess-spec.js';
import { savePng } from '../image/save-png.js';
import { loadModel } from '../model/load-model.js';
import { EXPLAIN_METHODS, parseMethod, runMethod, stepsOf } from './explain-methods.js';
import { readJsonFile, readModelFile } from './io.js';
import { CliError } from './run.js';

interface ExplainFlags {
  model: string; input: string; out: string; json?: string; method: string; target: string; steps?: string;
  ep: string; seed: string; render: string; signed?: boolean; preprocess?: string;
}

const RENDER_MODES: readonly RenderMode[] = ['side-by-side', 'overlay', 'heatmap'];

function parseTarget(s: string): number | 'predicted' {
  if (s === 'predicted') return s;
  if (!/^\d+$/.test(s)) throw new CliError(`--target: expected a class index (0, 1, ...) or 'predicted', got '${s}'`);
  return Number(s);
}

function parsePositiveInt(s: string | undefined, flag: string): number | undefined {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new CliError(`${flag}: expected a whole number >= 1, got '${s}'`);
  return Number(s);
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('Explain one image classification with a gradient attribution; writes a heatmap PNG (and the raw attribution as JSON).')
    .requiredOption('--model <file>', 'ONNX image classifier (logits output)')
    .requiredOption('--input <image>', 'PNG or JPEG image')
    .requiredOption('--out <png>', 'where to write the heatmap PNG')
    .option('--json <file>', 'also write the raw attribution and metadata as JSON')
    .option('--method <name>', `attribution method: ${EXPLAIN_METHODS.join(', ')}`, 'ig')
    .option('--target <class>', "class to explain: an index or 'predicted'", 'predicted')
    .option('--steps <k>', 'integration steps (ig, default 50) or noise samples (smoothgrad, default 50)')
    .option('--ep <names>', "execution provider(s): cpu, webgpu, cuda, dml; a comma list is a fallback order (e.g. 'cuda,cpu')", 'cpu')
    .option('--seed <n>', 'seed of the random choices (smoothgrad noise)', '0')
    .option('--render <mode>', `picture: ${RENDER_MODES.join(', ')}`, 'side-by-side')
    .option('--signed', 'show positive and negative evidence in a diverging colormap (default: magnitude)')
    .option('--preprocess <file>', 'preprocessing spec JSON (default: <model>.preprocess.json or card.json beside the model, else inferred from the input shape)')
    .action(async (flags: ExplainFlags) => {
      const t0 = performance.now();
      // Everything a user can get wrong is checked before the model is loaded.
      const method = parseMethod(flags.method);
      const target = parseTarget(flags.target);
      const steps = parsePositiveInt(flags.steps, '--steps');
      if (!/^\d+$/.test(flags.seed)) throw new CliError(`--seed: expected a whole number >= 0, got '${flags.seed}'`);
      const seed = Number(flags.seed);
      if (!(RENDER_MODES as readonly string[]).includes(flags.render)) throw new CliError(`--render: unknown mode '${flags.render}'; choose one of ${RENDER_MODES.join(', ')}`);
      const eps = flags.ep.split(',').map((s) => s.trim()).filter(Boolean);
      if (!eps.length) throw new CliError('--ep: give at least one execution provider (cpu, webgpu, cuda, dml)');
      const bytes = readModelFile(flags.model);
      const image = await loadImage(flags.input);

      const model = await loadModel(bytes, { executionProviders: eps });
      try {
        const spec = flags.preprocess
          ? parsePreprocessSpec(readJsonFile(flags.preprocess), flags.preprocess)
          : (await readPreprocessSpec(flags.model)) ?? inferPreprocessSpec(model.inputShape);
        checkSpecShape(spec, model.inputShape, `preprocessing for ${flags.model}`);
        if (typeof target === 'number' && target >= model.classes)
          throw new CliError(`--target: class ${target} is not a class of this model (it has ${model.classes}: 0..${model.classes - 1})`);
        const x = preprocess([image], spec);
        const logits = await model.logits(x);
        const probs = softmax(logits).data;
        let predicted = 0;
        for (let c = 1; c < model.classes; c++) if (probs[c]! > probs[predicted]!) predicted = c;

        const total = stepsOf(method, steps);
        const bar = total > 1 ? new SingleBar({ format: `${method} {bar} {value}/{total} model calls`, stream: process.stderr, hideCursor: true }) : undefined;
        let barTotal = 0;
        const run = await runMethod(method, model, x, {
          target, steps, seed,
          onStep: (done, all) => { if (bar && !barTotal) bar.start((barTotal = all), 0); bar?.update(done); },
        });
        bar?.stop();
        const chosen = run.targets[0]!;
        const picture = renderAttribution({
          attribution: run.attribution, input: image, spec, mode: flags.render as RenderMode,
          sign: flags.signed ? 'signed' : 'absolute', reduce: flags.signed ? 'sum' : 'abs-sum',
          titles: ['input', `${method} (class ${chosen})`, 'overlay'],
        });
        await savePng(picture, flags.out);
        const ms = performance.now() - t0;
        const name = (c: number) => (model.labels?.[c] ? `${c} (${model.labels[c]})` : String(c));
        const lines = [
          `model ${flags.model}: input [${model.inputShape.join(', ')}], ${model.classes} classes, on ${model.executionProvider}` +
            (model.fallbacks.length ? ` (after ${model.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')})` : ''),
          `predicted ${name(predicted)} with probability ${probs[predicted]!.toFixed(4)}`,
          `explained class ${name(chosen)} with ${method}${total > 1 ? ` (${total} ${method === 'ig' ? 'steps' : 'samples'})` : ''}`,
        ];
        if (method === 'ig') {
          const gap = (run.extra.completenessGap as number[])[0]!;
          const diff = (run.extra.inputScore as number[])[0]! - (run.extra.baselineScore as number[])[0]!;
          lines.push(`completeness: sum(IG) - (f(x) - f(baseline)) = ${gap.toExponential(2)} (${(100 * Math.abs(gap) / Math.max(Math.abs(diff), 1e-12)).toFixed(2)}% of ${diff.toFixed(4)})`);
        }
        lines.push(`wrote ${flags.out} (${picture.width}x${picture.height})${flags.json ? ` and ${flags.json}` : ''}`, `time ${ms.toFixed(0)} ms`);
        if (flags.json) {
          mkdirSync(dirname(flags.json), { recursive: true });
          writeFileSync(flags.json, JSON.stringify({
            model: flags.model, input: flags.input, method, target: chosen, predicted, probabilities: Array.from(probs),
            executionProvider: model.executionProvider, fallbacks: model.fallbacks.map((f) => ({ name: f.name, reason: f.reason })),
            preprocessing: spec, inputShape: model.inputShape, classes: model.classes, labels: model.labels, timeMs: Math.round(ms),
            ...run.extra,
            attribution: { shape: run.attribution.shape, data: Array.from(run.attribution.data) },
          }) + '\n');
        }
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await model.dispose();
      }
    });
}
