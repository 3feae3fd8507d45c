/**
 * `axplain evaluate --queue` with `axplain worker` processes on a real Redis (started here by
 * test/support/redis.ts, never a mock): the numbers of results.json equal a local --workers 1 run
 * with two workers, with a worker SIGKILLed mid-job (its job is retried by another worker through
 * BullMQ's stalled-job check), with the submitter SIGKILLed and started again (it re-attaches to
 * its flow), with Redis restarted mid-run, and through a password-protected Redis whose password
 * is never printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { redisCli, redisRequirement, startRedis, type TestRedis } from './support/redis.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = ['--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts'];
const RUN = ['--model', 'models/mnist-mlp/model.onnx', '--dataset', 'mnist', '--limit', '8', '--methods', 'saliency,smoothgrad', '--set', 'smoothgrad.samples=8',
  '--metrics', 'deletion,sparseness', '--job-size', '2'];
const LOCK_MS = '4000';
const tmp = mkdtempSync(join(tmpdir(), 'axplain-queue-'));
const redis = redisRequirement('queue tests (axplain evaluate --queue, axplain worker)');

/** The numbers of a results.json (its header names the command). */
const numbers = (dir: string): string => {
  const r = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: unknown; curves: unknown };
  return JSON.stringify({ results: r.results, curves: r.curves });
};
const journalLines = (dir: string): number => (existsSync(join(dir, 'journal.jsonl')) ? readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0);

interface Proc { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null>; waitFor: (re: RegExp) => Promise<void> }

const procs: Proc[] = [];
function cli(...args: string[]): Proc {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const check = (): void => { for (const w of waiters.splice(0)) (w.re.test(out) ? w.resolve() : waiters.push(w)); };
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); check(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const p: Proc = {
    child, out: () => out, err: () => err, exited,
    waitFor: (re) => new Promise<void>((resolve, reject) => {
      waiters.push({ re, resolve });
      check();
      void exited.then(() => reject(new Error(`process exited before printing ${re}: ${out}${err}`)));
    }),
  };
  procs.push(p);
  return p;
}
const worker = (url: string): Proc => cli('worker', '--queue', url, '--lock-ms', LOCK_MS);
const submit = (url: string, out: string): Proc => cli('evaluate', ...RUN, '--out', out, '--queue', url);
const serving = /serving axplain-evaluate-jobs/;
const until = async (ok: () => boolean): Promise<void> => { while (!ok()) await new Promise((r) => setTimeout(r, 20)); };

