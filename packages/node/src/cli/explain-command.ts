/**
 * `axplain explain --model M.onnx --input IMG [--method ...] [--target N|predicted] [--steps K]
 * [--ep cpu|webgpu|cuda|dml|a,b] --out OUT.png [--json OUT.json]`: one image, one attribution,
 * a heatmap PNG and optionally the raw numbers. The methods are core's registry.
 */
import {
  argmax, EXPLANATION_METHOD_NAMES, EXPLANATION_METHODS, explanationMethod, grid, inputBox, modelView, preprocess, type RenderMode, resizeImage, type RgbaImage, softmax,
} from '@axplain/core';
import type { Command } from 'commander';
import { loadImage } from '../image/load-image.js';
import { savePng } from '../image/save-png.js';
import { explainAudio, isWavInput } from './explain-audio.js';
import { explainPicture, methodPanel, notFoundNote } from './explain-picture.js';
import { addTextOptions, runExplainText, type TextFlags } from './explain-text.js';
import { addFeatureOptions, runExplainFeatures } from './explain-features.js';
import { stepCount, summaryFields, summaryLines } from './explain-summary.js';
import {
  choice, classOrPredicted, commaList, epOption, flag, jsonOption, labelsOption, modelOption, numberIn, preprocessOption, seedOption, stepsOption, wholeNumber,
} from './flags.js';
import { feedOption, inputShapeOption, type ModelIoFlags, regionOption, targetPositionsOption, wrtOption } from './model-io-flags.js';
import { type ReadoutFlags, readoutFor } from './output-readout.js';
import { writeJson } from './io.js';
import { className, openModel } from './open-model.js';
import { progressBar } from './progress.js';
import { CliError, interruptSignal } from './run.js';

interface ExplainFlags extends ModelIoFlags, ReadoutFlags, Omit<TextFlags, 'out'> {
  features?: string;
  model: string; input: string; out: string; json?: string; method: string; target: number | 'predicted'; steps?: number;
  ep: string[]; seed: number; render: RenderMode; signed?: boolean; preprocess?: string; labels?: string;
  compare?: string[]; smooth?: number; eps?: number; sparsity?: number; topK?: number; maxEvals?: number;
}

/** Nearest-neighbour magnification of the model's view to a panel width. */
function magnify(img: RgbaImage, width: number): RgbaImage {
  const f = Math.max(1, Math.floor(width / img.width));
  return resizeImage(img, img.width * f, img.height * f, { method: 'nearest' });
}

