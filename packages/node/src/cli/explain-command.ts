/**
 * `axplain explain --model M.onnx --input IMG [--method ...] [--target N|predicted] [--steps K]
 * [--ep cpu|webgpu|cuda|dml|a,b] --out OUT.png [--json OUT.json]`: one image, one attribution,
 * a heatmap PNG and optionally the raw numbers.
 */
import {
  checkSpecShape, grid, inferPreprocessSpec, modelView, parsePreprocessSpec, preprocess, renderAttribution, resizeImage, type RgbaImage, softmax, type RenderMode,
} from '@axplain/core';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadImage } from '../image/load-image.js';
import { readPreprocessSpec } from '../image/read-preprocess-spec.js';
import { savePng } from '../image/save-png.js';
import { loadModel } from '../model/load-model.js';
import { EXPLAIN_METHODS, parseMethod, runMethod, stepsOf } from './explain-methods.js';
import { parseWhole } from './flags.js';
import { readJsonFile, readModelFile, writeJson } from './io.js';
import { CliError } from './run.js';

interface ExplainFlags {
  model: string; input: string; out: string; json?: string; method: string; target: string; steps?: string;
  ep: string; seed: string; render: string; signed?: boolean; preprocess?: string;
  compare?: string; eps?: string; sparsity?: string; topK?: string; maxEvals?: string;
}

function parsePositiveNumber(s: string | undefined, flag: string, max = Infinity): number | undefined {
  if (s === undefined) return undefined;
  const v = Number(s);
  if (!(v > 0 && v < max)) throw new CliError(`${flag}: expected a number in (0, ${max}), got '${s}'`);
  return v;
}

/** Nearest-neighbour magnification of the model's view to a panel width. */
function magnify(img: RgbaImage, width: number): RgbaImage {
  const f = Math.max(1, Math.floor(width / img.width));
  return resizeImage(img, img.width * f, img.height * f, { method: 'nearest' });
}

const RENDER_MODES: readonly RenderMode[] = ['side-by-side', 'overlay', 'heatmap'];

