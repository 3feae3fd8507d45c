/**
 * `axplain inspect --model M [--input IMG] [--preprocess P] [--labels F] [--ep ...] [--json OUT]`:
 * what a user needs before explaining a model they brought — its signature, opset, metadata,
 * whether the gradient graph compiles, where it runs, which preprocessing and class names will be
 * used and, with an image, the top-5 under every preset, so a wrong preprocessing shows at once.
 */
import { checkSpecShape, PREPROCESS_PRESET_NAMES, type PreprocessSpec, preprocess, presetSpec, type RgbaImage, softmax } from '@axplain/core';
import { decodeModel, defaultOpset, metadataOf } from '@axplain/onnx';
import { resolveSignature } from '@axplain/ort';
import type { Command } from 'commander';
import { loadImage } from '../image/load-image.js';
import { availableExecutionProviders } from '../model/execution-providers.js';
import { epOption, jsonOption, labelsOption, modelOption, preprocessOption } from './flags.js';
import { feedOption, inputShapeOption, type ModelIoFlags, wrtOption } from './model-io-flags.js';
import { readModelFile, writeJson } from './io.js';
import { isModelList } from './open-chain.js';
import { CliError } from './run.js';
import { className, openModel, type OpenedModel } from './open-model.js';
import { isClassOutput } from './output-readout.js';

const LABEL_SOURCES = { given: 'the labels file', metadata: 'the model metadata', imagenet: "ImageNet's 1000 classes, the default for 1000-class models (override with --labels)" } as const;

interface InspectFlags extends ModelIoFlags { model: string; input?: string; ep: string[]; preprocess?: string; labels?: string; json?: string }

interface TopK { spec: string; top: { class: number; name?: string; probability: number }[] | null; reason?: string }

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('Show what axplain sees in a model: signature, opset, metadata, gradient graph, execution provider, preprocessing, class names; with --input, the top-5 under each preprocessing preset.')
    .addOption(modelOption())
    .addOption(inputShapeOption()).addOption(wrtOption()).addOption(feedOption())
    .option('--input <image>', 'also classify this image under the chosen preprocessing and every preset')
    .addOption(preprocessOption())
    .addOption(labelsOption())
    .addOption(epOption())
    .addOption(jsonOption('also write the report as JSON'))
    .action(async (flags: InspectFlags) => {
      if (isModelList(flags.model)) throw new CliError(`--model: inspect reads one model; inspect each part of '${flags.model}' on its own`);
      const bytes = readModelFile(flags.model);
      const decoded = decodeModel(bytes, flags.model);
      const sig = resolveSignature(decoded, { input: flags.wrt, inputShape: flags.inputShape }, flags.model);
      const metadata = metadataOf(decoded);
      const lines = [
        `model ${flags.model} (${(bytes.length / 1024).toFixed(1)} KiB): IR ${decoded.irVersion}, opset ${defaultOpset(decoded)}` +
          (decoded.producerName ? `, produced by ${decoded.producerName}${decoded.producerVersion ? ` ${decoded.producerVersion}` : ''}` : ''),
        `input '${sig.input}' [${sig.fixedBatch ?? 'N'}, ${sig.inputShape.join(', ')}]${sig.fixedBatch === undefined ? ' (dynamic batch)' : ''}`,
        `metadata: ${Object.keys(metadata).length ? Object.entries(metadata).map(([k, v]) => `${k}=${v.length > 40 ? `${v.slice(0, 37)}...` : v}`).join(', ') : 'none'}`,
      ];
      let image: RgbaImage | undefined;
      let opened: OpenedModel;
      try {
        opened = await openModel(flags, async () => { if (flags.input) image = await loadImage(flags.input); });
      } catch (e) {
        process.stdout.write(lines.join('\n') + '\n');
        throw e;
      }
      const { model, spec, preprocessing } = opened;
      try {
        lines.push(
          `output '${model.outputName}': ${isClassOutput(model.outputShape) ? `${model.classes} classes` : `[N, ${model.outputShape.join(', ')}] (${model.classes} values; explain reads it with ${model.outputShape.length === 2 ? '--target-positions' : '--region'})`}${model.outputNote ? ` (${model.outputNote})` : ''}`,
          ...model.feeds.map((f) => `input '${f.name}' [${f.perSample ? 'N, ' : ''}${f.dims.join(', ')}]: ${f.zeros ? 'fed zeros (no --feed)' : 'fed the --feed value'}${f.perSample ? ' per sample' : ''}`),
          `gradient graph: compiles (${model.nodes.forward} forward + ${model.nodes.total - model.nodes.forward} gradient nodes; cache ${model.cache.status})`,
          `execution provider: ${model.executionProvider}` + (model.fallbacks.length ? ` (after ${model.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')})` : '') +
            `; available here: ${availableExecutionProviders().map((b) => b.name).join(', ')}`,
          `preprocessing: ${preprocessing.source}${preprocessing.inferred ? ' (a guess: see the note)' : ''}`,
          `class names: ${model.labels ? `${model.labels.length} (${model.labels.slice(0, 3).join(', ')}${model.labels.length > 3 ? ', ...' : ''}) from ${LABEL_SOURCES[model.labelSource ?? 'given']}` : 'none (give --labels FILE)'}`,
        );
        const tops: TopK[] = [];
        if (image) {
          const candidates: [string, () => PreprocessSpec][] = [[`chosen (${preprocessing.source})`, () => spec], ...PREPROCESS_PRESET_NAMES.map((p): [string, () => PreprocessSpec] => [p, () => presetSpec(p, model.inputShape)])];
          for (const [name, make] of candidates) tops.push(await topK(model, image, name, make));
          const width = Math.max(...tops.map((t) => t.spec.length));
          lines.push(`top-5 for ${flags.input}:`, ...tops.map((t) => `  ${t.spec.padEnd(width)}  ${t.top ? t.top.map((c) => `${className(model, c.class)} ${c.probability.toFixed(3)}`).join(', ') : `n/a: ${t.reason}`}`));
        }
        process.stdout.write(lines.join('\n') + '\n');
        if (flags.json) {
          writeJson(flags.json, {
            model: flags.model, irVersion: Number(decoded.irVersion), opset: defaultOpset(decoded), input: sig.input, inputShape: sig.inputShape, fixedBatch: sig.fixedBatch ?? null,
            output: model.outputName, classes: model.classes, outputNote: model.outputNote ?? null, metadata, nodes: model.nodes,
            executionProvider: model.executionProvider, preprocessing: { source: preprocessing.source, inferred: preprocessing.inferred, spec },
            labels: model.labels ?? null, labelSource: model.labelSource ?? null, top5: tops,
          });
        }
      } finally {
        await model.dispose();
      }
    });
}

async function topK(model: OpenedModel['model'], image: RgbaImage, name: string, make: () => PreprocessSpec): Promise<TopK> {
  let spec: PreprocessSpec;
  try {
    spec = make();
    checkSpecShape(spec, model.inputShape, name);
  } catch (e) {
    return { spec: name, top: null, reason: (e as Error).message };
  }
  const probs = softmax(await model.logits(preprocess([image], spec))).data;
  const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]! || a - b).slice(0, 5);
  return { spec: name, top: order.map((c) => ({ class: c, name: model.labels?.[c], probability: probs[c]! })) };
}
