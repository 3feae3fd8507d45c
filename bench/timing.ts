/**
 * Interleaved timing shared by the gradient benchmarks: forward and gradient runs alternate (the
 * order flipped every pair), so machine load hits both alike; per-pair ratios are summarised by
 * their median and quartiles.
 */
export const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (i - lo);
};
export const summary = (xs: number[]) => ({ median: quantile(xs, 0.5), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75), min: Math.min(...xs), max: Math.max(...xs) });
export type Summary = ReturnType<typeof summary>;

/** Two warm-up pairs, then `runs` timed pairs: forward ms, gradient ms and their per-pair ratio. */
export async function interleaved(fwd: () => Promise<unknown>, grad: () => Promise<unknown>, runs: number) {
  await fwd(); await grad(); await fwd(); await grad();
  const f: number[] = []; const g: number[] = []; const ratio: number[] = [];
  const time = async (fn: () => Promise<unknown>) => { const t0 = performance.now(); await fn(); return performance.now() - t0; };
  for (let i = 0; i < runs; i++) {
    let tf: number; let tg: number;
    if (i % 2 === 0) { tf = await time(fwd); tg = await time(grad); } else { tg = await time(grad); tf = await time(fwd); }
    f.push(tf); g.push(tg); ratio.push(tg / tf);
  }
  return { forwardMs: summary(f), gradientMs: summary(g), ratio: summary(ratio) };
}

/** "median (q1-q3)": two decimals below 10 ms, else one. */
export const fmtSummary = (s: Summary): string => { const d = s.median < 10 ? 2 : 1; return `${s.median.toFixed(d)} (${s.q1.toFixed(d)}-${s.q3.toFixed(d)})`; };

/** A ratio summary as "median (q1-q3)", two decimals. */
export const fmtRatio = (s: Summary): string => `${s.median.toFixed(2)} (${s.q1.toFixed(2)}-${s.q3.toFixed(2)})`;
