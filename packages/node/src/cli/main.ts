#!/usr/bin/env node
/** The `axplain` command line. Each sub-command lives in its own file. */
import { createProgram } from './program.js';
import { runCli } from './run.js';

await runCli(createProgram(), process.argv);
