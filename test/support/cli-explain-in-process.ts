/**
 * `axplain explain` run in this process (runCli on the real sub-command), for flag errors and
 * small runs where a child process per case would mostly time Node's start-up. The output is
 * captured; stdout is not a terminal here, so text explanations print without colour.
 */
import { createRequire } from 'node:module';
import { registerExplain, runCli } from '@axplain/node/cli';

const ROOT = new URL('../..', import.meta.url).pathname;

export async function explainInProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { Command } = (await import(createRequire(`${ROOT}packages/node/package.json`).resolve('commander'))) as { Command: new () => Parameters<typeof registerExplain>[0] };
  const program = new Command().name('axplain');
  registerExplain(program);
  const out: string[] = [], err: string[] = [];
  const { stdout, stderr } = process;
  const writeOut = stdout.write, writeErr = stderr.write;
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof stdout.write;
  stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof stderr.write;
  try {
    await runCli(program, ['node', 'axplain', 'explain', ...args]);
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = exitCode;
  return { code, out: out.join(''), err: err.join('') };
}
