/**
 * Small control-flow models for the gradient tests: an If two-stage detector, a Loop with
 * carried state, Scans. Weights are drawn from a seeded Rng.
 */
import { Rng } from '@axplain/core';
import { DT, ModelBuilder, type ModelProto, valueInfo } from '@axplain/onnx';
import type { NodeProto } from '../../packages/onnx/src/proto.js';

type Io = [string, number[], number?];

/** A subgraph (branch or body) from nodes, formal inputs and outputs. */
export function graph(name: string, node: NodeProto[], inputs: Io[], outputs: Io[]): { graph: object } {
  const vi = ([n, s, t]: Io) => valueInfo(n, t ?? DT.FLOAT, s);
  return { graph: { name, node, input: inputs.map(vi), output: outputs.map(vi), initializer: [] } };
}

let counter = 0;
/** A NodeProto with a unique name. */
export function node(opType: string, input: string[], output: string[], attribute: NodeProto['attribute'] = []): NodeProto {
  return { opType, input, output, name: `${opType}_${output[0]}_${counter++}`, attribute };
}

const weights = (rng: Rng, n: number, scale: number): number[] => Array.from(rng.fillNormal(n, scale));

/**
 * The two-stage detector: s1 = sigmoid(x w1) scores the input; when s1 > 0.5 a verifier
 * network (then-branch, capturing x, its weights and s1 from the outer scope) gives
 * s1 * (tanh(x w2) w3), else the score passes through (Identity of s1).
 * `condFromInput` false: the condition is a separate bool input instead.
 */
export function twoStageDetector(seed: number): ModelProto {
  const rng = new Rng(seed);
  const b = new ModelBuilder({ opset: 17 });
  const x = b.input('x', [1, 4]);
  const w1 = b.initializer('w1', [4, 1], [1.5, -0.5, 0.8, 0.3]);
  const w2 = b.initializer('w2', [4, 3], weights(rng, 12, 0.8));
  const w3 = b.initializer('w3', [3, 1], weights(rng, 3, 0.8));
  const s1 = b.node('Sigmoid', [b.node('MatMul', [x, w1])]);
  const cond = b.node('Greater', [b.node('ReduceSum', [s1], { keepdims: 0 }), b.initializer('half', [], [0.5])]);
  const thenBranch = graph('verify', [
    node('MatMul', [x, w2], ['t_h0']), node('Tanh', ['t_h0'], ['t_h']), node('MatMul', ['t_h', w3], ['t_v']),
    node('Mul', ['t_v', s1], ['t_out']),
  ], [], [['t_out', [1, 1]]]);
  const elseBranch = graph('pass', [node('Identity', [s1], ['e_out'])], [], [['e_out', [1, 1]]]);
  b.output(b.node('If', [cond], { then_branch: thenBranch as never, else_branch: elseBranch as never }));
  return b.build();
}

/**
 * h <- tanh(h W + b) repeated `trips` times from h = x (W, b captured), with a per-iteration
 * scan output a * h; output h_final + sum_t a * h_t. `exitAfter`: the body's condition stops the
 * loop after that many iterations (a trip count known only at run time).
 */
export function tanhLoop(seed: number, trips: number, exitAfter?: number): ModelProto {
  const rng = new Rng(seed);
  const b = new ModelBuilder({ opset: 17 });
  const x = b.input('x', [1, 3]);
  const w = b.initializer('w', [3, 3], weights(rng, 9, 0.9));
  const bias = b.initializer('b', [3], weights(rng, 3, 0.3));
  const a = b.input('a', [3]);
  const m = b.initializer('trips', [], [trips], DT.INT64);
  const cond = b.initializer('go', [], [1], DT.BOOL);
  const stop = b.initializer('stop', [], [exitAfter ?? 0], DT.INT64);
  const body = graph('step', [
    node('MatMul', ['h_in', w], ['l_mm']), node('Add', ['l_mm', bias], ['l_pre']), node('Tanh', ['l_pre'], ['h_out']),
    node('Mul', ['h_out', a], ['y_t']),
    exitAfter === undefined ? node('Identity', ['c_in'], ['c_out']) : node('Less', ['i', stop], ['c_out']),
  ], [['i', [], DT.INT64], ['c_in', [], DT.BOOL], ['h_in', [1, 3]]], [['c_out', [], DT.BOOL], ['h_out', [1, 3]], ['y_t', [1, 3]]]);
  const [hFinal, ys] = b.nodeN('Loop', [m, cond, x], { body: body as never }, 2);
  b.output(b.node('Add', [hFinal!, b.node('ReduceSum', [ys!, b.initializer('ax0', [1], [0], DT.INT64)], { keepdims: 0 })]));
  return b.build();
}

