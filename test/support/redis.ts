/**
 * A real Redis for the queue tests: Debian's `redis-server` on 127.0.0.1 and a free port, with
 * its data in a temporary folder (`--save '' --appendonly yes`: nothing is lost across a restart).
 * Missing `redis-server` skips the tests with one line locally and fails them under CI (.ci/run
 * installs it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Requirement, requirement } from './requirement.js';

const which = (tool: string): string => spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout?.trim() ?? '';
const found = which('redis-server');
const cli = which('redis-cli');

/** The requirement of tests that start a Redis (redis-server, and redis-cli to act on it). */
export const redisRequirement = (what: string): Requirement =>
  requirement(what, found && cli ? undefined : 'redis-server or redis-cli is not installed (apt-get install redis-server)');

/** Runs one redis-cli command on the test server at `port`; its output, trimmed. */
export const redisCli = (port: number, ...args: string[]): string =>
  spawnSync(cli, ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface TestRedis {
  port: number;
  /** Stops the server (SIGTERM: it flushes its append-only file) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
}

/** Starts a Redis; `extra` are more redis-server flags, e.g. ['--requirepass', 'secret']. */
export async function startRedis(extra: string[] = []): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'axplain-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const p = spawn(found, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = p;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${log}`)), 20_000);
      p.stdout!.on('data', (d: Buffer) => {
        log += d.toString();
        if (/Ready to accept connections/.test(log)) { clearTimeout(timer); resolve(); }
      });
      p.on('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with ${code}: ${log}`)); });
    });
  };
  const stop = async (): Promise<void> => {
    const p = child;
    if (!p || p.exitCode !== null) return;
    const closed = new Promise((resolve) => p.on('close', resolve));
    p.kill('SIGTERM');
    await closed;
  };
  await start();
  return { port, start, stop };
}
