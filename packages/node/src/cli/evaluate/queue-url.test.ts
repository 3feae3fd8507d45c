import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from './queue-url.js';

describe('parseQueueUrl', () => {
  it('reads host, port, database and credentials into ioredis options, and prints the URL without them', () => {
    const c = parseQueueUrl('redis://alice:s%40cret@10.0.0.5:6380/3');
    expect(c.options).toMatchObject({ host: '10.0.0.5', port: 6380, db: 3, username: 'alice', password: 's@cret', maxRetriesPerRequest: null });
    expect(c.options.tls).toBeUndefined();
    expect(c.display).toBe('redis://10.0.0.5:6380/3');
    expect(c.redact('WRONGPASS for alice with s@cret')).toBe('WRONGPASS for *** with ***');
    const plain = parseQueueUrl('redis://localhost');
    expect(plain.options).toMatchObject({ host: 'localhost', port: 6379, db: 0 });
    expect(plain.options.password).toBeUndefined();
    expect(plain.options.retryStrategy(100)).toBe(2000); // reconnects forever, at most every 2 s
  });

  it('turns rediss:// into TLS options with the host as server name; redis:// has none', () => {
    const c = parseQueueUrl('rediss://:pw@cache.example.com:6390');
    expect(c.options.tls).toEqual({ servername: 'cache.example.com' });
    expect(c.options).toMatchObject({ host: 'cache.example.com', port: 6390, password: 'pw' });
    expect(c.display).toBe('rediss://cache.example.com:6390');
    expect(parseQueueUrl('rediss://10.1.2.3').options.tls).toEqual({}); // TLS, without a server name for an IP address
  });

  it('refuses what is not a Redis URL without ever printing the password', () => {
    const bad = (url: string, message: RegExp) => {
      let error: Error | undefined;
      try { parseQueueUrl(url); } catch (e) { error = e as Error; }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toMatch(/hunter2/);
    };
    bad('localhost:6379', /^--queue: .*redis:\/\//);
    bad('http://:hunter2@host:80', /^--queue: 'http:\/\/host' is not a Redis URL/);
    bad('redis://:hunter2@host/x', /the path must be a database number/);
    bad('redis://:hunter2@host?tls=1', /query options are not supported/);
    bad('redis://:hunter2@[::1', /not a URL/);
  });
});
