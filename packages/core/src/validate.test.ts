import { describe, expect, it } from 'vitest';
import { checkChoice, checkInteger, checkNumber, describeNumber } from './validate.js';

describe('validate', () => {
  it('checkInteger returns valid values and names the option, the domain and the value otherwise', () => {
    expect(checkInteger('steps', 3, { min: 1 })).toBe(3);
    expect(() => checkInteger('steps', 0, { min: 1 })).toThrow(new RangeError('steps: must be an integer >= 1, got 0'));
    expect(() => checkInteger('steps', 1.5, { min: 1 })).toThrow('steps: must be an integer >= 1, got 1.5');
    expect(() => checkInteger('k', 10, { min: 1, max: 9 })).toThrow('k: must be an integer in 1..9, got 10');
    expect(() => checkInteger('seed', '3')).toThrow('seed: must be an integer, got 3');
    expect(() => checkInteger('n', NaN, { max: 2 })).toThrow('n: must be an integer <= 2, got NaN');
  });
  it('checkNumber: open and closed ends, non-finite values rejected', () => {
    expect(checkNumber('q', 0.5, { above: 0, below: 1 })).toBe(0.5);
    expect(() => checkNumber('q', 1, { above: 0, below: 1 })).toThrow('q: must be a number in (0, 1), got 1');
    expect(() => checkNumber('eps', -1, { min: 0 })).toThrow('eps: must be a number >= 0, got -1');
    expect(() => checkNumber('eps', Infinity)).toThrow('eps: must be a finite number, got Infinity');
    expect(describeNumber({ above: 0, max: 1 })).toBe('a number in (0, 1]');
    expect(describeNumber({ below: 3 })).toBe('a number < 3');
  });
  it('checkChoice lists the choices', () => {
    expect(checkChoice('render', 'overlay', ['overlay', 'heatmap'], 'mode')).toBe('overlay');
    expect(() => checkChoice('render', 'x', ['overlay', 'heatmap'], 'mode')).toThrow("render: unknown mode 'x'; choose one of overlay, heatmap");
  });
});
