/**
 * Token attributions as coloured text: ANSI 24-bit backgrounds for a terminal and an HTML page
 * (a token heatmap). Colours come from the diverging blue-white-red colormap, scaled by the
 * largest |attribution| of the text: red tokens speak for the explained class, blue ones against.
 */
import type { TokenAttribution } from '../text/token-attributions.js';
import { colormapColor, resolveColormap } from './colormap.js';

const cmap = resolveColormap('blue-white-red');

/** The colour of a signed value scaled by `scale` (> 0): [r, g, b]. */
function colourOf(v: number, scale: number): [number, number, number] {
  const t = scale > 0 ? 0.5 + 0.5 * Math.max(-1, Math.min(1, v / scale)) : 0.5;
  const c = colormapColor(cmap, t);
  return [c[0]!, c[1]!, c[2]!];
}

const maxAbs = (tokens: readonly TokenAttribution[]) => tokens.reduce((m, t) => Math.max(m, Math.abs(t.attribution)), 0);

/**
 * The tokens joined by spaces; with `color`, each on an ANSI 24-bit background of its
 * attribution (black text). Without colour, the `mark` tokens with the largest |attribution| are
 * written as `[token +0.123]`.
 * @example tokenAnsi([{ token: 'free', attribution: 1 }], { color: false, mark: 1 }) // '[free +1.000]'
 */
export function tokenAnsi(tokens: readonly TokenAttribution[], options: { color: boolean; mark?: number }): string {
  const scale = maxAbs(tokens);
  if (options.color)
    return tokens.map((t) => {
      const [r, g, b] = colourOf(t.attribution, scale);
      return `\x1b[48;2;${r};${g};${b}m\x1b[38;2;0;0;0m${t.token}\x1b[0m`;
    }).join(' ');
  const k = options.mark ?? 10;
  const top = new Set([...tokens.keys()].sort((a, b) => Math.abs(tokens[b]!.attribution) - Math.abs(tokens[a]!.attribution) || a - b).slice(0, k));
  return tokens.map((t, i) => (top.has(i) ? `[${t.token} ${signed(t.attribution)}]` : t.token)).join(' ');
}

const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** White text on the darkest backgrounds. */
const ink = (v: number, scale: number) => (scale > 0 && Math.abs(v) > 0.6 * scale ? ';color:#fff' : '');

export interface TokenHtmlOptions {
  title: string;
  /** Lines under the title (prediction, method). */
  lines?: readonly string[];
  /** Tokens before this index are drawn in a separate "headers" block. @defaultValue 0 */
  headerCount?: number;
}

/**
 * A self-contained HTML page: every token on its colour, its attribution in a tooltip, a legend.
 * @example writeFileSync('x.html', tokenHtml(tokens, { title: 'spam (p = 0.98)' }));
 */
export function tokenHtml(tokens: readonly TokenAttribution[], options: TokenHtmlOptions): string {
  const scale = maxAbs(tokens);
  const span = (t: TokenAttribution) => {
    const [r, g, b] = colourOf(t.attribution, scale);
    return `<span class="t" style="background:rgb(${r},${g},${b})${ink(t.attribution, scale)}" title="${signed(t.attribution)}">${escapeHtml(t.token)}</span>`;
  };
  const h = options.headerCount ?? 0;
  const block = (label: string, part: readonly TokenAttribution[]) => (part.length ? `<h2>${label}</h2><p class="tokens">${part.map(span).join(' ')}</p>` : '');
  const legend = [-1, -0.5, 0, 0.5, 1].map((v) => {
    const [r, g, b] = colourOf(v * scale, scale);
    return `<span class="t" style="background:rgb(${r},${g},${b})${ink(v * scale, scale)}">${signed(v * scale)}</span>`;
  }).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title>
<style>body{font:15px/1.9 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111}h1{font-size:1.3em}h2{font-size:1em;color:#555;margin:1.2em 0 .2em}.t{padding:1px 3px;border-radius:3px}.tokens{word-wrap:break-word}.muted{color:#555}</style>
</head><body>
<h1>${escapeHtml(options.title)}</h1>
${(options.lines ?? []).map((l) => `<p class="muted">${escapeHtml(l)}</p>`).join('\n')}
<p class="muted">legend: ${legend} (red: for the explained class, blue: against)</p>
${h > 0 ? block('headers', tokens.slice(0, h)) + block('content', tokens.slice(h)) : block('text', tokens)}
</body></html>
`;
}
