/**
 * A text explanation on the page: the tokens on their attribution colours (core's `tokenHtml`
 * page in a frame: red for the explained class, blue against), the prediction with its label and
 * the class probabilities, the EP and the time.
 */
import { tokenHtml } from '@axplain/core';
import type { TextOutcome } from './text-session.js';

export interface TextViewElements {
  tokens: HTMLIFrameElement;
  facts: HTMLParagraphElement;
  probs: HTMLTableElement;
  summary: HTMLUListElement;
}

const fmt = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2));

/** Shows one outcome. */
export function showText(el: TextViewElements, o: TextOutcome): void {
  const p = o.probabilities[o.labels.indexOf(String(o.predicted))] ?? Math.max(...o.probabilities);
  const explained = o.labels[o.target] ?? String(o.target);
  el.facts.textContent = `predicted ${o.predicted} (p = ${p.toFixed(3)}), explained class ${explained} with ${o.method}; ` +
    `ran on ${o.executionProvider} in ${o.ms.toFixed(0)} ms` + (o.loadMs ? ` (model loaded in ${o.loadMs.toFixed(0)} ms)` : '');
  el.probs.replaceChildren(...o.probabilities.map((v, c) => {
    const tr = document.createElement('tr');
    tr.className = o.labels[c] === String(o.predicted) ? 'top' : '';
    const name = Object.assign(document.createElement('td'), { textContent: o.labels[c]! });
    const value = Object.assign(document.createElement('td'), { textContent: v.toFixed(3) });
    const bar = document.createElement('td');
    bar.innerHTML = `<div class="bar" style="width:${Math.round(v * 150)}px"></div>`;
    tr.append(name, value, bar);
    return tr;
  }));
  const top = [...o.tokens].sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution)).slice(0, 5);
  const lines = [
    `${o.tokens.length} tokens read${o.truncated ? ' (the text was longer than the model reads: the rest was not seen)' : ''}${o.headerCount ? `, ${o.headerCount} of them from the headers` : ''}`,
    `strongest tokens: ${top.map((t) => `${t.token} ${t.attribution >= 0 ? '+' : ''}${fmt(t.attribution)}`).join(', ')}`,
    ...(o.delta !== undefined ? [`IG completeness gap: ${fmt(o.delta)}`] : []),
  ];
  el.summary.replaceChildren(...lines.map((l) => Object.assign(document.createElement('li'), { textContent: l })));
  el.tokens.srcdoc = tokenHtml(o.tokens, { title: `${o.predicted} (p = ${p.toFixed(3)}): ${o.method} for class ${explained}`, headerCount: o.headerCount });
  el.tokens.hidden = false;
}