/** Cumulative sum by Scan: s_t = s_{t-1} + x_t, scan output s_t; the model outputs (s_t)^2 and is differentiated at x and s0. */
export function cumsumScan(): ModelProto {
  const b = new ModelBuilder({ opset: 17 });
  const s0 = b.input('s0', [3]);
  const x = b.input('x', [5, 3]);
  const body = graph('cumsum', [node('Add', ['s_in', 'x_t'], ['s_out']), node('Identity', ['s_out'], ['y_t'])],
    [['s_in', [3]], ['x_t', [3]]], [['s_out', [3]], ['y_t', [3]]]);
  const [, ys] = b.nodeN('Scan', [s0, x], { body: body as never, num_scan_inputs: 1 }, 2);
  b.output(b.node('Mul', [ys!, ys!]));
  return b.build();
}

/**
 * An RNN step by Scan: h_t = tanh(h_{t-1} W + x_t U), captures W and U. The sequence axis of x
 * is axis 1 ([1, T, 2]) and read in reverse; the outputs are stacked on axis 1, in reverse too.
 * The model outputs sum_t h_t * c plus the final state.
 */
export function rnnScan(seed: number, reversed: boolean): ModelProto {
  const rng = new Rng(seed);
  const b = new ModelBuilder({ opset: 17 });
  const h0 = b.input('h0', [1, 3]);
  const x = b.input('x', [1, 4, 2]);
  const w = b.initializer('w', [3, 3], weights(rng, 9, 0.7));
  const u = b.initializer('u', [2, 3], weights(rng, 6, 0.9));
  const body = graph('rnn', [
    node('MatMul', ['h_in', w], ['r_hw']), node('MatMul', ['x_t', u], ['r_xu']), node('Add', ['r_hw', 'r_xu'], ['r_pre']),
    node('Tanh', ['r_pre'], ['h_out']), node('Identity', ['h_out'], ['y_t']),
  ], [['h_in', [1, 3]], ['x_t', [1, 2]]], [['h_out', [1, 3]], ['y_t', [1, 3]]]);
  const dirs = reversed ? 1 : 0;
  const [hT, ys] = b.nodeN('Scan', [h0, x], {
    body: body as never, num_scan_inputs: 1, scan_input_axes: [1], scan_input_directions: [dirs],
    scan_output_axes: [1], scan_output_directions: [dirs],
  }, 2);
  const c = b.initializer('c', [1, 4, 3], weights(rng, 12, 1));
  b.output(b.node('Add', [b.node('ReduceSum', [b.node('Mul', [ys!, c]), b.initializer('ax1', [1], [1], DT.INT64)], { keepdims: 0 }), hT!]));
  return b.build();
}

/**
 * Nested control flow: a Loop whose body holds an If on a bool input (then: h <- tanh(h W),
 * else: h <- h * s with s captured from the outermost scope), inside the then-branch of an If.
 */
export function nestedLoopIf(seed: number): ModelProto {
  const rng = new Rng(seed);
  const b = new ModelBuilder({ opset: 17 });
  const x = b.input('x', [1, 3]);
  // The conditions are float inputs (0 or 1) cast to bool: gradCheck feeds float tensors.
  const c = b.node('Cast', [b.input('c', [])], { to: DT.BOOL });
  const inner = b.node('Cast', [b.input('inner', [])], { to: DT.BOOL });
  const w = b.initializer('w', [3, 3], weights(rng, 9, 0.9));
  const s = b.input('s', [3]);
  const step = graph('step', [
    node('If', [inner], ['n_h'], [
      { name: 'then_branch', type: 5, g: graph('t', [node('MatMul', ['n_hin', w], ['n_mm']), node('Tanh', ['n_mm'], ['n_t'])], [], [['n_t', [1, 3]]]).graph as never },
      { name: 'else_branch', type: 5, g: graph('e', [node('Mul', ['n_hin', s], ['n_m'])], [], [['n_m', [1, 3]]]).graph as never },
    ]),
    node('Identity', ['n_c'], ['n_cout']),
  ], [['n_i', [], DT.INT64], ['n_c', [], DT.BOOL], ['n_hin', [1, 3]]], [['n_cout', [], DT.BOOL], ['n_h', [1, 3]]]);
  const m = b.initializer('m', [], [3], DT.INT64);
  const t = graph('outer_then', [node('Loop', [m, '', x], ['o_loop'], [{ name: 'body', type: 5, g: step.graph as never }])], [], [['o_loop', [1, 3]]]);
  const e = graph('outer_else', [node('Sin', [x], ['o_sin'])], [], [['o_sin', [1, 3]]]);
  b.output(b.node('If', [c], { then_branch: t as never, else_branch: e as never }));
  return b.build();
}

