/**
 * The `--queue` URL of `axplain evaluate` and `axplain worker`: `redis://[user:password@]host[:port][/db]`
 * or `rediss://...` (TLS), turned into ioredis options. The password goes to Redis and nowhere
 * else: every line printed about the connection uses `display` (the URL without its credentials)
 * or goes through `redact`.
 */
import { isIP } from 'node:net';
import { CliError } from '../run.js';

export interface QueueConnection {
  /** ioredis options (BullMQ passes them on). */
  options: {
    host: string; port: number; db: number; username?: string; password?: string;
    tls?: { servername?: string };
    /** Commands wait through a Redis restart instead of failing (BullMQ requires it for workers). */
    maxRetriesPerRequest: null;
    retryStrategy: (times: number) => number;
  };
  /** The URL without user and password, for messages. */
  display: string;
  /** Removes the password (and user) from any text, e.g. an error message from the driver. */
  redact: (text: string) => string;
}

const USAGE = 'expected redis://[user:password@]host[:port][/db] or rediss://... (TLS)';

/**
 * Parses a `--queue` URL.
 * @example parseQueueUrl('redis://:secret@127.0.0.1:6380/2').options // { host: '127.0.0.1', port: 6380, db: 2, password: 'secret', ... }
 */
export function parseQueueUrl(text: string): QueueConnection {
  let url: URL;
  try { url = new URL(text); } catch { url = undefined as never; }
  // Never echo a URL that failed to parse: it may hold a password.
  if (!url) throw new CliError(`--queue: not a URL; ${USAGE}`);
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const secrets = [password, username].filter((s) => s.length > 0);
  const redact = (s: string): string => secrets.reduce((t, x) => t.split(x).join('***'), s);
  url.username = '';
  url.password = '';
  const display = url.href.replace(/\/$/, '');
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new CliError(`--queue: '${redact(display)}' is not a Redis URL; ${USAGE}`);
  if (!url.hostname) throw new CliError(`--queue: '${redact(display)}' names no host; ${USAGE}`);
  const port = url.port ? Number(url.port) : 6379;
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) throw new CliError(`--queue: '${redact(display)}': the path must be a database number, got '/${redact(path)}'`);
  if (url.search) throw new CliError(`--queue: '${redact(display)}': query options are not supported (TLS settings come from rediss:// and NODE_EXTRA_CA_CERTS)`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    options: {
      host, port, db: path ? Number(path) : 0,
      ...(username ? { username } : {}), ...(password ? { password } : {}),
      // TLS checks the certificate against the host name (SNI takes names only, not IP addresses).
      ...(url.protocol === 'rediss:' ? { tls: isIP(host) ? {} : { servername: host } } : {}),
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(100 * times, 2000),
    },
    display: redact(display), redact,
  };
}
