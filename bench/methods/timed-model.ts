/** A GradientModel that adds up the time spent in its logits and vjp calls (the model's share of a method). */
import type { GradientModel } from '@axplain/core';

export interface TimedModel { model: GradientModel; ms: { logits: number; vjp: number; logitsRows: number; vjpRows: number }; reset(): void }

export function timedModel(inner: GradientModel): TimedModel {
  const ms = { logits: 0, vjp: 0, logitsRows: 0, vjpRows: 0 };
  const model = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'logits' || prop === 'vjp') {
        return async (...args: Parameters<GradientModel['vjp']>) => {
          const t0 = performance.now();
          const r = await (target[prop] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          ms[prop] += performance.now() - t0;
          ms[`${prop}Rows`] += args[0].shape[0]!;
          return r;
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { model, ms, reset: () => { ms.logits = ms.vjp = ms.logitsRows = ms.vjpRows = 0; } };
}
