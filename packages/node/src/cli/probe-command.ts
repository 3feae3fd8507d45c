/**
 * `axplain probe --model M.onnx --class C|all [--steps K] [--eps E] [--sparsity Q] [--seed S]
 * --out GRID.png [--json OUT.json]`: concept probing (sparse Frank-Wolfe from grey noise toward a
 * class): what the model needs to see to call noise a given class, as a grid of images.
 */
import { conceptProbe, grid, numel, resizeImage, softmax, toRgba } from '@axplain/core';
import type { Command } from 'commander';
import { savePng } from '../image/save-png.js';
import { epOption, flag, jsonOption, labelsOption, modelOption, numberIn, preprocessOption, seedOption, stepsOption } from './flags.js';
import { feedOption, inputShapeOption, wrtOption } from './model-io-flags.js';
import { requireClassOutput } from './output-readout.js';
import { writeJson } from './io.js';
import { className, openModel } from './open-model.js';
import { progressBar } from './progress.js';
import { CliError, interruptSignal } from './run.js';

interface ProbeFlags { model: string; class: number[] | 'all'; out: string; json?: string; steps: number; eps?: number; sparsity?: number; seed: number; ep: string[]; preprocess?: string; labels?: string }

/** 'all', or a class index or comma list of indices. */
function parseClasses(s: string): number[] | 'all' {
  if (s === 'all') return s;
  if (!/^\d+(,\d+)*$/.test(s)) throw new CliError(`--class: expected 'all', an index or a comma list of indices, got '${s}'`);
  return s.split(',').map(Number);
}

export function registerProbe(program: Command): void {
  program
    .command('probe')
    .description('Concept probing: sparse Frank-Wolfe from grey noise toward each class; writes a grid of what the model takes for each class.')
    .addOption(modelOption())
    .addOption(inputShapeOption()).addOption(wrtOption()).addOption(feedOption())
    .requiredOption('--out <png>', 'where to write the grid PNG')
    .addOption(flag('--class <c>', "class index, comma list, or 'all'", parseClasses, 'all'))
    .addOption(stepsOption('Frank-Wolfe steps', 200))
    .addOption(flag('--eps <e>', 'L1 radius of the perturbation (default 10)', numberIn('--eps', { above: 0 })))
    .addOption(flag('--sparsity <q>', 'sparsity control q in (0, 1) (default 0.995)', numberIn('--sparsity', { above: 0, below: 1 })))
    .addOption(seedOption('seed of the noisy grey start'))
    .addOption(epOption('execution provider(s), comma list = fallback order'))
    .addOption(jsonOption('also write the probes and their probabilities as JSON'))
    .addOption(preprocessOption())
    .addOption(labelsOption())
    .action(async (flags: ProbeFlags) => {
      const t0 = performance.now();
      const { steps, seed, eps, sparsity } = flags;
      const { model, spec } = await openModel(flags);
      try {
        requireClassOutput(model, 'probe');
        const classes = flags.class === 'all' ? Array.from({ length: model.classes }, (_, c) => c) : flags.class;
        for (const c of classes) if (c >= model.classes) throw new CliError(`--class: class ${c} is not a class of this model (it has ${model.classes}: 0..${model.classes - 1})`);
        const bar = progressBar('probe {bar} {value}/{total} steps');
        const r = await conceptProbe(model, classes, { steps, seed, eps, sparsity, signal: interruptSignal(), onStep: (i) => bar.update(i.step, i.steps) });
        bar.stop();
        const probs = softmax(await model.logits(r.counterfactual)).data;
        const per = numel(model.inputShape);
        const cells = classes.map((c, i) => {
          const img = toRgba({ data: r.counterfactual.data.slice(i * per, (i + 1) * per), shape: [1, ...model.inputShape] }, spec);
          const f = Math.max(1, Math.floor(112 / Math.min(img.width, img.height)));
          return { image: resizeImage(img, img.width * f, img.height * f, { method: 'nearest' }), title: `${className(model, c)} ${r.success[i] ? 'ok' : 'no'} ${probs[i * model.classes + c]!.toFixed(2)}` };
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
