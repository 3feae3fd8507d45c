/**
 * `axplain attack --model M --input IMG --attack NAME [--norm N] [--eps E] [--target T] [--steps K]
 * [--restarts R] [--seed S] [--ep ...] --out ADV.png [--diff PANEL.png] [--json OUT.json]
 * [--morph GRID.png]`: one image, one adversarial example, its picture and a JSON summary.
 */
import {
  argmax, ATTACK_METHODS, ATTACK_NAMES, attackMethod, type AttackRequest, boxIsPixelGrid, checkAttackRequest, classMorph, inputBox,
  normOf, preprocess, resolveAttackNorm, runAttack, softmax, successWithin, type RgbaImage, type Tensor, toRgba, adversarialPanel,
} from '@axplain/core';
import type { Command } from 'commander';
import { loadImage } from '../image/load-image.js';
import { savePng } from '../image/save-png.js';
import { classMorphGrid } from '../render/class-morph-grid.js';
import { choice, epOption, flag, jsonOption, labelsOption, modelOption, numberIn, preprocessOption, seedOption, stepsOption, wholeNumber } from './flags.js';
import { feedOption, inputShapeOption, wrtOption } from './model-io-flags.js';
import { requireClassOutput } from './output-readout.js';
import { writeJson } from './io.js';
import { className, openModel } from './open-model.js';
import { progressBar } from './progress.js';
import { CliError, interruptSignal } from './run.js';

interface AttackFlags {
  model: string; input: string; attack: (typeof ATTACK_NAMES)[number]; norm?: string; eps?: number; target?: number; steps?: number; restarts?: number;
  seed: number; ep: string[]; out: string; diff?: string; json?: string; morph?: string; morphEps: number; morphSteps: number; preprocess?: string; labels?: string;
}

/** Predicted class and its probability, and every probability, of the first logits row. */
function prediction(logits: Tensor): { predicted: number; probability: number; probabilities: number[] } {
  const C = logits.shape[1]!;
  const probs = Array.from(softmax({ data: logits.data.subarray(0, C), shape: [1, C] }).data);
  const predicted = argmax(logits.data, 0, C);
  return { predicted, probability: probs[predicted]!, probabilities: probs };
}

/** `ADV.png` -> `ADV-panel.png`: where the panel goes without --diff. */
export const defaultPanelPath = (out: string): string => (/\.png$/i.test(out) ? out.replace(/\.png$/i, '-panel.png') : `${out}-panel.png`);

