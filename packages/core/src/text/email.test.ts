import { describe, expect, it } from 'vitest';
import { tokenAnsi, tokenHtml } from '../render/token-text.js';
import { encodeEmail, splitEmail } from './email.js';
import { WordTokenizer } from './tokenizer.js';

const RAW = 'From a@b.org  Wed Jul 31 2002\nReceived: from x\n\tby relay.example\nSubject: Cheap\n  pills\nX-Mailer: Foo\n\nBuy now.\n\nBye';

describe('emails', () => {
  it('splitEmail separates headers, subject (with continuation lines) and body', () => {
    const p = splitEmail(RAW);
    expect(p.subject).toBe('Cheap pills');
    expect(p.headers).toBe('From a@b.org  Wed Jul 31 2002\nReceived: from x\n\tby relay.example\nX-Mailer: Foo');
    expect(p.body).toBe('Buy now.\n\nBye');
    expect(splitEmail('just a note\n\nmore')).toEqual({ headers: '', subject: '', body: 'just a note\n\nmore' });
    expect(splitEmail('Subject: hi\r\n\r\nbody').body).toBe('body');
  });
  it('encodeEmail: header tokens first within their budget, then content, a header mask, skipped fields', () => {
    const tk = WordTokenizer.fit([RAW]);
    const e = encodeEmail(tk, RAW, { headerTokens: 4, contentTokens: 6, skipHeaders: ['received'] });
    expect(e.tokens).toEqual(['from', 'a', '@', 'b', 'cheap', 'pills', 'buy', 'now', '.', 'bye']);
    expect(e.headerCount).toBe(4);
    expect(Array.from(e.headerMask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(e.truncated).toBe(true);
    const all = encodeEmail(tk, RAW, { headerTokens: 40, contentTokens: 10, skipHeaders: ['received'] });
    expect(all.tokens).not.toContain('relay');
    expect(all.tokens).toContain('mailer');
    expect(all.truncated).toBe(false);
    expect(Array.from(all.ids.subarray(all.tokens.length))).toEqual(new Array(50 - all.tokens.length).fill(0));
    expect(encodeEmail(tk, RAW, { headerTokens: 40, contentTokens: 10 }).tokens).toContain('relay');
    const bare = encodeEmail(tk, { headers: '', subject: '', body: 'buy now' }, { headerTokens: 3, contentTokens: 3 });
    expect(bare.headerCount).toBe(0);
    expect(Array.from(bare.ids)).toEqual([tk.id('buy'), tk.id('now'), 0, 0, 0, 0]);
    expect(() => encodeEmail(tk, RAW, { headerTokens: -1, contentTokens: 3 })).toThrow(/headerTokens/);
  });
});

describe('token text rendering', () => {
  const toks = [{ token: 'free', attribution: 2 }, { token: 'hi', attribution: -1 }, { token: '<b>', attribution: 0 }];
  it('ANSI: 24-bit backgrounds, red for the largest positive, blue for negative, white at 0', () => {
    const s = tokenAnsi(toks, { color: true });
    expect(s).toContain('\x1b[48;2;180;30;40m\x1b[38;2;0;0;0mfree\x1b[0m');
    expect(s).toContain('\x1b[48;2;255;255;255m\x1b[38;2;0;0;0m<b>');
    expect(s).toMatch(/\x1b\[48;2;(\d+);(\d+);(\d+)m\x1b\[38;2;0;0;0mhi/);
    const [, r, , b] = /\x1b\[48;2;(\d+);(\d+);(\d+)m\x1b\[38;2;0;0;0mhi/.exec(s)!.map(Number);
    expect(b).toBeGreaterThan(r!);
  });
  it('plain: no escape codes, the strongest tokens marked', () => {
    const s = tokenAnsi(toks, { color: false, mark: 1 });
    expect(s).toBe('[free +2.000] hi <b>');
    expect(s).not.toContain('\x1b');
  });
  it('HTML: escaped tokens with their value in a tooltip, header and content blocks', () => {
    const h = tokenHtml(toks, { title: 'spam & co', headerCount: 1 });
    expect(h).toContain('<title>spam &amp; co</title>');
    expect(h).toContain('title="+2.000">free</span>');
    expect(h).toContain('&lt;b&gt;');
    expect(h).toContain('<h2>headers</h2>');
    expect(h).toContain('<h2>content</h2>');
    expect(tokenHtml(toks, { title: 't' })).not.toContain('<h2>headers</h2>');
  });
});
