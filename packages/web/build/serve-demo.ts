/**
 * Builds the demo and serves the static build with `vite preview` on a free port: what the e2e
 * tests, the benchmark and the screenshot script open. Close it with `close()`.
 */
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const config = fileURLToPath(new URL('../demo/vite.config.ts', import.meta.url));

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface DemoServer {
  /** e.g. 'http://127.0.0.1:41234/' */
  url: string;
  close(): Promise<void>;
}

/**
 * @example const server = await serveDemo(); await page.goto(`${server.url}?model=mnist-mlp&run=1`); await server.close();
 */
export async function serveDemo(options: { build?: boolean; port?: number } = {}): Promise<DemoServer> {
  if (options.build ?? true) await build({ configFile: config, logLevel: 'warn' });
  const port = options.port ?? (await freePort());
  const server = await preview({ configFile: config, logLevel: 'warn', preview: { port, strictPort: true, host: '127.0.0.1' } });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.httpServer.close((e) => (e ? reject(e) : resolve()))),
  };
}
