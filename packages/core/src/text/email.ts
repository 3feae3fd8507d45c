/**
 * Emails as text-model input: the header block (everything before the first blank line, when the
 * text starts with header lines) apart from the content (the Subject line and the body). The
 * encoding gives the headers and the content fixed token budgets, headers first, so a model sees
 * both and RRR can mask the header tokens (mail servers, dates, list names: they leak the label in
 * corpora collected from a few sources).
 */
import type { Tokenizer } from './tokenizer.js';
import { checkInteger } from '../validate.js';

export interface EmailParts {
  /** Header lines except Subject (empty when the text has no header block). */
  headers: string;
  subject: string;
  body: string;
}

const HEADER_LINE = /^(From |[A-Za-z][A-Za-z0-9-]*:)/;

/**
 * @example splitEmail('From: a@b.c\nSubject: Hi\n\nHello').subject // 'Hi'
 */
export function splitEmail(text: string): EmailParts {
  const norm = text.replace(/\r\n/g, '\n');
  const end = norm.indexOf('\n\n');
  if (!HEADER_LINE.test(norm) || end < 0) return { headers: '', subject: '', body: norm };
  const lines = norm.slice(0, end).split('\n');
  const keep: string[] = [];
  let subject = '', inSubject = false;
  for (const line of lines) {
    if (/^\s/.test(line) && inSubject) { subject += ` ${line.trim()}`; continue; }
    inSubject = /^subject:/i.test(line);
    if (inSubject) subject = line.slice(line.indexOf(':') + 1).trim();
    else keep.push(line);
  }
  return { headers: keep.join('\n'), subject, body: norm.slice(end + 2) };
}

/** Token budgets of an email encoding (T = headerTokens + contentTokens). */
export interface EmailEncoding {
  headerTokens: number;
  contentTokens: number;
  /** Header fields left out (lowercase names, e.g. 'received': long relay traces). @defaultValue none */
  skipHeaders?: readonly string[];
}

export interface EncodedEmail {
  /** T ids: header tokens, content tokens, then padding. */
  ids: Int32Array;
  /** The tokens kept, in id order. */
  tokens: string[];
  /** How many of `tokens` are header tokens (they come first). */
  headerCount: number;
  /** T entries: 1 on header-token positions. */
  headerMask: Uint8Array;
  /** Some header or content tokens did not fit their budget. */
  truncated: boolean;
}

/**
 * @example encodeEmail(tk, raw, { headerTokens: 64, contentTokens: 192 }).headerCount // <= 64
 */
export function encodeEmail(tokenizer: Tokenizer, text: string | EmailParts, enc: EmailEncoding): EncodedEmail {
  const h = checkInteger('headerTokens', enc.headerTokens, { min: 0 });
  const c = checkInteger('contentTokens', enc.contentTokens, { min: 1 });
  const parts = typeof text === 'string' ? splitEmail(text) : text;
  const allHead = tokenizer.tokenize(enc.skipHeaders?.length ? withoutFields(parts.headers, enc.skipHeaders) : parts.headers);
  const allContent = tokenizer.tokenize(`${parts.subject}\n${parts.body}`);
  const head = allHead.slice(0, h), content = allContent.slice(0, c);
  const tokens = [...head, ...content];
  const { ids } = tokenizer.encodeTokens(tokens, h + c);
  const headerMask = new Uint8Array(h + c);
  headerMask.fill(1, 0, head.length);
  return { ids, tokens, headerCount: head.length, headerMask, truncated: allHead.length > h || allContent.length > c };
}

/** Header lines minus the named fields (with their continuation lines). */
function withoutFields(headers: string, skip: readonly string[]): string {
  const out: string[] = [];
  let dropping = false;
  for (const line of headers.split('\n')) {
    if (/^\s/.test(line)) { if (!dropping) out.push(line); continue; }
    const name = /^([A-Za-z0-9-]+):/.exec(line)?.[1]?.toLowerCase();
    dropping = name !== undefined && skip.includes(name);
    if (!dropping) out.push(line);
  }
  return out.join('\n');
}
