/** Runs a commander program: clear one-line errors and non-zero exit codes, never a stack dump for user errors. */
import { AxplainError } from '@axplain/onnx';
import { AxplainError as CoreError } from '@axplain/core';
import type { Command } from 'commander';

export class CliError extends Error {}

export async function runCli(program: Command, argv: string[]): Promise<void> {
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return;
    if (typeof code === 'string' && code.startsWith('commander.')) { process.exitCode = 2; return; }
    // User errors (typed axplain errors, bad arguments) print one line; anything else is a bug
    // and keeps its stack.
    const user = AxplainError.isInstance(e) || CoreError.isInstance(e) || e instanceof CliError || e instanceof RangeError || e instanceof TypeError;
    const msg = user ? (e as Error).message : String((e as Error)?.stack ?? e);
    process.stderr.write(`axplain: error: ${msg}\n`);
    process.exitCode = 1;
  }
}
