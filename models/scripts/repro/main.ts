/**
 * One command per reproduction of the seed papers' claims:
 *   node --conditions source --import tsx models/scripts/repro/main.ts <name> [--n N] [--seed S] [--out DIR]
 * (`pnpm repro:<name>`); writes models/results/<name>/results.json and results.md.
 */
import { fileURLToPath } from 'node:url';
import { checkInteger } from '@axplain/core';
import { REPRODUCTIONS, type ReproductionName } from './registry.js';
import { tally, writeReproduction } from './report.js';

function parse(argv: string[]): { name: ReproductionName; n?: number; seed: number; out?: string } {
  const [name, ...rest] = argv;
  if (!name || !(name in REPRODUCTIONS)) throw new RangeError(`reproduction: give one of ${Object.keys(REPRODUCTIONS).join(', ')} (got ${name ?? 'nothing'})`);
  const o: { name: ReproductionName; n?: number; seed: number; out?: string } = { name: name as ReproductionName, seed: 0 };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i]!, rest[i + 1]];
    if (value === undefined) throw new RangeError(`${flag}: missing value`);
    if (flag === '--n') o.n = checkInteger('--n', Number(value), { min: 1 });
    else if (flag === '--seed') o.seed = checkInteger('--seed', Number(value), { min: 0 });
    else if (flag === '--out') o.out = value;
    else throw new RangeError(`unknown option ${flag}; options are --n, --seed, --out`);
  }
  return o;
}

async function main(argv: string[]): Promise<void> {
  const o = parse(argv);
  const entry = REPRODUCTIONS[o.name];
  const n = o.n ?? entry.defaultN;
  const command = `pnpm repro:${o.name}${o.n !== undefined ? ` --n ${o.n}` : ''}${o.seed !== 0 ? ` --seed ${o.seed}` : ''} (node --conditions source --import tsx models/scripts/repro/main.ts ${o.name} --n ${n} --seed ${o.seed})`;
  const start = performance.now();
  const r = await entry.run({ n, seed: o.seed });
  const out = o.out ?? fileURLToPath(new URL(`../../results/${o.name}`, import.meta.url));
  writeReproduction(out, { ...r, command, seconds: (performance.now() - start) / 1000, date: new Date().toISOString().slice(0, 10) });
  console.log(`${o.name}: ${tally(r.checks)} Wrote ${out}/results.json and results.md`);
  for (const c of r.checks) console.log(`  ${c.verdict.padEnd(12)} ${c.claim}: ${c.observed}`);
}

// Bad arguments and failed runs end with one line and exit code 1, no stack trace.
main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`repro: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