export function registerAttack(program: Command): void {
  program
    .command('attack')
    .description('Attack one image classification: writes the adversarial image, a panel input | adversarial | amplified difference, and a JSON summary.')
    .addOption(modelOption())
    .addOption(inputShapeOption()).addOption(wrtOption()).addOption(feedOption())
    .requiredOption('--input <image>', 'PNG or JPEG image')
    .addOption(flag('--attack <name>', `attack: ${ATTACK_METHODS.map((a) => `${a.name}: ${a.about}`).join('. ')}`, choice('--attack', ATTACK_NAMES, 'attack')).makeOptionMandatory())
    .requiredOption('--out <png>', "where to write the adversarial image (8-bit PNG at the model's input size: the example rounded to the pixel grid, pushed further along its perturbation where rounding undoes it; that tensor is in --json)")
    .option('--norm <norm>', 'linf, l2 or l1 (fw also k-sparse); default: the attack\'s own (cw, fmn: l2; deepfool: l2 or linf; jsma: l0)')
    .addOption(flag('--eps <e>', "budget in the model's input units (pixels/255 for [0, 1] inputs); for cw, deepfool, fmn and jsma (changed values) only the threshold a success must stay within", numberIn('--eps', { min: 0 })))
    .addOption(flag('--target <class>', 'class to reach (a targeted attack; required by jsma, refused by deepfool); default: untargeted, away from the prediction', wholeNumber('--target', { min: 0 })))
    .addOption(stepsOption('iterations (cw: per binary-search round); default: the attack\'s own'))
    .addOption(flag('--restarts <r>', 'random restarts, best kept (pgd, apgd-ce, apgd-dlr)', wholeNumber('--restarts', { min: 1 })))
    .addOption(seedOption('seed of the random choices (random starts)'))
    .addOption(epOption())
    .option('--diff <png>', 'where to write the panel input | adversarial | amplified |delta| (default: <out>-panel.png)')
    .addOption(jsonOption('also write the summary and the clean and adversarial tensors as JSON'))
    .option('--morph <png>', 'also render the class-morph grid: iterated TGSM (linf) from the input to every class')
    .addOption(flag('--morph-eps <e>', 'linf budget of the class morph', numberIn('--morph-eps', { min: 0 }), 0.3))
    .addOption(flag('--morph-steps <k>', 'steps of the class morph', wholeNumber('--morph-steps', { min: 1 }), 20))
    .addOption(preprocessOption())
    .addOption(labelsOption())
    .action(async (flags: AttackFlags) => {
      const t0 = performance.now();
      // Everything a user can get wrong is checked before the model is loaded (flags by commander).
      const { attack, morphEps, morphSteps } = flags;
      const norm = resolveAttackNorm(attack, flags.norm);
      const request: AttackRequest = { attack, norm, eps: flags.eps, target: flags.target, steps: flags.steps, restarts: flags.restarts, seed: flags.seed };
      checkAttackRequest(request);
      const panelPath = flags.diff ?? defaultPanelPath(flags.out);
      let image!: RgbaImage;
      const { model, spec, preprocessing } = await openModel(flags, async () => { image = await loadImage(flags.input); });
      try {
        requireClassOutput(model, 'attack');
        if (request.target !== undefined && request.target >= model.classes)
          throw new CliError(`--target: class ${request.target} is not a class of this model (it has ${model.classes}: 0..${model.classes - 1})`);
        const box = inputBox(spec);
        const x = preprocess([image], spec);
        const before = prediction(await model.logits(x));

        const tA = performance.now();
        const bar = progressBar(`${attack} {bar} {value}/{total}`);
        // The example is saved as an 8-bit PNG: round it to the pixel grid (pushing it further along
        // its perturbation where rounding undoes it), so success and norms are those of the PNG.
        const quantize = boxIsPixelGrid(spec) ? 255 : undefined;
        const run = await runAttack(model, x, request, { box, onStep: bar.update, quantize, signal: interruptSignal() });
        bar.stop();
        const attackMs = performance.now() - tA;
        const r = run.result;
        const after = prediction(r.logits);
        const success = r.success[0] === 1;
        const within = request.eps === undefined ? undefined : successWithin(r, norm, 0, request.eps);

        // What the written 8-bit PNG does: rounding can undo a borderline example.
        const advImage = toRgba(r.adversarial, spec);
        await savePng(advImage, flags.out);
        const png = prediction(await model.logits(preprocess([advImage], spec)));
        const q = run.quantization;
        const pngSuccess = request.target !== undefined ? png.predicted === request.target : png.predicted !== r.labels[0];
        const panel = adversarialPanel({ clean: x, adversarial: r.adversarial, spec });
        await savePng(panel.image, panelPath);

        let morph: Record<string, unknown> | undefined;
        if (flags.morph) {
          const mbar = progressBar('class morph {bar} {value}/{total}');
          const m = await classMorph(model, x, { eps: morphEps, norm: 'linf', steps: morphSteps, box, seed: request.seed, signal: interruptSignal(), onStep: (i) => mbar.update(i.step, i.steps) });
          mbar.stop();
          await savePng(classMorphGrid({ input: x, morph: m, spec, labels: model.labels }), flags.morph);
          morph = { file: flags.morph, eps: morphEps, norm: 'linf', steps: morphSteps, classes: Array.from(m.classes), success: Array.from(m.success), linf: Array.from(m.norms.linf) };
        }

        const ms = performance.now() - t0;
        const name = (c: number) => className(model, c);
        const goal = request.target !== undefined ? `targeted at ${name(request.target)}` : `untargeted, away from ${name(r.labels[0]!)}`;
        const budget = request.eps === undefined ? '' : attackMethod(attack).kind === 'budget' ? `, eps ${request.eps}` : `, threshold ${request.eps}`;
        const size = normOf(r, norm, 0);
        const lines = [
          `model ${flags.model}: input [${model.inputShape.join(', ')}], ${model.classes} classes, on ${model.executionProvider}` +
            (model.fallbacks.length ? ` (after ${model.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')})` : ''),
          `before: predicted ${name(before.predicted)} with probability ${before.probability.toFixed(4)}`,
          `attack ${attack} (${norm}${budget}, ${goal}): ${success ? 'success' : 'failed'} after ${r.iterations[0]} iteration${r.iterations[0] === 1 ? '' : 's'}` +
            (within === false && success ? `, but ${norm} ${size.toPrecision(4)} exceeds the threshold ${request.eps}` : ''),
          `after: predicted ${name(after.predicted)} with probability ${after.probability.toFixed(4)}` +
            (pngSuccess === success ? '' : `; the 8-bit PNG predicts ${name(png.predicted)} (${pngSuccess ? 'adversarial' : 'not adversarial'} after rounding)`),
          ...(q && q.unrounded.success[0] && !q.roundedSuccess[0]
            ? [`rounding to the 8-bit grid undid the attack: ${q.pushed[0] ? `pushed x${q.scale[0]!.toPrecision(4)} along its perturbation, adversarial again` : 'no push along its perturbation within the budget restores it'}`]
            : []),
          `perturbation${q ? ' (of the 8-bit PNG)' : ''}: l0 ${r.norms.l0[0]}, l1 ${r.norms.l1[0]!.toPrecision(4)}, l2 ${r.norms.l2[0]!.toPrecision(4)}, linf ${r.norms.linf[0]!.toPrecision(4)}`,
          `wrote ${flags.out} (${advImage.width}x${advImage.height}), ${panelPath} (difference x${panel.amplification.toPrecision(3)})` +
            (flags.morph ? `, ${flags.morph}` : '') + (flags.json ? ` and ${flags.json}` : ''),
          `time ${ms.toFixed(0)} ms (attack ${attackMs.toFixed(0)} ms)`,
        ];
        if (flags.json) {
          writeJson(flags.json, {
            model: flags.model, input: flags.input, attack, norm, eps: request.eps ?? null, target: request.target ?? null,
            targeted: request.target !== undefined, labels: Array.from(r.labels), options: run.options,
            success, successWithinEps: within ?? null,
            norms: { l0: r.norms.l0[0], l1: r.norms.l1[0], l2: r.norms.l2[0], linf: r.norms.linf[0] },
            before, after, png: { file: flags.out, predicted: png.predicted, probability: png.probability, success: pngSuccess },
            quantization: q ? {
              levels: q.levels, roundedSuccess: q.roundedSuccess[0] === 1, pushed: q.pushed[0] === 1, scale: q.scale[0],
              unrounded: { success: q.unrounded.success[0] === 1, norms: { l0: q.unrounded.norms.l0[0], l1: q.unrounded.norms.l1[0], l2: q.unrounded.norms.l2[0], linf: q.unrounded.norms.linf[0] } },
            } : null,
            panel: { file: panelPath, amplification: panel.amplification },
            iterations: r.iterations[0], box, executionProvider: model.executionProvider,
            fallbacks: model.fallbacks.map((f) => ({ name: f.name, reason: f.reason })), preprocessing: spec, preprocessingSource: preprocessing.source,
            inputShape: model.inputShape, classes: model.classes, classNames: model.labels ?? null,
            timeMs: Math.round(ms), attackMs: Math.round(attackMs), morph: morph ?? null,
            clean: { shape: x.shape, data: Array.from(x.data) },
            adversarial: { shape: r.adversarial.shape, data: Array.from(r.adversarial.data) },
          });
        }
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await model.dispose();
      }
    });
}
