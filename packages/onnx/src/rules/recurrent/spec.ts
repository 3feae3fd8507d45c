/**
 * The configuration of one ONNX `LSTM`, `GRU` or `RNN` node, read and checked once: gates,
 * directions, activations (with their alpha/beta), clip, layout, GRU's linear_before_reset and
 * LSTM's input_forget. Unsupported settings are reported through `fail` (an UnsupportedOpError
 * naming the op and node).
 */
import type { Node } from '../../node.js';

export type RecurrentKind = 'LSTM' | 'GRU' | 'RNN';

/** One activation function with its parameters (ONNX defaults filled in). */
export interface Activation { name: string; alpha?: number; beta?: number }

export interface RecurrentSpec {
  kind: RecurrentKind;
  hidden: number;
  /** Directions in output order: 'forward' then 'reverse' for a bidirectional node. */
  directions: ('forward' | 'reverse')[];
  /** Activations per direction: LSTM [f, g, h], GRU [f, g], RNN [f]. */
  activations: Activation[][];
  /** Clip threshold applied to the gates' pre-activations (not to LSTM's cell state before h), or undefined. */
  clip?: number;
  /** 0: X is [seq, batch, input]; 1: X is [batch, seq, input]. */
  layout: 0 | 1;
  linearBeforeReset: boolean;
  inputForget: boolean;
  /** Gates in the order W, R and B stack them: LSTM i,o,f,c; GRU z,r,h; RNN i. */
  gates: number;
}

const DEFAULT_ACTIVATIONS: Record<RecurrentKind, string[]> = {
  LSTM: ['Sigmoid', 'Tanh', 'Tanh'],
  GRU: ['Sigmoid', 'Tanh'],
  RNN: ['Tanh'],
};

/** Activations the lowering emits, with the ONNX default alpha/beta of those that take them. */
const ACTIVATIONS: Record<string, { alpha?: number; beta?: number }> = {
  sigmoid: {}, tanh: {}, relu: {}, softsign: {}, softplus: {},
  leakyrelu: { alpha: 0.01 },
  thresholdedrelu: { alpha: 1 },
  elu: { alpha: 1 },
  hardsigmoid: { alpha: 0.2, beta: 0.5 },
  affine: { alpha: 1, beta: 0 },
  scaledtanh: { alpha: 1, beta: 1 },
};
const CANONICAL: Record<string, string> = {
  sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu', softsign: 'Softsign', softplus: 'Softplus', leakyrelu: 'LeakyRelu',
  thresholdedrelu: 'ThresholdedRelu', elu: 'Elu', hardsigmoid: 'HardSigmoid', affine: 'Affine', scaledtanh: 'ScaledTanh',
};

export function readSpec(n: Node, fail: (detail: string) => never): RecurrentSpec {
  const kind = n.opType as RecurrentKind;
  const direction = n.str('direction', 'forward');
  const directions: RecurrentSpec['directions'] =
    direction === 'forward' ? ['forward'] : direction === 'reverse' ? ['reverse'] : direction === 'bidirectional' ? ['forward', 'reverse'] : fail(`direction '${direction}' is not one of forward, reverse, bidirectional`);
  const hidden = n.int('hidden_size');
  if (hidden === undefined || hidden <= 0) fail('the hidden_size attribute is missing or not positive');
  const perDir = DEFAULT_ACTIVATIONS[kind].length;
  let names = n.has('activations') ? (n.proto.attribute!.find((a) => a.name === 'activations')!.strings ?? []).map((s) => new TextDecoder().decode(s)) : [];
  if (names.length === 0) names = directions.flatMap(() => DEFAULT_ACTIVATIONS[kind]);
  if (names.length !== perDir * directions.length)
    fail(`activations lists ${names.length} functions; ${kind} with ${directions.length} direction(s) takes ${perDir * directions.length}`);
  // activation_alpha / activation_beta are consumed in order by the functions that take them.
  const alphas = [...(n.floats('activation_alpha') ?? [])];
  const betas = [...(n.floats('activation_beta') ?? [])];
  const acts = names.map((raw): Activation => {
    const key = raw.toLowerCase();
    const d = ACTIVATIONS[key];
    if (!d) fail(`activation '${raw}' is not supported (supported: ${Object.values(CANONICAL).join(', ')})`);
    const a: Activation = { name: CANONICAL[key]! };
    if (d!.alpha !== undefined) a.alpha = alphas.length ? alphas.shift()! : d!.alpha;
    if (d!.beta !== undefined) a.beta = betas.length ? betas.shift()! : d!.beta;
    return a;
  });
  const activations = directions.map((_, k) => acts.slice(k * perDir, (k + 1) * perDir));
  const clipAttr = n.float('clip');
  const layout = n.int('layout', 0);
  if (layout !== 0 && layout !== 1) fail(`layout ${layout} is not 0 or 1`);
  const linearBeforeReset = n.int('linear_before_reset', 0) !== 0;
  const inputForget = n.int('input_forget', 0) !== 0;
  return {
    kind, hidden: hidden!, directions, activations,
    clip: clipAttr !== undefined && clipAttr > 0 ? clipAttr : undefined,
    layout: layout as 0 | 1, linearBeforeReset, inputForget,
    gates: kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1,
  };
}
