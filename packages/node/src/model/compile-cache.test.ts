import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, decodeModel, encodeModel, ModelBuilder } from '@axplain/onnx';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKey, cachePaths, compilerFingerprint, compileWithCache } from './compile-cache.js';

/** x [N, 4] -> MatMul W -> Tanh -> two outputs (tanh_1 and the MatMul). */
function model(scale: number): Uint8Array {
  const b = new ModelBuilder({ opset: 13 });
  const x = b.input('x', ['N', 4]);
  const w = b.initializer('w', [4, 3], Array.from({ length: 12 }, (_, i) => scale * (i - 5)));
  const z = b.node('MatMul', [x, w]);
  b.output(b.node('Tanh', [z]));
  b.output(z);
  return encodeModel(b.build());
}

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'axplain-cache-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const opts = { wrt: 'x', of: 'tanh_1' };
const fresh = (bytes: Uint8Array, of = 'tanh_1') => encodeModel(compile(bytes, { wrt: ['x'], of }).model);

describe('compileWithCache', () => {
  it('without a location compiles every time and reports off', () => {
    const bytes = model(0.1);
    const r = compileWithCache(bytes, opts, undefined);
    expect(r.cache).toEqual({ status: 'off' });
    expect(r.compiled.cotangentInput).toBe('tanh_1_cotangent');
    expect(r.compiled.gradOutput).toBe('x_grad');
    expect(r.compiled.bytes).toEqual(fresh(bytes));
  });

  it('misses, stores a plain .onnx with a sidecar, then hits with the same bytes', () => {
    const dir = tmp();
    const bytes = model(0.1);
    const loc = { dir, stem: 'tiny' };
    const first = compileWithCache(bytes, opts, loc);
    expect(first.cache.status).toBe('miss');
    expect(first.cache.path).toBe(cachePaths(loc, cacheKey(bytes, opts)).onnx);
    expect(readdirSync(dir).sort()).toEqual([`tiny.axplain-grad.${cacheKey(bytes, opts).slice(0, 16)}.json`, `tiny.axplain-grad.${cacheKey(bytes, opts).slice(0, 16)}.onnx`]);
    // The entry is a loadable ONNX model with the contract's extra input and output.
    const stored = decodeModel(readFileSync(first.cache.path!));
    expect(stored.graph!.input!.map((i) => i.name)).toEqual(['x', 'tanh_1_cotangent']);
    expect(stored.graph!.output!.map((o) => o.name)).toEqual(['tanh_1', 'matmul_0', 'x_grad']);
    const second = compileWithCache(bytes, opts, loc);
    expect(second.cache).toEqual({ status: 'hit', path: first.cache.path });
    expect(second.compiled).toEqual(first.compiled);
  });

  it('keys entries by model bytes, compile options and compiler', () => {
    const a = model(0.1);
    const b = model(0.2);
    expect(cacheKey(a, opts)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(a, opts)).toBe(cacheKey(Uint8Array.from(a), opts));
    expect(cacheKey(a, opts)).not.toBe(cacheKey(b, opts));
    expect(cacheKey(a, opts)).not.toBe(cacheKey(a, { wrt: 'x', of: 'matmul_0' }));
    expect(compilerFingerprint()).toMatch(/^@axplain\/onnx@\d+\.\d+\.\d+\.r\d+\+ops\.[0-9a-f]{12}$/);
    const dir = tmp();
    compileWithCache(a, opts, { dir, stem: 'm' });
    const other = compileWithCache(a, { wrt: 'x', of: 'matmul_0' }, { dir, stem: 'm' });
    expect(other.cache.status).toBe('miss');
    expect(other.compiled.bytes).toEqual(fresh(a, 'matmul_0'));
  });

  const corruptions: [string, (p: { onnx: string; json: string }) => void, RegExp][] = [
    ['a flipped byte in the .onnx', (p) => { const b = readFileSync(p.onnx); b[b.length >> 1]! ^= 0x40; writeFileSync(p.onnx, b); }, /does not match its recorded SHA-256/],
    ['a truncated .onnx', (p) => writeFileSync(p.onnx, readFileSync(p.onnx).subarray(0, 100)), /does not match its recorded SHA-256/],
    ['a missing .onnx', (p) => unlinkSync(p.onnx), /compiled model .* unreadable/],
    ['garbage in the sidecar', (p) => writeFileSync(p.json, '{"format": 1, "key"'), /sidecar .* unreadable/],
    ['a missing sidecar', (p) => unlinkSync(p.json), /sidecar .* unreadable/],
    ['a sidecar without names', (p) => { const m = JSON.parse(readFileSync(p.json, 'utf8')); delete m.gradOutput; writeFileSync(p.json, JSON.stringify(m)); }, /lacks the compile result's names/],
  ];
  for (const [what, damage, reason] of corruptions)
    it(`ignores and rewrites an entry with ${what}`, () => {
      const dir = tmp();
      const bytes = model(0.1);
      const loc = { dir, stem: 'tiny' };
      compileWithCache(bytes, opts, loc);
      damage(cachePaths(loc, cacheKey(bytes, opts)));
      const r = compileWithCache(bytes, opts, loc);
      expect(r.cache.status).toBe('corrupt');
      expect(r.cache.reason).toMatch(reason);
      expect(r.compiled.bytes).toEqual(fresh(bytes));
      expect(compileWithCache(bytes, opts, loc).cache.status).toBe('hit');
    });

  it("never serves another model's entry planted under this key", () => {
    const dir = tmp();
    const a = model(0.1);
    const b = model(0.2);
    const loc = { dir, stem: 'm' };
    compileWithCache(b, opts, loc);
    const pa = cachePaths(loc, cacheKey(a, opts));
    const pb = cachePaths(loc, cacheKey(b, opts));
    writeFileSync(pa.onnx, readFileSync(pb.onnx));
    writeFileSync(pa.json, readFileSync(pb.json));
    const r = compileWithCache(a, opts, loc);
    expect(r.cache.status).toBe('corrupt');
    expect(r.cache.reason).toContain('is for another model, compiler or format');
    expect(r.compiled.bytes).toEqual(fresh(a));
  });

  it('still compiles when the entry cannot be written, and says why', () => {
    const dir = tmp();
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'not a directory');
    const r = compileWithCache(model(0.1), opts, { dir: join(blocker, 'cache'), stem: 'm' });
    expect(r.cache.status).toBe('miss');
    expect(r.cache.writeError).toMatch(/ENOTDIR|EEXIST/);
    expect(r.compiled.bytes).toEqual(fresh(model(0.1)));
  });
});