redis.describe('axplain evaluate --queue on a real Redis', () => {
  let server: TestRedis;
  let url: string;
  const local = join(tmp, 'local');
  let w1: Proc;

  beforeAll(async () => {
    server = await startRedis();
    url = `redis://127.0.0.1:${server.port}`;
    const r = cli('evaluate', ...RUN, '--out', local, '--workers', '1');
    expect(await r.exited, r.err()).toBe(0);
    expect(r.err()).toBe('');
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) { p.child.kill('SIGCONT'); p.child.kill('SIGKILL'); }
    await server?.stop();
  });

  redis.it('two worker processes give the numbers of a local --workers 1 run, and stop cleanly on SIGTERM', async () => {
    w1 = worker(url);
    const w2 = worker(url);
    await Promise.all([w1.waitFor(serving), w2.waitFor(serving)]);
    const out = join(tmp, 'two');
    const s = submit(url, out);
    expect(await s.exited, s.err()).toBe(0);
    expect(s.out()).toMatch(/on the queue at redis:\/\/127\.0\.0\.1:\d+/);
    expect(s.err()).toMatch(/^axplain evaluate: submitted 4 batch jobs as run [0-9a-f]{12} to redis/);
    expect(numbers(out)).toBe(numbers(local));
    for (const w of [w1, w2]) expect(w.out()).toMatch(/batch job \d .* done in [\d.]+ s on cpu/); // both took part
    w2.child.kill('SIGTERM');
    expect(await w2.exited).toBe(0);
    expect(w2.out()).toMatch(/stopping: finishing the active jobs\naxplain worker: stopped\n$/);
  }, 120_000);

  redis.it('a worker SIGKILLed mid-job: another worker retries its job and the numbers equal the local run', async () => {
    // A fresh worker's first job starts with loading the model and samples (seconds): killed there, it dies mid-job for sure.
    const doomed = worker(url);
    await doomed.waitFor(serving);
    const mark = w1.out().length;
    const out = join(tmp, 'killed');
    const s = submit(url, out);
    await Promise.race([doomed.waitFor(/batch job \d [^\n]* started\n/), s.exited.then(() => { throw new Error(`the run ended before the second worker got a job: ${s.err()}`); })]);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const killed = /batch job (\d) [^\n]* started\n$/.exec(doomed.out()); // its last line: it died mid-job
    expect(killed, doomed.out()).not.toBeNull();
    expect(await s.exited, s.err()).toBe(0);
    expect(numbers(out)).toBe(numbers(local));
    // The killed worker's job was run again by the other (after its lock expired: BullMQ's stalled check).
    expect(w1.out().slice(mark)).toMatch(new RegExp(`batch job ${killed![1]} [^\\n]* done in`));
  }, 120_000);

  redis.it('a submitter SIGKILLed and started again with the same command re-attaches to its flow', async () => {
    const out = join(tmp, 'reattach');
    const first = submit(url, out);
    while (journalLines(out) < 2 && first.child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.err()).toMatch(/submitted 4 batch jobs/);
    const again = submit(url, out);
    expect(await again.exited, again.err()).toBe(0);
    expect(again.err()).toMatch(/^axplain evaluate: re-attached to run [0-9a-f]{12}/);
    expect(again.err()).not.toMatch(/submitted/);
    expect(numbers(out)).toBe(numbers(local));
  }, 120_000);

  redis.it('Redis restarted while a run waits for its jobs (append-only file): the run completes with the same numbers', async () => {
    w1.child.kill('SIGSTOP'); // the worker frozen: the jobs are still in Redis when it restarts
    const out = join(tmp, 'restart');
    const s = submit(url, out);
    await until(() => /submitted 4 batch jobs/.test(s.err()));
    await server.stop();
    await server.start();
    w1.child.kill('SIGCONT');
    expect(await s.exited, s.err()).toBe(0);
    expect(numbers(out)).toBe(numbers(local));
    expect(s.err()).not.toMatch(/missing from Redis/); // and Redis kept the jobs
  }, 120_000);

  redis.it('Redis lost its data mid-run: the submitter submits the missing jobs again and the numbers are the same', async () => {
    w1.child.kill('SIGSTOP');
    const out = join(tmp, 'flushed');
    const s = submit(url, out);
    await until(() => /submitted 4 batch jobs/.test(s.err()));
    expect(redisCli(server.port, 'FLUSHALL')).toBe('OK');
    await until(() => /was missing from Redis/.test(s.err()));
    w1.child.kill('SIGCONT');
    expect(await s.exited, s.err()).toBe(0);
    expect(numbers(out)).toBe(numbers(local));
    expect(s.err().match(/batch job \d was missing from Redis; submitted it again/g), s.err()).toHaveLength(4);
  }, 120_000);

  redis.it('a worker whose model file has another sha256 fails the jobs for good, naming both hashes; fixed, the same command retries them', async () => {
    const model = join(tmp, 'model.onnx');
    const bytes = readFileSync(join(ROOT, RUN[1]!));
    writeFileSync(model, bytes);
    const run = (out: string) => cli('evaluate', '--model', model, ...RUN.slice(2), '--out', out, '--queue', url);
    const out = join(tmp, 'mismatch');
    w1.child.kill('SIGSTOP');
    const s = run(out);
    await until(() => /submitted 4 batch jobs/.test(s.err()));
    appendFileSync(model, 'x'); // the file changes between submission and the worker's jobs
    w1.child.kill('SIGCONT');
    expect(await s.exited).toBe(1);
    expect(s.err()).toMatch(/axplain: error: batch job \d \(samples \d\.\.\d\) failed on the queue after 1 attempt\(s\): model file '[^']*model\.onnx' on worker \S+ has sha256 [0-9a-f]{64}, but the run needs [0-9a-f]{64}: copy the submitter's model there\n$/);
    writeFileSync(model, bytes);
    const again = run(out);
    expect(await again.exited, again.err()).toBe(0);
    expect(again.err()).toMatch(/re-attached to run[\s\S]*batch job \d had failed \(model file [^\n]*\); retrying it/);
    expect(numbers(out)).toBe(numbers(local));
    w1.child.kill('SIGTERM');
    expect(await w1.exited).toBe(0);
  }, 120_000);

  redis.it('a password in the URL works and is printed nowhere; a wrong one is refused in one line', async () => {
    const locked = await startRedis(['--requirepass', 'secret']);
    try {
      const auth = `redis://:secret@127.0.0.1:${locked.port}`;
      const w = worker(auth);
      await w.waitFor(serving);
      const out = join(tmp, 'auth');
      const s = submit(auth, out);
      expect(await s.exited, s.err()).toBe(0);
      expect(numbers(out)).toBe(numbers(local));
      w.child.kill('SIGTERM');
      await w.exited;
      const printed = [s.out(), s.err(), w.out(), w.err(), readFileSync(join(out, 'results.json'), 'utf8'), readFileSync(join(out, 'results.md'), 'utf8')].join('\n');
      expect(printed).toMatch(/redis:\/\/127\.0\.0\.1:\d+/);
      expect(printed).not.toMatch(/secret/);
      const bad = cli('evaluate', ...RUN, '--out', join(tmp, 'bad'), '--queue', `redis://:wrongpw@127.0.0.1:${locked.port}`);
      expect(await bad.exited).toBe(1);
      expect(bad.err()).toMatch(/^axplain: error: --queue: cannot use Redis at redis:\/\/127\.0\.0\.1:\d+: WRONGPASS[^\n]*\n$/);
      expect(bad.out() + bad.err()).not.toMatch(/wrongpw/);
    } finally {
      await locked.stop();
    }
  }, 120_000);
});
