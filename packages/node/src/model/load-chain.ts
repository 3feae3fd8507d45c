/**
 * `loadChain`: several ONNX files run in turn (a pipeline shipped as parts: waveform ->
 * spectrogram -> embedding -> head) as one `GradientModel` on onnxruntime-node. Every part but
 * the last is loaded with `outputKind: 'tensor'` (its output is the next part's input, any
 * shape); the last is the classifier. Each part is compiled on its own; core's `chain` does the
 * rest.
 */
import { AxplainError, ChainedModel } from '@axplain/core';
import type { CacheReport, ExecutionProviderFailure, OnnxGradientModel } from '@axplain/ort';
import { loadModel, type LoadModelOptions } from './load-model.js';

export interface LoadChainOptions extends Omit<LoadModelOptions, 'outputKind' | 'output' | 'input'> {
  /** The first part's per-sample input shape (the other parts' follow from the model before them). */
  inputShape?: readonly number[];
}

/** A chain of ONNX models, with what the CLI reports of a single model, summed over its parts. */
export class ChainedOnnxModel extends ChainedModel {
  declare readonly parts: readonly OnnxGradientModel[];
  /** The parts' execution providers, distinct, in order (e.g. 'cpu'). */
  readonly executionProvider: string;
  /** Every part's fallbacks, each named by its part. */
  readonly fallbacks: readonly ExecutionProviderFailure[];
  /** The last part's note on its output. */
  readonly outputNote: string | undefined;
  /** The last part's output tensor. */
  readonly outputName: string;
  /** Node counts summed over the parts. */
  readonly nodes: { readonly forward: number; readonly total: number };
  /** The parts' cache status when they agree, else 'miss' (at least one part was compiled). */
  readonly cache: CacheReport;
  readonly labelSource: OnnxGradientModel['labelSource'];
  /** The first part's inputs that are not explained and how they are fed. */
  readonly feeds: OnnxGradientModel['feeds'];
  /** The first part's metadata (it describes the input). */
  readonly metadata: Readonly<Record<string, string>>;

  constructor(parts: readonly OnnxGradientModel[], names: readonly string[]) {
    super(parts, { names });
    const last = parts[parts.length - 1]!;
    this.executionProvider = [...new Set(parts.map((p) => p.executionProvider))].join(', ');
    this.fallbacks = parts.flatMap((p, i) => p.fallbacks.map((f) => ({ ...f, name: `${f.name} (${names[i]})` })));
    this.outputNote = last.outputNote;
    this.outputName = last.outputName;
    this.nodes = { forward: parts.reduce((s, p) => s + p.nodes.forward, 0), total: parts.reduce((s, p) => s + p.nodes.total, 0) };
    const statuses = new Set(parts.map((p) => p.cache.status));
    this.cache = statuses.size === 1 ? { status: [...statuses][0]! } : { status: 'miss' };
    this.labelSource = last.labelSource;
    this.feeds = parts[0]!.feeds;
    this.metadata = parts[0]!.metadata;
  }
}

/**
 * Loads `paths` (two or more .onnx files) as one chained model. A part that fails to load
 * disposes the ones already loaded; shapes that do not meet are a `ChainError` naming both parts.
 * @example const model = await loadChain(['frontend.onnx', 'embedding.onnx', 'head.onnx']);
 */
export async function loadChain(paths: readonly string[], options: LoadChainOptions = {}): Promise<ChainedOnnxModel> {
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p !== ''))
    throw new TypeError('paths: expected a non-empty array of .onnx file paths');
  const { inputShape, labels, ...shared } = options;
  const parts: OnnxGradientModel[] = [];
  try {
    for (const [i, path] of paths.entries()) {
      const last = i === paths.length - 1;
      const opts: LoadModelOptions = { ...shared, ...(i === 0 && inputShape ? { inputShape } : {}), ...(last ? { labels } : { outputKind: 'tensor' as const }) };
      const prev = parts[i - 1];
      const part = await loadModel(path, opts).catch(async (e: unknown) => {
        // A later part whose input declares no shape takes the shape the part before it outputs.
        if (!prev || !(AxplainError.isInstance(e) && e.code === 'MODEL_SIGNATURE') || !/symbolic per-sample dims|declares no shape/.test((e as Error).message)) throw e;
        return loadModel(path, { ...opts, inputShape: prev.outputShape });
      });
      parts.push(part);
      // A later part with symbolic per-sample dims is specialised to the shape the part before it outputs.
      if (prev && part.shapeFromFirstInput) await part.specialise(prev.outputShape);
    }
    return new ChainedOnnxModel(parts, paths);
  } catch (e) {
    for (const p of parts) await p.dispose();
    throw e;
  }
}
