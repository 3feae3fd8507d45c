/** A localisation metric: one number per (channel-reduced map, ground-truth mask) pair, no model call. */
import { choiceOption, type OptionSpec, type Paper } from '@axplain/core';
import { metricResult } from '../aggregate.js';
import { attributionOf, need } from '../input.js';
import { defineMetric, type MetricDescriptor } from '../metric.js';
import { LAYOUTS, type Layout, reduceChannels, spatialOf, type Spatial } from '../spatial.js';
import type { MetricInput, MetricResult } from '../types.js';
import { checkMasks } from './masks.js';

export interface LocalisationOptions { layout: Layout }

const layoutOption: OptionSpec<Layout> = choiceOption('layout', 'nchw', LAYOUTS, 'where the channels of a 3-d per-sample shape are');

/** The descriptor of a metric computed by `value(map, mask, grid)` per sample; the map is summed over channels. */
export function maskMetric<N extends string>(
  about: { name: N; about: string; paper: Paper; better: 'higher' | 'lower' },
  value: (map: Float64Array, mask: Float32Array, sp: Spatial) => number,
): MetricDescriptor<N, LocalisationOptions, null> {
  return defineMetric<N, LocalisationOptions, null>({
    ...about, category: 'localisation', needs: ['attribution', 'masks'], options: { layout: layoutOption },
    async run(input, o) {
      const { a, n, d } = attributionOf(input, about.name);
      const masks = need(input, 'masks', about.name);
      const sp = spatialOf(a.shape.slice(1), o.layout, about.name);
      const hw = sp.height * sp.width;
      checkMasks(masks, n, sp.height, sp.width, about.name);
      const perSample = Float64Array.from({ length: n }, (_, s) =>
        value(reduceChannels(a.data.subarray(s * d, (s + 1) * d), sp), masks.data.subarray(s * hw, (s + 1) * hw), sp));
      return metricResult(about.name, perSample, null);
    },
  });
}

/** The metric's function form: `fn({ attribution, masks }, { layout })`. */
export const maskMetricFunction = (m: MetricDescriptor<string, LocalisationOptions, null>) =>
  (input: MetricInput, options: Partial<LocalisationOptions> = {}): Promise<MetricResult<null>> => m.evaluate(input, options);

/** The boundary paper (Wang, Fredrikson, Datta), where Localisation, Energy Game, Positive Percentage and Concentration are defined. */
export const BOUNDARY_PAPER = { authors: 'Wang, Fredrikson, Datta', title: 'Robust Models Are More Interpretable Because Attributions Look Normal', year: 2022 } as const;
