/** Runs a commander program: clear one-line errors and non-zero exit codes, never a stack dump for user errors. */
import { AxplainError, AttackRequestError } from '@axplain/core';
import type { Command } from 'commander';

/** A user error found by the CLI (a flag, a file, a dataset): one line, exit code 1. */
export class CliError extends AxplainError {
  constructor(message: string) { super(message, 'CLI'); }
}

let interrupt: AbortController | undefined;

/**
 * The signal the sub-commands pass to long methods: the first Ctrl-C (SIGINT) or SIGTERM aborts it,
 * so the method stops within one step and nothing is written; a second one exits at once.
 */
export function interruptSignal(): AbortSignal {
  if (!interrupt) {
    const controller = (interrupt = new AbortController());
    const stop = (): void => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
  return interrupt.signal;
}

/** The flag of an attack-request field: `eps` -> `--eps`. */
const userMessage = (e: Error): string => (e instanceof AttackRequestError ? `--${e.option}: ${e.detail}` : e.message);

export async function runCli(program: Command, argv: string[]): Promise<void> {
  program.exitOverride();
  interruptSignal(); // Ctrl-C from the very start aborts the run at its first step
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return;
    if (typeof code === 'string' && code.startsWith('commander.')) { process.exitCode = 2; return; }
    if ((e as Error)?.name === 'AbortError' && interrupt?.signal.aborted) {
      process.stderr.write(`axplain: interrupted (${(e as Error).message}); no output was written\n`);
      process.exitCode = 130;
      return;
    }
    // User errors (typed axplain errors, bad arguments) print one line; anything else is a bug
    // and keeps its stack.
    const user = AxplainError.isInstance(e) || e instanceof RangeError || e instanceof TypeError;
    const msg = user ? userMessage(e as Error) : String((e as Error)?.stack ?? e);
    process.stderr.write(`axplain: error: ${msg}\n`);
    process.exitCode = 1;
  }
}
