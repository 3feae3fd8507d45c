/**
 * `axplain explain --input clip.wav`: a 16-bit PCM mono WAV clip fed to the model (one model or
 * a chain, `--model frontend.onnx,embedding.onnx,head.onnx`) as raw samples, [1, ...inputShape],
 * explained with a gradient method; the picture shows the attribution over the waveform and over
 * the spectrogram.
 */
import { argmax, audioAttributionPicture, type ExplanationMethod, numel, softmax } from '@axplain/core';
import { readWav } from '../audio/wav.js';
import { savePng } from '../image/save-png.js';
import { stepCount, summaryFields, summaryLines } from './explain-summary.js';
import { writeJson } from './io.js';
import { className } from './open-model.js';
import { modelPaths, openTensorModel } from './open-chain.js';
import { progressBar } from './progress.js';
import { CliError, interruptSignal } from './run.js';

/** Methods that take any input tensor (the others segment or occlude images). */
export const AUDIO_METHODS = ['saliency', 'gradxinput', 'ig', 'smoothgrad', 'bsm', 'big', 'agi'] as const;

export interface AudioExplainFlags {
  model: string; input: string; out: string; json?: string; ep: string[]; labels?: string; target: number | 'predicted'; compare?: string[];
}

/** True when `--input` names a WAV file. */
export const isWavInput = (path: string): boolean => /\.wav$/i.test(path);

export async function explainAudio(flags: AudioExplainFlags, m: ExplanationMethod, raw: Record<string, unknown>, options: unknown): Promise<void> {
  const t0 = performance.now();
  if (flags.compare) throw new CliError('--compare: not available for WAV input; explain one --method at a time');
  if (!(AUDIO_METHODS as readonly string[]).includes(m.name))
    throw new CliError(`--method ${m.name}: works on image segments or patches; for WAV input use one of ${AUDIO_METHODS.join(', ')}`);
  modelPaths(flags.model);
  const audio = readWav(flags.input);
  const model = await openTensorModel(flags);
  try {
    const want = numel(model.inputShape);
    if (audio.samples.length !== want)
      throw new CliError(
        `${flags.input}: ${audio.samples.length} samples (${(audio.samples.length / audio.sampleRate).toFixed(3)} s at ${audio.sampleRate} Hz), ` +
          `but ${flags.model} takes [${model.inputShape.join(', ')}] per sample = ${want} samples; trim or pad the clip to ${want} samples`,
      );
    const { target } = flags;
    if (typeof target === 'number' && target >= model.classes)
      throw new CliError(`--target: class ${target} is not a class of this model (it has ${model.classes}: 0..${model.classes - 1})`);
    const x = { data: audio.samples, shape: [1, ...model.inputShape] };
    const probs = softmax(await model.logits(x)).data;
    const predicted = argmax(probs, 0, model.classes);
    const bar = progressBar(`${m.name} {bar} {value}/{total}`);
    const tm = performance.now();
    // Boundary searches stay among waveforms a 16-bit WAV can hold: [-1, 32767 / 32768].
    const run = await m.explain(model, x, raw, { box: { lo: -1, hi: 32767 / 32768 }, signal: interruptSignal(), ...(m.progressSteps(options as never) !== 0 ? { onStep: bar.update } : {}) });
    bar.stop();
    const methodMs = Math.round(performance.now() - tm);
    const chosen = run.targets[0]!;
    const name = (c: number) => className(model, c);
    const picture = audioAttributionPicture(audio.samples, run.attribution.data, { sampleRate: audio.sampleRate, title: `${m.name} (class ${name(chosen)})` });
    await savePng(picture, flags.out);
    const ms = performance.now() - t0;
    const count = stepCount(run.summary, options);
    const parts = modelPaths(flags.model);
    if (flags.json)
      writeJson(flags.json, {
        model: flags.model, parts, input: flags.input, sampleRate: audio.sampleRate, samples: audio.samples.length, method: m.name, target: chosen, predicted,
        probabilities: Array.from(probs), executionProvider: model.executionProvider, inputShape: model.inputShape, classes: model.classes, labels: model.labels,
        timeMs: Math.round(ms), ms: methodMs, ...summaryFields(run.summary), attribution: { shape: run.attribution.shape, data: Array.from(run.attribution.data) },
      });
    process.stdout.write([
      `model ${flags.model}${parts.length > 1 ? ` (${parts.length} parts run in turn)` : ''}: input [${model.inputShape.join(', ')}], ${model.classes} classes, on ${model.executionProvider}`,
      ...(model.outputNote ? [`note: ${model.outputNote}`] : []),
      `audio ${flags.input}: ${audio.samples.length} samples at ${audio.sampleRate} Hz`,
      `predicted ${name(predicted)} with probability ${probs[predicted]!.toFixed(4)}`,
      `explained class ${name(chosen)} with ${m.name}${count ? ` (${count})` : ''}`,
      ...summaryLines(run.summary, chosen),
      `wrote ${flags.out} (${picture.width}x${picture.height})${flags.json ? ` and ${flags.json}` : ''}`, `time ${ms.toFixed(0)} ms`,
    ].join('\n') + '\n');
  } finally {
    await model.dispose();
  }
}
