/**
 * The `axplain` program run in this process (runCli on the real program): for flag errors, found
 * before any model loads, and for runs on small models, where a child process per case would
 * mostly time Node's start-up. stdout and stderr are captured (stdout is not a terminal, so text
 * explanations print without colour); `process.exitCode` is restored afterwards.
 */
import { createProgram, runCli } from '@axplain/node/cli';

export interface CliRun { code: number; out: string; err: string }

/** `axplain ...args` in this process. @example const r = await cliInProcess('explain', '--model', m, ...); r.code */
export async function cliInProcess(...args: string[]): Promise<CliRun> {
  const out: string[] = [], err: string[] = [];
  const { stdout, stderr } = process;
  const [writeOut, writeErr, exitCode] = [stdout.write, stderr.write, process.exitCode];
  process.exitCode = undefined;
  stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof stdout.write;
  stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof stderr.write;
  try {
    await runCli(createProgram(), ['node', 'axplain', ...args]);
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = exitCode;
  return { code, out: out.join(''), err: err.join('') };
}

/** `axplain explain ...args` in this process. */
export const explainInProcess = (...args: string[]): Promise<CliRun> => cliInProcess('explain', ...args);