const RENDER_MODES: readonly RenderMode[] = ['side-by-side', 'overlay', 'heatmap'];
const method = choice('--method', EXPLANATION_METHOD_NAMES, 'method');

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('Explain one image classification with a gradient attribution; writes a heatmap PNG (and the raw attribution as JSON).')
    .addOption(modelOption())
    .addOption(inputShapeOption()).addOption(wrtOption()).addOption(feedOption())
    .addOption(targetPositionsOption()).addOption(regionOption())
    .option('--input <image>', 'PNG or JPEG image, or a 16-bit PCM mono WAV clip (raw samples; the picture shows the waveform and spectrogram); required for image and audio models')
    .option('--out <png>', 'where to write the heatmap PNG (required for image and audio models; text models: an .html token heatmap, optional)')
    .addOption(jsonOption('also write the raw attribution and metadata as JSON'))
    .addOption(flag('--method <name>', `attribution method: ${EXPLANATION_METHODS.map((m) => `${m.name} (${m.family}: ${m.about})`).join(', ')}`, method, 'ig'))
    .addOption(flag('--target <class>', "class to explain: an index or 'predicted'", classOrPredicted, 'predicted'))
    .addOption(stepsOption('integration steps (ig, default 50; big, default 20), noise samples (smoothgrad, default 50) or iterations (axai, fw, default 20)'))
    .addOption(epOption())
    .addOption(seedOption('seed of the random choices (smoothgrad noise)'))
    .addOption(flag('--render <mode>', `picture: ${RENDER_MODES.join(', ')}`, choice('--render', RENDER_MODES, 'mode'), 'side-by-side'))
    .option('--signed', 'show positive and negative evidence in a diverging colormap (default: magnitude)')
    .addOption(flag('--smooth <sigma>', 'blur the map for display only (Gaussian sigma in model pixels; e.g. 1.5 on photographs); the JSON keeps the raw attribution', numberIn('--smooth', { min: 0 }), 0))
    .addOption(flag('--compare <methods>', 'comma list of methods rendered side by side in one grid (overrides --method and --render)', commaList(method)))
    .addOption(flag('--eps <e>', 'attack budget: AXAI L2 eps (default 2), fw L1 radius (default 10)', numberIn('--eps', { above: 0 })))
    .addOption(flag('--sparsity <q>', 'fw: sparsity control q in (0, 1) (default 0.995)', numberIn('--sparsity', { above: 0, below: 1 })))
    .addOption(flag('--top-k <k>', 'axai: segments selected (default 5)', wholeNumber('--top-k', { min: 1 })))
    .addOption(flag('--max-evals <n>', 'lime/kernelshap: model evaluations per sample', wholeNumber('--max-evals', { min: 1 })))
    .addOption(preprocessOption())
    .addOption(labelsOption());
  addFeatureOptions(addTextOptions(program.commands.at(-1)!))
    .action(async (flags: ExplainFlags) => {
      if ((flags.text !== undefined || flags.textFile !== undefined) && flags.features !== undefined) throw new CliError('--text/--text-file and --features: a model takes one kind of input');
      if (flags.text !== undefined || flags.textFile !== undefined) return runExplainText(flags);
      if (flags.features !== undefined) return runExplainFeatures(flags);
      for (const [value, name] of [[flags.input, '--input <image>'], [flags.out, '--out <png>']] as const)
        if (value === undefined) throw new CliError(`${name} is required for image models (text models take --text or --text-file, tabular ones --features)`);
      const t0 = performance.now();
      // Everything a user can get wrong is checked before the model is loaded (flags by commander).
      const methods = (flags.compare ?? [flags.method]).map((m) => explanationMethod(m));
      const { target, steps, seed } = flags;
      const raw = { target, steps, samples: steps, seed, eps: flags.eps, sparsity: flags.sparsity, topK: flags.topK, maxEvals: flags.maxEvals };
      // Option values each method takes are checked against its domain now, not after loading.
      const resolved = methods.map((m) => m.resolve(raw));
      if (isWavInput(flags.input)) return explainAudio(flags, methods[0]!, raw, resolved[0]);
      let image!: RgbaImage;
      const { model, spec, preprocessing } = await openModel(flags, async () => { image = await loadImage(flags.input); });
      try {
        const x = preprocess([image], spec);
        // Boundary, AXAI and counterfactual searches stay among inputs the preprocessing can produce.
        const box = inputBox(spec);
        // A sequence or map output is explained through a readout: its one score is "class" 0.
        const { subject, readout } = await readoutFor(model, flags, x);
        if (readout) raw.target = 0;
        else if (typeof target === 'number' && target >= model.classes)
          throw new CliError(`--target: class ${target} is not a class of this model (it has ${model.classes}: 0..${model.classes - 1})`);
        const logits = await subject.logits(x);
        const probs = readout ? logits.data : softmax(logits).data;
        const predicted = argmax(probs, 0, subject.classes);

        if (flags.compare) {
          const panels = [{ image: modelView(image, spec), title: 'input' }];
          const results: Record<string, unknown> = {};
          for (const [i, m] of methods.entries()) {
            const bar = progressBar(`${m.name} {bar} {value}/{total}`);
            const tm = performance.now();
            const r = await m.explain(subject, x, raw, { box, signal: interruptSignal(), ...(m.progressSteps(resolved[i] as never) !== 0 ? { onStep: bar.update } : {}) });
            bar.stop();
            const methodMs = Math.round(performance.now() - tm);
            panels.push({ image: methodPanel(r, image, spec, Boolean(flags.signed), flags.smooth), title: `${m.name} (${className(subject, r.targets[0]!)}${notFoundNote(r.summary)})` });
            results[m.name] = { target: r.targets[0], ms: methodMs, ...summaryFields(r.summary), attribution: { shape: r.attribution.shape, data: Array.from(r.attribution.data) } };
          }
          const picture = grid(panels.map((p, i) => (i === 0 ? { image: magnify(p.image, panels[1]!.image.width), title: p.title } : p)), { columns: Math.min(panels.length, 6) });
          await savePng(picture, flags.out);
          if (flags.json) writeJson(flags.json, { model: flags.model, input: flags.input, predicted, probabilities: Array.from(probs), labels: model.labels, preprocessingSource: preprocessing.source, executionProvider: model.executionProvider, methods: results });
          process.stdout.write(`predicted ${className(subject, predicted)} with probability ${probs[predicted]!.toFixed(4)}\ncompared ${methods.map((m) => m.name).join(', ')}\nwrote ${flags.out} (${picture.width}x${picture.height})\ntime ${(performance.now() - t0).toFixed(0)} ms\n`);
          return;
        }
        const m = methods[0]!;
        const options = resolved[0]!;
        const bar = progressBar(`${m.name} {bar} {value}/{total}`);
        const tm = performance.now();
        const run = await m.explain(subject, x, raw, { box, signal: interruptSignal(), ...(m.progressSteps(options as never) !== 0 ? { onStep: bar.update } : {}) });
        bar.stop();
        const methodMs = Math.round(performance.now() - tm);
        const chosen = run.targets[0]!;
        const signed = flags.signed || m.family === 'counterfactual';
        const picture = explainPicture(run, image, spec, { mode: flags.render, signed, smooth: flags.smooth, title: `${m.name} (class ${className(subject, chosen)})` });
        await savePng(picture, flags.out);
        const ms = performance.now() - t0;
        const name = (c: number) => className(subject, c);
        const count = stepCount(run.summary, options);
        const lines = [
          `model ${flags.model}: input [${model.inputShape.join(', ')}], ${readout ? `output [N, ${model.outputShape.join(', ')}]` : `${model.classes} classes`}, on ${model.executionProvider}` +
            (model.fallbacks.length ? ` (after ${model.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')})` : ''),
          ...(model.outputNote ? [`note: ${model.outputNote}`] : []),
          ...(readout
            ? [`output [N, ${model.outputShape.join(', ')}] read as the ${readout.about}: ${probs[0]!.toFixed(4)}`, `explained it with ${m.name}${count ? ` (${count})` : ''}`]
            : [`predicted ${name(predicted)} with probability ${probs[predicted]!.toFixed(4)}`, `explained class ${name(chosen)} with ${m.name}${count ? ` (${count})` : ''}`]),
          ...summaryLines(run.summary, chosen),
          `wrote ${flags.out} (${picture.width}x${picture.height})${flags.json ? ` and ${flags.json}` : ''}`, `time ${ms.toFixed(0)} ms`,
        ];
        if (flags.json) {
          writeJson(flags.json, {
            model: flags.model, input: flags.input, method: m.name, target: chosen, predicted, probabilities: Array.from(probs),
            executionProvider: model.executionProvider, fallbacks: model.fallbacks.map((f) => ({ name: f.name, reason: f.reason })),
            preprocessing: spec, preprocessingSource: preprocessing.source, inputShape: model.inputShape, classes: model.classes, labels: model.labels, timeMs: Math.round(ms), ms: methodMs,
            ...(readout ? { outputShape: model.outputShape, readout: readout.about, score: probs[0] } : {}),
            ...summaryFields(run.summary),
            attribution: { shape: run.attribution.shape, data: Array.from(run.attribution.data) },
          });
        }
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await model.dispose();
      }
    });
}
