/** Runs a commander program: clear one-line errors and non-zero exit codes, never a stack dump for user errors. */
import { AxplainError } from '@axplain/onnx';
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
    const msg = AxplainError.isInstance(e) || e instanceof CliError ? e.message : String((e as Error)?.stack ?? e);
    process.stderr.write(`axplain: error: ${msg}\n`);
    process.exitCode = 1;
  }
}
