/**
 * Ctrl-C: a long CLI run stops within one step of the method, exits 130 with one line, and leaves
 * no output file, complete or partial (writes go to a temporary name and are renamed in place).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../packages/node/src/io/atomic-write.js';

const ROOT = new URL('..', import.meta.url).pathname;

describe('interrupting the CLI', () => {
  it('SIGINT during a long explain: exit 130, one line, no output file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axplain-int-'));
    const out = join(dir, 'heat.png'), json = join(dir, 'heat.json');
    const child = spawn(process.execPath, [
      '--conditions', 'source', '--import', 'tsx', 'packages/node/src/cli/main.ts', 'explain', '--model', 'models/mnist-mlp/model.onnx',
      '--input', 'models/samples/mnist/digit-3.png', '--method', 'smoothgrad', '--steps', '5000000', '--out', out, '--json', json,
    ], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const t0 = Date.now();
    // Long enough for start-up and model loading (the handler is installed before either), short of the run.
    setTimeout(() => child.kill('SIGINT'), 12_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(err).toMatch(/^axplain: interrupted \(\w+ aborted\); no output was written\n$/);
    // 5 million samples would take minutes; the run stopped soon after the signal.
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(json)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an atomic write leaves the old file or the new one, and no temporary file when it fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'axplain-atomic-'));
    const f = join(dir, 'sub', 'a.json');
    writeFileAtomic(f, '{"v":1}\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']);
    // A target that is a directory cannot be replaced: the error surfaces and the temporary file is gone.
    expect(() => writeFileAtomic(join(dir, 'sub'), 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']);
  });
});
