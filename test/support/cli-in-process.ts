/**
 * The `axplain attack` / `axplain robustness` program run in this process (runCli, the real
 * sub-commands): for flag errors, found before any model loads, and for runs on small models,
 * where a child process per case would mostly time Node's start-up.
 */
import { createRequire } from 'node:module';
import { registerAttack, registerRobustness, runCli } from '@axplain/node/cli';

const ROOT = new URL('../..', import.meta.url).pathname;

export async function cliInProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  // commander is a dependency of @axplain/node, not of the workspace root: resolve it from there.
  const { Command } = (await import(createRequire(`${ROOT}packages/node/package.json`).resolve('commander'))) as { Command: new () => Parameters<typeof registerAttack>[0] };
  const program = new Command().name('axplain');
  registerAttack(program);
  registerRobustness(program);
  const out: string[] = [];
  const err: string[] = [];
  const { stdout, stderr } = process;
  const writeOut = stdout.write;
  const writeErr = stderr.write;
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof stdout.write;
  stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof stderr.write;
  try {
    await runCli(program, ['node', 'axplain', ...args]);
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = exitCode;
  return { code, out: out.join(''), err: err.join('') };
}
