/**
 * A small text classifier as an inference ONNX model: token ids [N, T] (int64, 0 = padding) ->
 * embedding `Gather` (output `embedded` [N, T, D]) -> sum_t a_t e_t / L, the mean over the L
 * non-padding positions with the token weights a_t = `token_weights` [N, T] = 1 on tokens, 0 on
 * padding (Cast(Not(Equal(ids, 0))); L is counted by a separate Cast, so a_t is a leaf of the
 * pooling) -> (Gemm -> Relu) per hidden size -> Gemm -> `logits` [N, classes]. A neural bag of
 * words (the "deep averaging network" of Iyyer et al., "Deep Unordered Composition Rivals
 * Syntactic Methods for Text Classification", 2015). Padding never reaches the logits: its
 * gradient is exactly zero.
 *
 * Why `token_weights`: after a mean, d f / d e_t is the same vector at every real position, so an
 * input-gradient penalty at the embedding cannot single out tokens. d f / d a_t = e_t . d f / d e_t
 * (the token's gradient x embedding, the bag-of-words input gradient of Ross et al.'s text
 * experiments) can: RRR on text models is taken with respect to `token_weights`.
 */
import { isInteger, Rng } from '@axplain/core';
import { DT, ModelBuilder, type ModelProto } from '@axplain/onnx';
import { type InitKind, initialize } from './initializers.js';

export interface TextClassifierSpec {
  /** Rows of the embedding table (the tokenizer's vocabulary size). */
  vocab: number;
  /** Embedding size D. */
  dim: number;
  /** Token positions T per sample. */
  seqLength: number;
  classes: number;
  /** Hidden sizes after the pooling. @defaultValue [] (a linear read-out of the mean embedding) */
  hidden?: readonly number[];
  /** @defaultValue 0 */
  seed?: number;
  /** Initialiser of the dense weights (the embedding is N(0, 0.1^2)). @defaultValue 'he-normal' */
  init?: InitKind;
}

/** Names of the built model's tensors. */
export const TEXT_IO = Object.freeze({ ids: 'ids', embedded: 'embedded', tokenWeights: 'token_weights', logits: 'logits', table: 'embedding.weight' });

/**
 * @example
 * const m = buildTextClassifier({ vocab: 2000, dim: 16, seqLength: 128, classes: 2, hidden: [16] });
 * // input 'ids' int64 [N, 128] -> 'embedded' [N, 128, 16] -> 'logits' [N, 2]
 */
export function buildTextClassifier(spec: TextClassifierSpec): ModelProto {
  const { vocab, dim, seqLength, classes } = spec;
  for (const [k, v, min] of [['vocab', vocab, 2], ['dim', dim, 1], ['seqLength', seqLength, 1], ['classes', classes, 2]] as const)
    if (!isInteger(v, { min })) throw new RangeError(`${k}: expected an integer >= ${min}, got ${v}`);
  const hidden = spec.hidden ?? [];
  if (!hidden.every((h) => isInteger(h, { min: 1 }))) throw new RangeError(`hidden: expected integers >= 1, got ${JSON.stringify(hidden)}`);
  const rng = new Rng(spec.seed ?? 0);
  const init = spec.init ?? 'he-normal';
  const b = new ModelBuilder({ opset: 13 });
  const ids = b.input(TEXT_IO.ids, ['N', seqLength], DT.INT64);
  const table = b.initializer(TEXT_IO.table, [vocab, dim], Float32Array.from({ length: vocab * dim }, () => 0.1 * rng.normal()));
  const embedded = b.node('Gather', [table, ids], { axis: 0 });
  const zero = b.initializer('pad_id', [], [0], DT.INT64);
  const present = b.node('Not', [b.node('Equal', [ids, zero])]);
  const mask = b.node('Cast', [present], { to: DT.FLOAT });
  const axis1 = b.initializer('axis_1', [1], [1], DT.INT64);
  const one = b.initializer('one', [], [1]);
  const masked = b.node('Mul', [embedded, b.node('Unsqueeze', [mask, b.initializer('axis_2', [1], [2], DT.INT64)])]);
  const count = b.node('Max', [b.node('ReduceSum', [b.node('Cast', [present], { to: DT.FLOAT }), axis1], { keepdims: 1 }), one]);
  let h = b.node('Div', [b.node('ReduceSum', [masked, axis1], { keepdims: 0 }), count]);
  let nIn = dim;
  const dense = (name: string, nOut: number): string => {
    const w = b.initializer(`${name}.weight`, [nIn, nOut], initialize(init, [nIn, nOut], rng));
    const out = b.node('Gemm', [h, w, b.initializer(`${name}.bias`, [nOut], new Float32Array(nOut))]);
    nIn = nOut;
    return out;
  };
  hidden.forEach((n, i) => { h = b.node('Relu', [dense(`fc${i + 1}`, n)]); });
  const logits = dense('out', classes);
  b.output(logits);
  const model = b.build();
  const rename = (from: string, to: string) => {
    for (const n of model.graph!.node ?? []) {
      n.input = (n.input ?? []).map((i) => (i === from ? to : i));
      n.output = (n.output ?? []).map((o) => (o === from ? to : o));
    }
    for (const o of model.graph!.output ?? []) if (o.name === from) o.name = to;
  };
  rename(embedded, TEXT_IO.embedded);
  rename(mask, TEXT_IO.tokenWeights);
  rename(logits, TEXT_IO.logits);
  model.docString = describeTextClassifier(spec);
  return model;
}

/** One-line description, e.g. `Gather 2000x16 -> masked mean over 128 tokens -> Gemm 16x2 (logits)`. */
export function describeTextClassifier(spec: TextClassifierSpec): string {
  const parts = [`Gather ${spec.vocab}x${spec.dim} (embedding)`, `masked mean over ${spec.seqLength} tokens`];
  let nIn = spec.dim;
  for (const n of spec.hidden ?? []) { parts.push(`Gemm ${nIn}x${n} -> Relu`); nIn = n; }
  parts.push(`Gemm ${nIn}x${spec.classes}`);
  return `${parts.join(' -> ')} (logits)`;
}
