/**
 * The journal of an `axplain evaluate` run: `DIR/journal.jsonl`, a header line with the run spec
 * and its hash, then one line per finished job with its per-sample records, each appended and
 * fsynced before the job counts as done. A run killed at any point leaves whole lines plus at most
 * one torn last line, which the next run cuts off; the same command then runs only the jobs
 * missing. Numbers go through JSON, which prints every double so that it parses back to itself.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { CliError } from '../run.js';
import type { SampleRecord } from './job.js';
import { type RunSpec, specDifferences, specHash } from './spec.js';

const FORMAT = 'axplain-evaluate-journal/1';

interface Header { format: string; specHash: string; spec: RunSpec }

export interface OpenedJournal {
  /** Records of the jobs already done, by job index. */
  done: Map<number, SampleRecord[]>;
  /** Appends a finished job durably. */
  append(job: number, records: SampleRecord[]): void;
  close(): void;
  path: string;
}

/**
 * Opens (or starts) the journal of `spec` in `dir`. A journal of another spec is refused, naming
 * the flags that differ, unless `restart` (then it is discarded).
 */
export function openJournal(dir: string, spec: RunSpec, restart = false): OpenedJournal {
  const path = join(dir, 'journal.jsonl');
  const hash = specHash(spec);
  const done = new Map<number, SampleRecord[]>();
  if (existsSync(path) && restart) rmSync(path);
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, end))); // a line torn by a kill
    const lines = text.slice(0, end).split('\n').filter(Boolean);
    let header: Header | undefined;
    try { header = JSON.parse(lines[0] ?? '') as Header; } catch { /* reported below */ }
    if (header?.format !== FORMAT)
      throw new CliError(`--out: '${path}' is not a journal of axplain evaluate; choose another --out or pass --restart to replace it`);
    if (header.specHash !== hash) {
      const diff = specDifferences(header.spec, spec);
      throw new CliError(`--out: '${dir}' holds a run of a different command (it differs in ${diff.length ? diff.join(', ') : 'its run spec'}); run that command again to continue it, pass --restart to discard it, or choose another --out`);
    }
    lines.slice(1).forEach((line, i) => {
      try {
        const { job, records } = JSON.parse(line) as { job: number; records: SampleRecord[] };
        done.set(job, records);
      } catch {
        throw new CliError(`--out: line ${i + 2} of '${path}' is damaged; pass --restart to start the run again`);
      }
    });
  } else {
    writeFileAtomic(path, JSON.stringify({ format: FORMAT, specHash: hash, spec } satisfies Header) + '\n');
  }
  const fd = openSync(path, 'a');
  return {
    done, path,
    append: (job, records) => {
      writeSync(fd, JSON.stringify({ job, records }) + '\n');
      fsyncSync(fd);
      done.set(job, records);
    },
    close: () => closeSync(fd),
  };
}
