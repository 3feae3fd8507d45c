/**
 * Traps every way a Node program opens a connection or resolves a name from JavaScript:
 * net.Socket#connect (behind net.connect, tls.connect, http(s) agents), dgram sends, dns lookups
 * (callback and promise APIs), http(s).request/get, fetch and WebSocket. A trapped call is recorded
 * and throws. Native code that opens sockets by itself (none of our dependencies should) is not seen.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

export interface NetworkTrap {
  /** One entry per trapped call, e.g. "net.Socket#connect(9, 127.0.0.1)". */
  readonly calls: string[];
  /** Puts every original function back. */
  restore(): void;
}

/** A trapped call's arguments as "host:port" or the URL (callbacks left out). */
const show = (args: unknown[]): string => args.flatMap(part).join(', ');
function part(a: unknown): string[] {
  if (a === null || a === undefined || typeof a === 'function') return [];
  if (Array.isArray(a)) return a.flatMap(part);
  if (a instanceof URL) return [a.href];
  if (typeof a === 'object') {
    const o = a as { host?: string; hostname?: string; port?: number | string; url?: string };
    if (o.url) return [o.url];
    if (o.port !== undefined || o.host || o.hostname) return [`${o.hostname ?? o.host ?? 'localhost'}:${o.port ?? ''}`];
    return [JSON.stringify(a).slice(0, 80)];
  }
  return [String(a)];
}

export function trapNetwork(): NetworkTrap {
  const calls: string[] = [];
  const restores: (() => void)[] = [];
  const trap = (owner: object, key: string, label: string) => {
    const o = owner as Record<string, unknown>;
    if (typeof o[key] !== 'function') return;
    const original = o[key];
    o[key] = function trapped(...args: unknown[]) {
      calls.push(`${label}(${show(args)})`);
      throw new Error(`network access in a test: ${label}(${show(args)})`);
    };
    restores.push(() => { o[key] = original; });
  };
  trap(net.Socket.prototype, 'connect', 'net.Socket#connect');
  trap(tls, 'connect', 'tls.connect');
  trap(dgram.Socket.prototype, 'send', 'dgram.Socket#send');
  trap(dgram.Socket.prototype, 'connect', 'dgram.Socket#connect');
  for (const k of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    trap(dns, k, `dns.${k}`);
    trap(dns.promises, k, `dns.promises.${k}`);
  }
  trap(http, 'request', 'http.request');
  trap(http, 'get', 'http.get');
  trap(https, 'request', 'https.request');
  trap(https, 'get', 'https.get');
  trap(globalThis, 'fetch', 'fetch');
  trap(globalThis, 'WebSocket', 'WebSocket');
  return { calls, restore: () => { for (const r of restores.reverse()) r(); } };
}
