/**
 * `node --import tsx --import ./test/support/network-trap-preload.ts ...`: runs a program (the CLI)
 * with the network trapped; on exit, every trapped call is printed to stderr as
 * "network access: <call>" and the exit code becomes 97.
 */
import { trapNetwork } from './network-trap.js';

const trap = trapNetwork();
process.on('exit', () => {
  if (trap.calls.length === 0) return;
  for (const c of trap.calls) process.stderr.write(`network access: ${c}\n`);
  process.exitCode = 97;
});
