/**
 * `axplain probe --model M.onnx --class C|all [--steps K] [--eps E] [--sparsity Q] [--seed S]
 * --out GRID.png [--json OUT.json]`: concept probing (sparse Frank-Wolfe from grey noise toward a
 * class): what the model needs to see to call noise a given class, as a grid of images.
 */
import { conceptProbe, grid, numel, inferPreprocessSpec, parsePreprocessSpec, resizeImage, softmax, toRgba } from '@axplain/core';
import type { Command } from 'commander';
import { readPreprocessSpec } from '../image/read-preprocess-spec.js';
import { savePng } from '../image/save-png.js';
import { loadModel } from '../model/load-model.js';
import { parseWhole } from './flags.js';
import { readJsonFile, readModelFile, writeJson } from './io.js';
import { CliError } from './run.js';

interface ProbeFlags { model: string; class: string; out: string; json?: string; steps: string; eps?: string; sparsity?: string; seed: string; ep: string; preprocess?: string }

export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('Concept probing: sparse Frank-Wolfe from grey noise toward each class; writes a grid of what the model takes for each class.')
    .requiredOption('--model <file>', 'ONNX image classifier (logits output)')
    .requiredOption('--out <png>', 'where to write the grid PNG')
    .option('--class <c>', "class index, comma list, or 'all'", 'all')
    .option('--steps <k>', 'Frank-Wolfe steps', '200')
    .option('--eps <e>', 'L1 radius of the perturbation (default 10)')
    .option('--sparsity <q>', 'sparsity control q in (0, 1) (default 0.995)')
    .option('--seed <n>', 'seed of the noisy grey start', '0')
    .option('--ep <names>', 'execution provider(s), comma list = fallback order', 'cpu')
    .option('--json <file>', 'also write the probes and their probabilities as JSON')
    .option('--preprocess <file>', 'preprocessing spec JSON (default: beside the model, else inferred)')
    .action(async (flags: ProbeFlags) => {
      const t0 = performance.now();
      const steps = parseWhole(flags.steps, '--steps', 1)!;
      const seed = parseWhole(flags.seed, '--seed', 0)!;
      const eps = flags.eps === undefined ? undefined : Number(flags.eps);
      if (eps !== undefined && !(eps > 0)) throw new CliError(`--eps: expected a number > 0, got '${flags.eps}'`);
      const sparsity = flags.sparsity === undefined ? undefined : Number(flags.sparsity);
      if (sparsity !== undefined && !(sparsity > 0 && sparsity < 1)) throw new CliError(`--sparsity: expected a number in (0, 1), got '${flags.sparsity}'`);
      if (flags.class !== 'all' && !/^\d+(,\d+)*$/.test(flags.class)) throw new CliError(`--class: expected 'all', an index or a comma list of indices, got '${flags.class}'`);
      const bytes = readModelFile(flags.model);
      const model = await loadModel(bytes, { executionProviders: flags.ep.split(',').map((s) => s.trim()) });
      try {
        const spec = flags.preprocess
          ? parsePreprocessSpec(readJsonFile(flags.preprocess), flags.preprocess)
          : (await readPreprocessSpec(flags.model)) ?? inferPreprocessSpec(model.inputShape);
        const classes = flags.class === 'all' ? Array.from({ length: model.classes }, (_, c) => c) : flags.class.split(',').map(Number);
        for (const c of classes) if (c >= model.classes) throw new CliError(`--class: class ${c} is not a class of this model (it has ${model.classes}: 0..${model.classes - 1})`);
        const r = await conceptProbe(model, classes, { steps, seed, ...(eps ? { eps } : {}), ...(sparsity ? { sparsity } : {}) });
        const probs = softmax(await model.logits(r.counterfactual)).data;
        const per = numel(model.inputShape);
        const cells = classes.map((c, i) => {
          const img = toRgba({ data: r.counterfactual.data.slice(i * per, (i + 1) * per), shape: [1, ...model.inputShape] }, spec);
          const f = Math.max(1, Math.floor(112 / Math.min(img.width, img.height)));
          return { image: resizeImage(img, img.width * f, img.height * f, { method: 'nearest' }), title: `${c} ${r.success[i] ? 'ok' : 'no'} ${probs[i * model.classes + c]!.toFixed(2)}` };
        });
        const picture = grid(cells, { columns: Math.min(cells.length, 5) });
        await savePng(picture, flags.out);
        if (flags.json) {
          writeJson(flags.json, {
            model: flags.model, classes, steps, seed, success: Array.from(r.success, (v) => v === 1), l0: Array.from(r.l0),
            probability: classes.map((c, i) => probs[i * model.classes + c]), probes: classes.map((_, i) => Array.from(r.counterfactual.data.slice(i * per, (i + 1) * per))),
          });
        }
        const reached = r.success.reduce((a, v) => a + v, 0);
        process.stdout.write(`probed ${classes.length} classes in ${steps} steps: ${reached} reached\nwrote ${flags.out} (${picture.width}x${picture.height})\ntime ${(performance.now() - t0).toFixed(0)} ms\n`);
      } finally {
        await model.dispose();
      }
    });
}
