import { describe, expect, it } from 'vitest';
import { Adam, createOptimizer, SgdMomentum } from './optimizers.js';

const f32 = (xs: number[]) => Float32Array.from(xs);

describe('Adam', () => {
  it('matches two hand-computed steps (bias correction included)', () => {
    const p = { w: f32([1, -2, 0.5]) };
    const opt = new Adam({ lr: 0.01 });
    // Step 1: m_hat = g, v_hat = g^2, so each coordinate moves by lr * sign(g) (and not at all where g = 0).
    opt.step(p, { w: f32([0.1, -0.3, 0]) });
    expect(Array.from(p.w)).toEqual([Math.fround(0.99), Math.fround(-1.99), 0.5]);
    // Step 2, third coordinate: m = 0.1 * -0.4 = -0.04, v = 0.001 * 0.16 = 1.6e-4;
    // m_hat = -0.04 / 0.19 = -0.2105263, v_hat = 1.6e-4 / 0.001999 = 0.0800400, sqrt = 0.2829135;
    // p = 0.5 + 0.01 * 0.2105263 / 0.2829135 = 0.5074413.
    opt.step(p, { w: f32([0.2, 0.1, -0.4]) });
    expect(p.w[0]).toBeCloseTo(0.9803481698, 7);
    expect(p.w[1]).toBeCloseTo(-1.985997796, 7);
    expect(p.w[2]).toBeCloseTo(0.5074413419, 7);
    expect(opt.steps).toBe(2);
  });

  it('keeps state per parameter and moves by lr * |g| / (|g| + epsilon) on a first step of any scale', () => {
    const p = { a: f32([0, 0]), b: f32([3]) };
    const opt = createOptimizer('adam', 0.5);
    opt.step(p, { a: f32([1e-3, -1e3]), b: f32([-7]) });
    expect(Array.from(p.a)).toEqual([Math.fround((-0.5 * 1e-3) / (1e-3 + 1e-8)), 0.5]);
    expect(Array.from(p.b)).toEqual([3.5]);
  });

  it('rejects bad options and mismatched gradients naming the parameter', () => {
    expect(() => new Adam({ lr: 0 })).toThrow(/lr: must be a finite number > 0/);
    expect(() => new Adam({ beta1: 1 })).toThrow(/beta1: must be in \[0, 1\)/);
    const opt = new Adam();
    expect(() => opt.step({ w: f32([1]) }, {})).toThrow(/no gradient for parameter 'w'/);
    expect(() => opt.step({ w: f32([1]) }, { w: f32([1, 2]) })).toThrow(/grads.w: 2 values for a parameter of 1/);
  });
});

describe('SGD with momentum', () => {
  it('matches hand-computed steps: v <- mu v + g, p <- p - lr v', () => {
    const p = { w: f32([1, -1]) };
    const opt = new SgdMomentum({ lr: 0.1, momentum: 0.9 });
    opt.step(p, { w: f32([0.5, 1]) }); // v = [0.5, 1]; p = [0.95, -1.1]
    expect(Array.from(p.w)).toEqual([Math.fround(0.95), Math.fround(-1.1)]);
    opt.step(p, { w: f32([0.5, -1]) }); // v = [0.95, -0.1]; p = [0.855, -1.09]
    expect(p.w[0]).toBeCloseTo(0.855, 6);
    expect(p.w[1]).toBeCloseTo(-1.09, 6);
  });

  it('Nesterov steps along g + mu v; momentum 0 is plain SGD', () => {
    const p = { w: f32([0]) };
    const nesterov = new SgdMomentum({ lr: 0.1, momentum: 0.5, nesterov: true });
    nesterov.step(p, { w: f32([1]) }); // v = 1; step g + mu v = 1.5
    expect(p.w[0]).toBeCloseTo(-0.15, 7);
    nesterov.step(p, { w: f32([1]) }); // v = 1.5; step 1 + 0.75 = 1.75
    expect(p.w[0]).toBeCloseTo(-0.325, 7);
    const q = { w: f32([2]) };
    const plain = createOptimizer({ kind: 'sgd', momentum: 0 }, 0.25);
    plain.step(q, { w: f32([4]) });
    plain.step(q, { w: f32([4]) });
    expect(q.w[0]).toBe(0);
  });

  it('rejects an unknown optimiser and bad momentum', () => {
    expect(() => createOptimizer({ kind: 'rmsprop' } as never)).toThrow(/unknown kind 'rmsprop'; choose 'adam' or 'sgd'/);
    expect(() => new SgdMomentum({ momentum: -0.1 })).toThrow(/momentum: must be in \[0, 1\)/);
  });
});
