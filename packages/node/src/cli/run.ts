/** Runs a commander program: clear one-line errors and non-zero exit codes, never a stack dump for user errors. */
import { AxplainError, AttackRequestError } from '@axplain/core';
import type { Command } from 'commander';

/** A user error found by the CLI (a flag, a file, a dataset): one line, exit code 1. */
export class CliError extends AxplainError {
  constructor(message: string) { super(message, 'CLI'); }
}

/** The flag of an attack-request field: `eps` -> `--eps`. */
const userMessage = (e: Error): string => (e instanceof AttackRequestError ? `--${e.option}: ${e.detail}` : e.message);

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
    const user = AxplainError.isInstance(e) || e instanceof RangeError || e instanceof TypeError;
    const msg = user ? userMessage(e as Error) : String((e as Error)?.stack ?? e);
    process.stderr.write(`axplain: error: ${msg}\n`);
    process.exitCode = 1;
  }
}
