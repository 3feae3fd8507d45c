/**
 * The gradient checker's own negative tests: a gradient graph broken on purpose (a rule with the
 * wrong sign, a dropped term, a coordinate wrongly zero) must each fail it, and the correct graph
 * must pass. The wrongly-zero coordinate is invisible along the gradient (the direction has no
 * component there): the zero-coordinate probe and random directions are what catch it.
 */
import { compile, type CompileResult, makeTensor, ModelBuilder, type ModelProto, type NodeProto, onnx } from '@axplain/onnx';
import { describe, expect, it } from 'vitest';
import { Rng } from '@axplain/core';
import { gradCheck, type GradCheckOptions } from './gradcheck.js';

/** y = Tanh(x W1) W2 + x W3, x [1, 6]: dx = W1 (ct W2^T * (1 - h^2)) + ct W3^T, two terms summed. */
function model(): ModelProto {
  const rng = new Rng(1);
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', [1, 6]);
  const h = b.node('Tanh', [b.node('MatMul', [x, b.initializer('w1', [6, 5], Array.from(rng.fillNormal(30)))])]);
  b.output(b.node('Add', [b.node('MatMul', [h, b.initializer('w2', [5, 3], Array.from(rng.fillNormal(15)))]), b.node('MatMul', [x, b.initializer('w3', [6, 3], Array.from(rng.fillNormal(18)))])]));
  return b.build();
}

/** compile(model) with its gradient graph edited by `edit` (on a copy). */
function broken(m: ModelProto, edit: (nodes: NodeProto[], graph: NonNullable<ModelProto['graph']>) => void): CompileResult {
  const res = compile(m, { wrt: ['x'] });
  const copy = onnx.ModelProto.decode(onnx.ModelProto.encode(res.model).finish());
  edit(copy.graph!.node!.slice(res.forwardNodes), copy.graph!);
  return { ...res, model: copy };
}

const OPTS: GradCheckOptions = { wrt: ['x'], seed: 4, directions: 3 };
const TOL = 2e-2;

describe('gradCheck catches broken gradient graphs', () => {
  const m = model();

  it('passes the correct graph, along random directions and along the gradient', async () => {
    for (const direction of ['random', 'gradient'] as const) {
      const r = await gradCheck(m, { ...OPTS, direction, randomDirections: 1 });
      expect(r.maxRelError).toBeLessThan(1e-3);
      expect(r.perWrt[0]!.gradNorm).toBeGreaterThan(0.1);
    }
  });

  it("fails a rule with the wrong sign (Tanh's derivative written h^2 - 1)", async () => {
    const res = broken(m, (nodes) => {
      const sub = nodes.find((n) => n.opType === 'Sub')!;
      sub.input = [sub.input![1]!, sub.input![0]!];
    });
    for (const direction of ['random', 'gradient'] as const) {
      const r = await gradCheck(m, { ...OPTS, direction, compiled: res });
      expect(r.maxRelError).toBeGreaterThan(10 * TOL);
    }
  });

  it('fails a dropped term (the skip path x W3 left out of the sum)', async () => {
    const res = broken(m, (nodes) => {
      const sum = nodes.find((n) => n.opType === 'Sum')!;
      expect(sum.input).toHaveLength(2);
      sum.input = [sum.input![1]!];
    });
    for (const direction of ['random', 'gradient'] as const) {
      const r = await gradCheck(m, { ...OPTS, direction, compiled: res });
      expect(r.maxRelError).toBeGreaterThan(10 * TOL);
    }
  });

  it('fails a coordinate wrongly zero: missed along the gradient, caught by the zero probe and by random directions', async () => {
    const res = broken(m, (nodes, graph) => {
      const last = nodes.find((n) => n.output![0] === 'x_grad')!;
      last.output = ['x_grad_unmasked'];
      graph.initializer!.push(makeTensor('mask', 1, [1, 6], [1, 1, 0, 1, 1, 1]));
      graph.node!.push({ opType: 'Mul', input: ['x_grad_unmasked', 'mask'], output: ['x_grad'], name: 'zero_one_coordinate' });
    });
    const truth = await gradCheck(m, { ...OPTS, direction: 'gradient', zeroProbe: false });
    const alongGradient = await gradCheck(m, { ...OPTS, direction: 'gradient', zeroProbe: false, compiled: res });
    // The coordinate carries a real part of the gradient, yet no gradient direction sees it.
    expect(truth.perWrt[0]!.gradNorm - alongGradient.perWrt[0]!.gradNorm).toBeGreaterThan(0.01 * truth.perWrt[0]!.gradNorm);
    expect(alongGradient.maxRelError).toBeLessThan(1e-3);
    // The probe of the zero coordinates (on by default) catches it,
    const probed = await gradCheck(m, { ...OPTS, direction: 'gradient', compiled: res });
    const probe = probed.perWrt[0]!.checks.find((c) => c.kind === 'zero-probe')!;
    expect(probe.analytic).toBe(0);
    expect(Math.abs(probe.numeric)).toBeGreaterThan(0.01);
    expect(probed.maxRelError).toBeGreaterThan(10 * TOL);
    // and so do random directions.
    const random = await gradCheck(m, { ...OPTS, direction: 'random', zeroProbe: false, compiled: res });
    expect(random.maxRelError).toBeGreaterThan(10 * TOL);
    const mixed = await gradCheck(m, { ...OPTS, direction: 'gradient', zeroProbe: false, randomDirections: 2, compiled: res });
    expect(mixed.perWrt[0]!.checks.map((c) => c.kind)).toEqual(['gradient', 'masked-gradient', 'masked-gradient', 'random', 'random']);
    expect(mixed.maxRelError).toBeGreaterThan(10 * TOL);
  });

  it('reports each direction with how it was drawn; the zero probe only where some coordinate is exactly zero', async () => {
    const r = await gradCheck(m, { ...OPTS, direction: 'gradient' });
    expect(r.perWrt[0]!.checks.map((c) => c.kind)).toEqual(['gradient', 'masked-gradient', 'masked-gradient']);
    // Relu(x) at points of both signs: the negative half has a true zero gradient, which the probe confirms.
    const b = new ModelBuilder({ opset: 13 });
    b.output(b.node('Relu', [b.input('x', [1, 6])]));
    const relu = await gradCheck(b.build(), { wrt: ['x'], feeds: { x: Float32Array.of(-0.9, -0.5, -0.3, 0.4, 0.6, 0.8) }, seed: 1 });
    const probe = relu.perWrt[0]!.checks.find((c) => c.kind === 'zero-probe')!;
    expect(probe.analytic).toBe(0);
    expect(probe.numeric).toBe(0);
    expect(relu.maxRelError).toBeLessThan(1e-3);
  });
});
