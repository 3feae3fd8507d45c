import { describe, expect, it } from 'vitest';
import { crossEntropy, doubleBackprop, rightReasons, termNames, weightDecay } from './terms.js';

describe('loss term presets', () => {
  it('spell out the papers\' definitions', () => {
    expect(rightReasons(1000)).toEqual({ kind: 'input-gradient', of: 'log-prob-sum', penalty: 'squared', masked: true, weight: 1000, name: 'rrr' });
    expect(doubleBackprop(0.1)).toMatchObject({ of: 'cross-entropy', penalty: 'half-squared', weight: 0.1, name: 'grad_l2' });
    expect(doubleBackprop(0.1, 'l1')).toMatchObject({ of: 'cross-entropy', penalty: 'abs', name: 'grad_l1' });
    expect(doubleBackprop(0.1).masked).toBeUndefined();
    expect(weightDecay(1e-4, ['W'])).toEqual({ kind: 'weight-decay', weight: 1e-4, params: ['W'], name: 'l2' });
    expect(crossEntropy()).toEqual({ kind: 'cross-entropy', weight: 1, name: 'ce' });
  });

  it('term names default to the kind, must be unique and output-safe', () => {
    expect(termNames([crossEntropy(), { kind: 'log-prob-sum' }])).toEqual(['ce', 'log-prob-sum']);
    expect(() => termNames([doubleBackprop(1), doubleBackprop(2)])).toThrow(/two terms are named 'grad_l2'/);
    expect(() => termNames([{ kind: 'cross-entropy', name: 'a b' }])).toThrow(/must match/);
  });
});
