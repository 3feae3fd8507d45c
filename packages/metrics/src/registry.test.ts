import { gradientXInput, optionList, Rng, tensor } from '@axplain/core';
import { LinearModel } from '@axplain/core/testing';
import { describe, expect, it } from 'vitest';
import { registryExplainer } from './explainer.js';
import { boxMasks } from './localisation/masks.js';
import { METRIC_CATEGORIES, METRIC_NAMES, METRICS, metric, metricsIn } from './registry.js';
import type { MetricInput } from './types.js';

// Small options so every metric runs in milliseconds on the 6x6 two-class linear model.
const SMALL = { samples: 4, steps: 4, subsetSize: 6 };

describe('the metric registry', () => {
  it('lists every metric once, in six categories, each with a paper, an about line and options whose defaults resolve', () => {
    expect(new Set(METRIC_NAMES).size).toBe(METRICS.length);
    expect(METRICS.length).toBe(25);
    for (const c of METRIC_CATEGORIES) expect(metricsIn(c).length).toBeGreaterThan(0);
    for (const m of METRICS) {
      expect(m.paper.authors.length * m.paper.title.length * m.paper.year).toBeGreaterThan(0);
      expect(m.about.length).toBeGreaterThan(10);
      const defaults = m.resolve({});
      for (const o of optionList(m.options)) expect((defaults as Record<string, unknown>)[o.name]).toEqual(o.default);
    }
  });
  it('finds metrics by name and lists the choices for an unknown one', () => {
    expect(metric('energy-game').category).toBe('localisation');
    expect(() => metric('pixel-flip')).toThrow("metric: unknown metric 'pixel-flip'; choose one of deletion, insertion, road");
  });
  it('validates options through core\'s option specs: one bad value reads the same everywhere', async () => {
    expect(() => metric('max-sensitivity').resolve({ samples: 0 })).toThrow('samples: must be an integer >= 1, got 0');
    expect(() => metric('road').resolve({ order: 'random' })).toThrow("order: unknown value 'random'; choose one of morf, lerf");
  });
  it('runs every metric but parameter randomisation (tested with its randomizable model) from its descriptor alone', async () => {
    const rng = new Rng(1);
    const model = new LinearModel([1, 6, 6], 2, rng.fillNormal(72));
    const x = tensor(rng.fillUniform(72, 0, 1), [2, 1, 6, 6]);
    const { attribution, targets } = await gradientXInput(model, x);
    const input: MetricInput = {
      model, x, attribution, target: Array.from(targets), explainer: registryExplainer('gradxinput'),
      masks: boxMasks([{ x: 1, y: 1, width: 3, height: 3 }, { x: 0, y: 2, width: 6, height: 2 }], 6, 6),
    };
    for (const m of METRICS) {
      if (m.needs.includes('randomizable')) continue;
      let progressed = 0;
      const r = await m.evaluate(input, SMALL, { onProgress: () => progressed++ });
      expect(r.metric, m.name).toBe(m.name);
      expect(r.perSample.length, m.name).toBe(2);
      if (r.n > 1) expect(r.ci95[0] <= r.mean && r.mean <= r.ci95[1], `${m.name}: ci95 holds the mean`).toBe(true);
      expect(progressed > 0, `${m.name} reports progress`).toBe(m.needs.includes('model'));
    }
  });
});
