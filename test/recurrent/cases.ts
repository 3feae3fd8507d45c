/** The LSTM / GRU / RNN configurations checked (forward lowering and gradients). */
import type { RecurrentCase } from './build.js';

export const CASES: [string, RecurrentCase][] = [];
const cases = CASES;
for (const op of ['RNN', 'GRU', 'LSTM'] as const) {
  for (const direction of ['forward', 'reverse', 'bidirectional'] as const) {
    for (const layout of [0, 1] as const) cases.push([`${op} ${direction} layout ${layout}, B, initial state`, { op, direction, layout, bias: true, initial: true }]);
  }
  cases.push([`${op} no B, no initial state`, { op }]);
  cases.push([`${op} bidirectional, no B, no initial state, layout 1`, { op, direction: 'bidirectional', layout: 1 }]);
  cases.push([`${op} clip 0.5, B, initial state`, { op, clip: 0.5, bias: true, initial: true }]);
  cases.push([`${op} opset 7 (Clip as attributes), clip 0.7, bidirectional`, { op, clip: 0.7, bias: true, direction: 'bidirectional', opset: 7 }]);
  cases.push([`${op} symbolic batch dim`, { op, bias: true, initial: true, symbolicBatch: true }]);
  cases.push([`${op} sequence_lens constant equal to the sequence length`, { op, bias: true, sequenceLens: [3, 3] }]);
  for (const direction of ['forward', 'reverse', 'bidirectional'] as const)
    cases.push([`${op} ${direction}, sequence_lens [3, 2, 1] (per-sample lengths)`, { op, direction, batch: 3, sequenceLens: [3, 2, 1], bias: true, initial: true }]);
  cases.push([`${op} bidirectional layout 1, sequence_lens [2, 4], no initial state`, { op, direction: 'bidirectional', layout: 1, seq: 4, sequenceLens: [2, 4], bias: true }]);
  cases.push([`${op} one time step`, { op, seq: 1, bias: true, initial: true, direction: 'bidirectional' }]);
}
cases.push(['LSTM peepholes P, bidirectional', { op: 'LSTM', peepholes: true, bias: true, initial: true, direction: 'bidirectional' }]);
cases.push(['LSTM peepholes, clip, sequence_lens [1, 3]', { op: 'LSTM', peepholes: true, clip: 0.8, bias: true, initial: true, sequenceLens: [1, 3] }]);
cases.push(['LSTM peepholes P, no initial state', { op: 'LSTM', peepholes: true, bias: true }]);
cases.push(['LSTM input_forget (f = 1 - i), peepholes', { op: 'LSTM', inputForget: true, peepholes: true, bias: true, initial: true }]);
cases.push(['LSTM activations listed [Sigmoid, Tanh, Tanh] x2, bidirectional', { op: 'LSTM', direction: 'bidirectional', activations: ['Sigmoid', 'Tanh', 'Tanh', 'Sigmoid', 'Tanh', 'Tanh'], bias: true }]);
cases.push(['LSTM activations [HardSigmoid, Softsign, Elu] with alpha/beta', { op: 'LSTM', activations: ['HardSigmoid', 'Softsign', 'Elu'], alpha: [0.3, 0.8], beta: [0.45], bias: true, initial: true }]);
cases.push(['LSTM activations [Sigmoid, Relu, Softplus]', { op: 'LSTM', activations: ['Sigmoid', 'Relu', 'Softplus'], bias: true, initial: true }]);
cases.push(['GRU linear_before_reset 1, B, initial state', { op: 'GRU', linearBeforeReset: true, bias: true, initial: true }]);
cases.push(['GRU linear_before_reset 1, bidirectional, layout 1', { op: 'GRU', linearBeforeReset: true, bias: true, initial: true, direction: 'bidirectional', layout: 1 }]);
cases.push(['GRU linear_before_reset 1, no B, no initial state', { op: 'GRU', linearBeforeReset: true }]);
cases.push(['GRU linear_before_reset 1, B, no initial state', { op: 'GRU', linearBeforeReset: true, bias: true }]);
cases.push(['GRU activations per direction [Sigmoid, Tanh, HardSigmoid, Softsign]', { op: 'GRU', direction: 'bidirectional', activations: ['Sigmoid', 'Tanh', 'HardSigmoid', 'Softsign'], bias: true, initial: true }]);
cases.push(['RNN activation Relu', { op: 'RNN', activations: ['Relu'], bias: true, initial: true }]);
cases.push(['RNN activations [LeakyRelu, Affine] bidirectional with alpha/beta', { op: 'RNN', direction: 'bidirectional', activations: ['LeakyRelu', 'Affine'], alpha: [0.2, 0.7], beta: [0.1], bias: true }]);
cases.push(['RNN activation ScaledTanh alpha 1.5 beta 0.8', { op: 'RNN', activations: ['ScaledTanh'], alpha: [1.5], beta: [0.8], bias: true, initial: true }]);

