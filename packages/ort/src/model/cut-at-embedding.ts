/**
 * Cuts a text classifier at the output of its embedding `Gather`: the token ids are not
 * differentiable, the embedding output is. The cut model takes the embedding output [N, T, D] as
 * a float graph input (and still the token ids when other nodes read them, e.g. a padding mask),
 * so gradients, attributions and attacks see a float input whose T x D values are the tokens'
 * embeddings; the embedding table itself is returned to look the ids up outside the graph.
 */
import { decodeModel, DT, encodeModel, Graph, type ModelProto, tensorValues, valueInfo } from '@axplain/onnx';
import { ModelSignatureError } from './errors.js';

export interface EmbeddingCutOptions {
  /** Graph input holding the token ids. @defaultValue the first int32/int64 graph input that is not an initializer */
  ids?: string;
  /** Output tensor of the embedding Gather. @defaultValue the Gather that reads `ids` as indices from an initializer table */
  embedding?: string;
}

export interface EmbeddingCut {
  /** The model with the Gather removed and `embedding` a float input [N, T, D]. */
  model: ModelProto;
  ids: string;
  /** ONNX element type of the ids (INT64 or INT32). */
  idsType: number;
  /** True when the cut model still reads the ids (besides the embedding). */
  idsKept: boolean;
  embedding: string;
  /** The table [vocab, dim], row-major. */
  table: Float32Array;
  vocab: number;
  dim: number;
  /** Token positions per sample (T). */
  seqLength: number;
}

const INT_TYPES = new Set<number>([DT.INT64, DT.INT32]);

/**
 * @example
 * const cut = cutAtEmbedding(decodeModel(readFileSync('models/spam/model.onnx')));
 * cut.embedding; // 'embedded': the input the gradients are taken with respect to
 */
export function cutAtEmbedding(src: ModelProto, options: EmbeddingCutOptions = {}, source = 'model'): EmbeddingCut {
  const model = decodeModel(encodeModel(src));
  const gr = model.graph!;
  const inits = new Map((gr.initializer ?? []).map((t) => [t.name!, t]));
  const inputs = (gr.input ?? []).filter((i) => !inits.has(i.name!));
  const g = new Graph(model);
  const ids = options.ids ?? inputs.find((i) => INT_TYPES.has(g.info(i.name!).elemType))?.name ?? undefined;
  if (!ids || !inputs.some((i) => i.name === ids))
    throw new ModelSignatureError(`${source}: ${ids ? `'${ids}' is not a graph input` : 'no int32/int64 graph input holds token ids'}; a text model reads token ids [N, T] (inputs: ${inputs.map((i) => i.name).join(', ') || 'none'})`);
  const idsInfo = g.info(ids);
  if (!INT_TYPES.has(idsInfo.elemType)) throw new ModelSignatureError(`${source}: input '${ids}' is not int32/int64; token ids are integers`);
  const nodes = gr.node ?? [];
  const at = nodes.findIndex((n) => n.opType === 'Gather' && (options.embedding ? n.output?.[0] === options.embedding : n.input?.[1] === ids && inits.has(n.input?.[0] ?? '')));
  if (at < 0)
    throw new ModelSignatureError(options.embedding
      ? `${source}: no Gather node outputs '${options.embedding}'; name the output of the embedding lookup`
      : `${source}: no Gather reads '${ids}' as indices from an initializer table; name the embedding output with the embedding option`);
  const node = nodes[at]!;
  if ((node.attribute ?? []).some((a) => a.name === 'axis' && Number(a.i ?? 0) !== 0)) throw new ModelSignatureError(`${source}: Gather '${node.name ?? node.output![0]}' gathers along an axis other than 0; not an embedding lookup`);
  const table = inits.get(node.input![0]!);
  if (!table || (table.dims ?? []).length !== 2) throw new ModelSignatureError(`${source}: the embedding table of Gather '${node.output![0]}' must be a [vocab, dim] initializer`);
  if (node.input![1] !== ids) throw new ModelSignatureError(`${source}: Gather '${node.output![0]}' reads indices '${node.input![1]}', not the ids input '${ids}'`);
  const [vocab, dim] = (table.dims ?? []).map(Number) as [number, number];
  const t = idsInfo.shape[1];
  if (idsInfo.shape.length !== 2 || typeof t !== 'number')
    throw new ModelSignatureError(`${source}: input '${ids}' is [${idsInfo.shape.join(', ')}]; the embedding cut needs ids [N, T] with a fixed T`);
  const embedding = node.output![0]!;
  gr.node = nodes.filter((_, i) => i !== at);
  const idsKept = gr.node.some((n) => (n.input ?? []).includes(ids));
  const batch = idsInfo.shape[0] ?? 'N';
  gr.input = [...(gr.input ?? []).filter((i) => idsKept || i.name !== ids), valueInfo(embedding, DT.FLOAT, [batch, t, dim])];
  gr.valueInfo = (gr.valueInfo ?? []).filter((v) => v.name !== embedding);
  const stillUsed = gr.node.some((n) => (n.input ?? []).includes(table.name!));
  if (!stillUsed) gr.initializer = (gr.initializer ?? []).filter((x) => x.name !== table.name);
  return { model, ids, idsType: idsInfo.elemType, idsKept, embedding, table: Float32Array.from(tensorValues(table)), vocab, dim, seqLength: t };
}
