/**
 * The SDK opens no socket on its own: loading a model (compiling its gradient graph, the disk
 * cache), reading an image, explaining, attacking, saving a PNG, and the CLI's explain and attack
 * commands all run with every JavaScript network entry point trapped (test/support/network-trap.ts),
 * and the trap records nothing. A negative test shows the trap does catch real connection attempts.
 */
import { spawnSync } from 'node:child_process';
import dns from 'node:dns';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integratedGradients, occlusion, pgd, saliency } from '@axplain/core';
import { inferPreprocessSpec, loadImageTensor, loadModel, savePng } from '@axplain/node';
import { describe, expect, it } from 'vitest';
import { type NetworkTrap, trapNetwork } from './support/network-trap.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODEL = join(ROOT, 'models/mnist-mlp/model.onnx');
const DIGIT = join(ROOT, 'models/samples/mnist/digit-3.png');
const tmp = mkdtempSync(join(tmpdir(), 'axplain-no-network-'));

async function trapped<T>(fn: (trap: NetworkTrap) => Promise<T>): Promise<{ calls: string[]; value: T }> {
  const trap = trapNetwork();
  try {
    const value = await fn(trap);
    return { calls: [...trap.calls], value };
  } finally {
    trap.restore();
  }
}

describe('the network trap catches real attempts (negative test)', () => {
  it('records and blocks net.connect, http.request, fetch and dns.lookup, then restores them', async () => {
    const { calls, value } = await trapped(async () => {
      const errors: string[] = [];
      const attempt = async (f: () => unknown) => { try { await f(); } catch (e) { errors.push((e as Error).message); } };
      await attempt(() => net.connect(9, '127.0.0.1'));
      await attempt(() => http.request('http://127.0.0.1:9/'));
      await attempt(() => fetch('http://127.0.0.1:9/'));
      await attempt(() => dns.lookup('example.invalid', () => undefined));
      await attempt(() => dns.promises.lookup('example.invalid'));
      return errors;
    });
    expect(calls).toEqual([
      'net.Socket#connect(127.0.0.1:9)', 'http.request(http://127.0.0.1:9/)', 'fetch(http://127.0.0.1:9/)',
      'dns.lookup(example.invalid)', 'dns.promises.lookup(example.invalid)',
    ]);
    expect(value).toHaveLength(5);
    for (const m of value) expect(m).toMatch(/^network access in a test: /);
    // Restored: a real connection to a local server works again.
    const server = net.createServer((s) => s.end()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve, reject) => net.connect(port, '127.0.0.1', resolve).once('error', reject).on('connect', function (this: net.Socket) { this.end(); }));
    server.close();
  });

  it('a connect hidden in a library call (http.get through an agent) is caught too', async () => {
    const { calls } = await trapped(async () => {
      try { http.get({ host: '127.0.0.1', port: 9 }); } catch { /* trapped */ }
      try { new net.Socket().connect(9, '127.0.0.1'); } catch { /* trapped */ }
    });
    expect(calls.some((c) => c.startsWith('http.get'))).toBe(true);
    expect(calls.some((c) => c.startsWith('net.Socket#connect'))).toBe(true);
  });
});

describe('the SDK opens no socket on its own', () => {
  it('load (compile + disk cache), image, saliency, IG, occlusion, PGD, savePng: nothing recorded', async () => {
    const { calls, value } = await trapped(async () => {
      const model = await loadModel(MODEL, { cache: join(tmp, 'cache') });
      try {
        const x = await loadImageTensor([DIGIT], inferPreprocessSpec(model.inputShape));
        const s = await saliency(model, x);
        const ig = await integratedGradients(model, x, { steps: 8 });
        const occ = await occlusion(model, x, { window: 7 });
        const adv = await pgd(model, x, { eps: 0.1, steps: 5, seed: 0 });
        await savePng({ width: 1, height: 1, data: new Uint8ClampedArray([0, 0, 0, 255]) }, join(tmp, 'one.png'));
        return [s.attribution.data, ig.attribution.data, occ.attribution.data, adv.adversarial.data];
      } finally {
        await model.dispose();
      }
    });
    expect(calls).toEqual([]);
    // The work really ran: every result is a full, finite, non-zero 28 x 28 map or image.
    for (const d of value) {
      expect(d.length).toBe(784);
      expect(d.every(Number.isFinite)).toBe(true);
      expect(d.some((v) => v !== 0)).toBe(true);
    }
  });

  const cli = (...args: string[]) => spawnSync(process.execPath, [
    '--conditions', 'source', '--import', 'tsx', '--import', './test/support/network-trap-preload.ts', 'packages/node/src/cli/main.ts', ...args,
  ], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });

  it('the CLI (explain, attack) exits 0 with the network trapped and reports no access', () => {
    for (const args of [
      ['explain', '--model', MODEL, '--input', DIGIT, '--method', 'ig', '--steps', '8', '--out', join(tmp, 'ig.png')],
      ['attack', '--model', MODEL, '--input', DIGIT, '--attack', 'pgd', '--eps', '0.1', '--out', join(tmp, 'adv.png')],
    ]) {
      const r = cli(...args);
      expect(r.stderr).not.toMatch(/network access/);
      expect(r.status).toBe(0);
    }
  });

  it('the preload does report a connect the program makes (exit 97, one line per call)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/support/network-trap-preload.ts', '-e',
      "try { require('node:net').connect(9, '127.0.0.1'); } catch {}"], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('network access: net.Socket#connect(127.0.0.1:9)\n');
    expect(r.status).toBe(97);
  });
});
