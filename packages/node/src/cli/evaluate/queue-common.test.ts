import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { checkRedis } from './queue-common.js';
import { parseQueueUrl } from './queue-url.js';

it('hands TLS to the Redis driver: rediss:// opens with a TLS handshake record, redis:// with a Redis command; both fail in one line', async () => {
  const first: Buffer[] = [];
  const server = createServer((socket) => socket.once('data', (d: Buffer) => { first.push(d); socket.destroy(); }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await expect(checkRedis(parseQueueUrl(`rediss://:pw1@127.0.0.1:${port}`), 2000)).rejects.toThrow(new RegExp(`^--queue: cannot use Redis at rediss://127\\.0\\.0\\.1:${port}: `));
    await expect(checkRedis(parseQueueUrl(`redis://:pw1@127.0.0.1:${port}`), 2000)).rejects.toThrow(new RegExp(`^--queue: cannot use Redis at redis://127\\.0\\.0\\.1:${port}: `));
  } finally {
    server.close();
  }
  expect(first).toHaveLength(2);
  expect([first[0]![0], first[0]![1]]).toEqual([0x16, 0x03]); // a TLS handshake record
  expect(first[1]!.toString('latin1')).toMatch(/^\*\d+\r\n\$\d+\r\n[A-Za-z]+\r\n/); // a Redis (RESP) command in the clear
});