/**
 * A Loop with an int64 counter k carried beside h (non-float state, replayed in the backward
 * loop) and the input x read both as initial state and from the outer scope:
 * h <- tanh(h W + x) * (1 + 0.1 k), k <- k + 1, 3 trips.
 */
export function counterLoop(seed: number): ModelProto {
  const rng = new Rng(seed);
  const b = new ModelBuilder({ opset: 17 });
  const x = b.input('x', [1, 3]);
  const w = b.initializer('w', [3, 3], weights(rng, 9, 0.8));
  const one = b.initializer('one_i', [], [1], DT.INT64);
  const tenth = b.initializer('tenth', [], [0.1]);
  const onef = b.initializer('one_f', [], [1]);
  const body = graph('count', [
    node('MatMul', ['k_h', w], ['k_mm']), node('Add', ['k_mm', x], ['k_pre']), node('Tanh', ['k_pre'], ['k_t']),
    node('Cast', ['k_k'], ['k_kf'], [{ name: 'to', type: 2, i: DT.FLOAT }]), node('Mul', ['k_kf', tenth], ['k_s0']),
    node('Add', ['k_s0', onef], ['k_s']), node('Mul', ['k_t', 'k_s'], ['k_hout']), node('Add', ['k_k', one], ['k_kout']),
    node('Identity', ['k_c'], ['k_cout']),
  ], [['k_i', [], DT.INT64], ['k_c', [], DT.BOOL], ['k_k', [], DT.INT64], ['k_h', [1, 3]]],
  [['k_cout', [], DT.BOOL], ['k_kout', [], DT.INT64], ['k_hout', [1, 3]]]);
  const [, h] = b.nodeN('Loop', [b.initializer('m', [], [3], DT.INT64), '', b.initializer('k0', [], [0], DT.INT64), x], { body: body as never }, 2);
  b.output(h!);
  return b.build();
}

/**
 * A Scan with two states (float s, int64 counter k), two scan inputs (a on axis 0, b on axis 1,
 * reversed) and two scan outputs of which only the first reaches the model output:
 * s <- sin(s * a_t + b_t) + 0.1 k, y1_t = s * a_t, y2_t = b_t.
 */
export function twoInputScan(): ModelProto {
  const b = new ModelBuilder({ opset: 17 });
  const s0 = b.input('s0', [2]);
  const a = b.input('a', [4, 2]);
  const bb = b.input('b', [2, 4]);
  const body = graph('two', [
    node('Mul', ['q_s', 'q_a'], ['q_sa']), node('Add', ['q_sa', 'q_b'], ['q_pre']), node('Sin', ['q_pre'], ['q_sin']),
    node('Cast', ['q_k'], ['q_kf'], [{ name: 'to', type: 2, i: DT.FLOAT }]), node('Mul', ['q_kf', b.initializer('tenth', [], [0.1])], ['q_k10']),
    node('Add', ['q_sin', 'q_k10'], ['q_sout']), node('Add', ['q_k', b.initializer('one', [], [1], DT.INT64)], ['q_kout']),
    node('Mul', ['q_sout', 'q_a'], ['q_y1']), node('Identity', ['q_b'], ['q_y2']),
  ], [['q_s', [2]], ['q_k', [], DT.INT64], ['q_a', [2]], ['q_b', [2]]],
  [['q_sout', [2]], ['q_kout', [], DT.INT64], ['q_y1', [2]], ['q_y2', [2]]]);
  const outs = b.nodeN('Scan', [s0, b.initializer('k0', [], [0], DT.INT64), a, bb], {
    body: body as never, num_scan_inputs: 2, scan_input_axes: [0, 1], scan_input_directions: [0, 1],
  }, 4);
  b.output(b.node('Mul', [outs[2]!, outs[2]!]));
  return b.build();
}
