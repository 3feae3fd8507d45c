/**
 * A reproduction's files: `results.json` (the command, seed, n, every row with its per-sample
 * values, the checks) and `results.md` (the same as tables), written to a temporary name and
 * renamed so an interrupted run leaves no half-written file.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Check, fmt, type Reproduction } from './common.js';

/** "a agree, b disagree, c inconclusive (of n checks)". */
export function tally(checks: readonly Check[]): string {
  const k = (v: Check['verdict']) => checks.filter((c) => c.verdict === v).length;
  return `${k('agrees')} agree, ${k('disagrees')} disagree, ${k('inconclusive')} inconclusive (of ${checks.length} checks).`;
}

/** results.json's content: the reproduction plus how it was run. */
export interface ReproductionFile extends Reproduction { command: string; seconds: number; date: string }

/** results.md for a reproduction. */
export function resultsMarkdown(r: ReproductionFile): string {
  const lines = [
    `# Reproduction: ${r.name}`, '',
    `Paper: ${r.paper}.`, '', `Claim: ${r.claim}.`, '',
    `Command: \`${r.command}\``, '',
    `Seed ${r.seed}; n = ${r.n} samples per model; models ${r.models.map((m) => `\`${m}\``).join(', ')}; ${r.seconds.toFixed(0)} s on ${r.date}.`, '',
    '## Settings', '', ...Object.entries(r.settings).map(([k, v]) => `- ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`), '',
    '## Does it agree with the paper?', '', '| claim | observed (mean [95% CI]) | agrees |', '|---|---|---|',
    ...r.checks.map((c) => `| ${c.claim} | ${c.observed} | ${c.verdict === 'agrees' ? 'yes' : c.verdict === 'disagrees' ? '**no**' : 'inconclusive'} |`), '',
    tally(r.checks), '',
  ];
  if (r.notes.length) lines.push('## Notes', '', ...r.notes.map((n) => (n === '' || n.startsWith('|') ? n : `- ${n}`)), '');
  lines.push('## Results', '', '| model | method | metric | mean | 95% CI | n |', '|---|---|---|---|---|---|',
    ...r.results.map((q) => `| ${q.model} | ${q.method} | ${q.metric} | ${fmt(q.mean, 4)} | [${fmt(q.ci95[0], 4)}, ${fmt(q.ci95[1], 4)}] | ${q.n} |`), '',
    'Per-sample values are in results.json.', '');
  return lines.join('\n');
}

const atomicWrite = (path: string, text: string) => { writeFileSync(`${path}.tmp`, text); renameSync(`${path}.tmp`, path); };

/** Writes `dir/results.json` and `dir/results.md`. */
export function writeReproduction(dir: string, r: ReproductionFile): void {
  mkdirSync(dir, { recursive: true });
  atomicWrite(join(dir, 'results.json'), `${JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1)}\n`);
  atomicWrite(join(dir, 'results.md'), resultsMarkdown(r));
}
