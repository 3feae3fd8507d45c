/** Seeded pseudo-random numbers (mulberry32 + Box-Muller): every random choice takes a seed. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0 || 0x9e3779b9; }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number { return lo + (hi - lo) * this.next(); }
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  fillUniform(n: number, lo: number, hi: number): Float32Array {
    return Float32Array.from({ length: n }, () => this.uniform(lo, hi));
  }
  fillNormal(n: number, std = 1): Float32Array {
    return Float32Array.from({ length: n }, () => std * this.normal());
  }
}