function parseTarget(s: string): number | 'predicted' {
  if (s === 'predicted') return s;
  if (!/^\d+$/.test(s)) throw new CliError(`--target: expected a class index (0, 1, ...) or 'predicted', got '${s}'`);
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
    .option('--compare <methods>', 'comma list of methods rendered side by side in one grid (overrides --method and --render)')
    .option('--eps <e>', 'attack budget: AXAI L2 eps (default 2), fw L1 radius (default 10)')
    .option('--sparsity <q>', 'fw: sparsity control q in (0, 1) (default 0.995)')
    .option('--top-k <k>', 'axai: segments selected (default 5)')
    .option('--max-evals <n>', 'lime/kernelshap: model evaluations per sample')
    .option('--preprocess <file>', 'preprocessing spec JSON (default: <model>.preprocess.json or card.json beside the model, else inferred from the input shape)')
    .action(async (flags: ExplainFlags) => {
      const t0 = performance.now();
      // Everything a user can get wrong is checked before the model is loaded.
      const methods = (flags.compare ?? flags.method).split(',').map((m) => parseMethod(m.trim()));
      const method = methods[0]!;
      const extraOpts = {
        eps: parsePositiveNumber(flags.eps, '--eps'), sparsity: parsePositiveNumber(flags.sparsity, '--sparsity', 1),
        topK: parseWhole(flags.topK, '--top-k', 1), maxEvals: parseWhole(flags.maxEvals, '--max-evals', 1),
      };
      const target = parseTarget(flags.target);
      const steps = parseWhole(flags.steps, '--steps', 1);
      const seed = parseWhole(flags.seed, '--seed', 0)!;
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

        if (flags.compare) {
          const panels = [{ image: modelView(image, spec), title: 'input' }];
          const results: Record<string, unknown> = {};
          for (const m of methods) {
            const r = await runMethod(m, model, x, { target, steps, seed, ...extraOpts });
            panels.push({ image: renderAttribution({ attribution: r.attribution, input: image, spec, mode: 'overlay', sign: flags.signed ? 'signed' : 'absolute', reduce: flags.signed ? 'sum' : 'abs-sum' }), title: `${m} (${r.targets[0]})` });
            results[m] = { target: r.targets[0], ...r.extra, attribution: { shape: r.attribution.shape, data: Array.from(r.attribution.data) } };
          }
          const picture = grid(panels.map((p, i) => (i === 0 ? { image: magnify(p.image, panels[1]!.image.width), title: p.title } : p)), { columns: Math.min(panels.length, 6) });
          await savePng(picture, flags.out);
          if (flags.json) writeJson(flags.json, { model: flags.model, input: flags.input, predicted, probabilities: Array.from(probs), executionProvider: model.executionProvider, methods: results });
          process.stdout.write(`predicted ${predicted} with probability ${probs[predicted]!.toFixed(4)}\ncompared ${methods.join(', ')}\nwrote ${flags.out} (${picture.width}x${picture.height})\ntime ${(performance.now() - t0).toFixed(0)} ms\n`);
          return;
        }
        const total = stepsOf(method, steps);
        const bar = total > 1 ? new SingleBar({ format: `${method} {bar} {value}/{total} model calls`, stream: process.stderr, hideCursor: true }) : undefined;
        let barTotal = 0;
        const run = await runMethod(method, model, x, {
          target, steps, seed, ...extraOpts,
          onStep: (done, all) => { if (bar && !barTotal) bar.start((barTotal = all), 0); bar?.update(done); },
        });
        bar?.stop();
        const chosen = run.targets[0]!;
        const signed = flags.signed || method === 'fw';
        const picture = renderAttribution({
          attribution: run.attribution, input: image, spec, mode: flags.render as RenderMode,
          sign: signed ? 'signed' : 'absolute', reduce: signed ? 'sum' : 'abs-sum',
          titles: ['input', `${method} (class ${chosen})`, 'overlay'],
        });
        await savePng(picture, flags.out);
        const ms = performance.now() - t0;
        const name = (c: number) => (model.labels?.[c] ? `${c} (${model.labels[c]})` : String(c));
        const lines = [
          `model ${flags.model}: input [${model.inputShape.join(', ')}], ${model.classes} classes, on ${model.executionProvider}` +
            (model.fallbacks.length ? ` (after ${model.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')})` : ''),
          ...(model.outputNote ? [`note: ${model.outputNote}`] : []),
          `predicted ${name(predicted)} with probability ${probs[predicted]!.toFixed(4)}`,
          `explained class ${name(chosen)} with ${method}${total > 1 ? ` (${total} ${method === 'ig' ? 'steps' : 'samples'})` : ''}`,
        ];
        if (run.extra.found) lines.push(`boundary point found: ${(run.extra.found as boolean[])[0] ? 'yes' : 'no (see the not-found policy in the docs)'}`);
        if (method === 'fw') lines.push(`counterfactual class ${chosen}: ${(run.extra.success as boolean[])[0] ? 'reached' : 'not reached'}, L0 ${(run.extra.l0 as number[])[0]}`);
        if (method === 'axai') lines.push(`AXAI selected segments ${(run.extra.selected as number[]).join(', ')} of ${run.extra.segments}${(run.extra.ties as number[]).length ? ` (ties: ${(run.extra.ties as number[]).join(', ')})` : ''}`);
        if (method === 'ig' || method === 'big') {
          const gap = (run.extra.completenessGap as number[])[0]!;
          const diff = (run.extra.inputScore as number[])[0]! - (run.extra.baselineScore as number[])[0]!;
          lines.push(`completeness: sum(IG) - (f(x) - f(baseline)) = ${gap.toExponential(2)} (${(100 * Math.abs(gap) / Math.max(Math.abs(diff), 1e-12)).toFixed(2)}% of ${diff.toFixed(4)})`);
        }
        lines.push(`wrote ${flags.out} (${picture.width}x${picture.height})${flags.json ? ` and ${flags.json}` : ''}`, `time ${ms.toFixed(0)} ms`);
        if (flags.json) {
          writeJson(flags.json, {
            model: flags.model, input: flags.input, method, target: chosen, predicted, probabilities: Array.from(probs),
            executionProvider: model.executionProvider, fallbacks: model.fallbacks.map((f) => ({ name: f.name, reason: f.reason })),
            preprocessing: spec, inputShape: model.inputShape, classes: model.classes, labels: model.labels, timeMs: Math.round(ms),
            ...run.extra,
            attribution: { shape: run.attribution.shape, data: Array.from(run.attribution.data) },
          });
        }
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await model.dispose();
      }
    });
}
