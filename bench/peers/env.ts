/** Where and with what a benchmark ran (machine, load, versions), and its summary statistics. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => {
  try {
    const main = require.resolve(pkg);
    const root = main.slice(0, main.lastIndexOf(`/node_modules/${pkg}/`) + `/node_modules/${pkg}/`.length);
    return (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
  } catch { return 'unknown'; }
};

export function environment() {
  const c = cpus();
  return {
    date: new Date().toISOString(),
    machine: `${c.length} x ${c[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`,
    load: loadavg().map((v) => Number(v.toFixed(2))),
    versions: Object.fromEntries(['onnxruntime-node', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@jax-js/jax', '@jax-js/onnx'].map((p) => [p, versionOf(p)])),
  };
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b), i = (s.length - 1) * q, lo = Math.floor(i);
  return s[lo]! + (s[Math.ceil(i)]! - s[lo]!) * (i - lo);
};
/** Half the interquartile range. */
export const spread = (xs: readonly number[]) => (quantile(xs, 0.75) - quantile(xs, 0.25)) / 2;
