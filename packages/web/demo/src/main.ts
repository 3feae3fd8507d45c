/**
 * The demo page: pick a model, a picture (sample, drawing or file) and a method of core's
 * registry; run it on wasm or WebGPU with progress and Cancel; see the prediction, the picture,
 * the EP and the time. A text model (its folder has vocab.json) takes a pasted email instead and
 * shows its tokens coloured by attribution. The URL contract (contract.ts) drives the same code
 * without clicks.
 */
import { type RgbaImage } from '@axplain/core';
import { decodeImage, drawImage, imageToRgba, TEXT_METHODS, type WebExecutionProviderName } from '@axplain/web';
import { models, samples } from 'virtual:axplain-demo-assets';
import { markRunning, publishDone, publishError, publishTextDone, readParams } from './contract.js';
import { drawPad } from './draw-pad.js';
import { methodChoice, methodEntries } from './methods.js';
import { DemoError } from './errors.js';
import { explain, type ModelPick, type Outcome } from './session.js';
import { explainTextRequest, isTextModel, textMethod } from './text-session.js';
import { showText } from './text-view.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  model: $<HTMLSelectElement>('model'), modelFile: $<HTMLInputElement>('model-file'), sample: $<HTMLSelectElement>('sample'),
  imageFile: $<HTMLInputElement>('image-file'), pad: $<HTMLCanvasElement>('pad'), clear: $<HTMLButtonElement>('clear'), drop: $<HTMLDivElement>('drop'),
  method: $<HTMLSelectElement>('method'), ep: $<HTMLSelectElement>('ep'), target: $<HTMLInputElement>('target'), steps: $<HTMLInputElement>('steps'),
  eps: $<HTMLInputElement>('eps'), run: $<HTMLButtonElement>('run'), cancel: $<HTMLButtonElement>('cancel'), progress: $<HTMLProgressElement>('progress'),
  message: $<HTMLParagraphElement>('message'), error: $<HTMLParagraphElement>('error'), picture: $<HTMLCanvasElement>('picture'),
  facts: $<HTMLParagraphElement>('facts'), probs: $<HTMLTableElement>('probs'), summary: $<HTMLUListElement>('summary'),
  imageControls: $<HTMLDivElement>('image-controls'), textControls: $<HTMLDivElement>('text-controls'), text: $<HTMLTextAreaElement>('text'),
  textMethod: $<HTMLSelectElement>('text-method'), tokens: $<HTMLIFrameElement>('tokens'),
};

const option = (value: string, label = value) => Object.assign(document.createElement('option'), { value, textContent: label });
for (const m of models) ui.model.append(option(m));
ui.sample.append(option('drawing', 'my drawing'));
for (const s of samples) ui.sample.append(option(s));
for (const group of ['Explanations', 'Attacks'] as const) {
  const g = Object.assign(document.createElement('optgroup'), { label: group });
  for (const e of methodEntries().filter((m) => m.group === group)) g.append(option(e.value, e.label));
  ui.method.append(g);
}
for (const m of TEXT_METHODS) ui.textMethod.append(option(m));

/** Text controls for a text model, image controls otherwise. */
const textMode = () => ui.model.value !== '__file' && isTextModel(ui.model.value);
function showControls(): void {
  const text = textMode();
  ui.textControls.hidden = !text;
  ui.imageControls.hidden = text;
}
ui.model.onchange = showControls;
showControls();

let droppedModel: File | undefined;
let droppedImage: RgbaImage | undefined;
const pad = drawPad(ui.pad, () => { ui.sample.value = 'drawing'; droppedImage = undefined; });
ui.clear.onclick = () => pad.clear();

function showError(e: unknown): void {
  const message = (e as Error)?.name === 'AbortError' ? 'cancelled' : e instanceof Error ? e.message : String(e);
  ui.error.textContent = message;
  ui.error.hidden = false;
  ui.message.textContent = '';
  publishError(message);
}

async function pictureNow(): Promise<RgbaImage> {
  if (droppedImage) return droppedImage;
  if (ui.sample.value === 'drawing') return imageToRgba(ui.pad);
  const res = await fetch(`${import.meta.env.BASE_URL}models/samples/${ui.sample.value}.png`);
  if (!res.ok) throw new DemoError(`sample: no sample '${ui.sample.value}' (the server answered ${res.status})`);
  return decodeImage(await res.blob(), ui.sample.value);
}

function modelPick(): ModelPick {
  return droppedModel && ui.model.value === '__file' ? { kind: 'file', file: droppedModel } : { kind: 'bundled', name: ui.model.value };
}

function show(o: Outcome): void {
  ui.tokens.hidden = true;
  ui.picture.hidden = false;
  drawImage(ui.picture, o.picture, Math.max(1, Math.floor(640 / o.picture.width)));
  ui.facts.textContent = `predicted ${o.predicted} (p = ${o.probabilities[o.predicted]!.toFixed(3)}), explained class ${o.explained}; ` +
    `ran on ${o.executionProvider}${o.fallbacks.length ? ` after ${o.fallbacks.join('; ')}` : ''} in ${o.ms.toFixed(0)} ms` +
    (o.loadMs ? ` (model loaded in ${o.loadMs.toFixed(0)} ms, compile cache: ${o.cache})` : '');
  ui.probs.replaceChildren(...o.probabilities.map((p, c) => {
    const tr = document.createElement('tr');
    tr.className = c === o.predicted ? 'top' : '';
    tr.innerHTML = `<td>${c}</td><td>${p.toFixed(3)}</td><td><div class="bar" style="width:${Math.round(p * 150)}px"></div></td>`;
    return tr;
  }));
  ui.summary.replaceChildren(...o.lines.map((l) => Object.assign(document.createElement('li'), { textContent: l })));
}

let running: AbortController | undefined;

async function run(threads?: number): Promise<void> {
  running?.abort();
  const controller = (running = new AbortController());
  markRunning();
  ui.error.hidden = true;
  ui.run.disabled = true; ui.cancel.disabled = false; ui.progress.hidden = false; ui.progress.value = 0;
  ui.message.textContent = 'loading the model and compiling its gradient graph…';
  try {
    const t = ui.target.value.trim();
    const target = t === '' || t === 'predicted' ? 'predicted' : Number(t);
    if (target !== 'predicted' && !(Number.isInteger(target) && target >= 0)) throw new DemoError(`target: expected a class index or 'predicted', got '${t}'`);
    if (textMode()) {
      ui.message.textContent = `loading ${ui.model.value} and running ${ui.textMethod.value}…`;
      const o = await explainTextRequest({
        model: ui.model.value, text: ui.text.value, method: ui.textMethod.value, ep: ui.ep.value as WebExecutionProviderName, target, threads,
        steps: ui.steps.value ? Number(ui.steps.value) : undefined,
      }, controller.signal);
      ui.picture.hidden = true;
      showText(ui, o);
      ui.message.textContent = 'done';
      publishTextDone(o);
      return;
    }
    const method = methodChoice(ui.method.value);
    const image = await pictureNow();
    ui.message.textContent = `running ${ui.method.value}…`;
    const outcome = await explain({
      model: modelPick(), image, method, ep: ui.ep.value as WebExecutionProviderName, target, seed: 0, threads,
      steps: ui.steps.value ? Number(ui.steps.value) : undefined, eps: ui.eps.value ? Number(ui.eps.value) : undefined,
    }, controller.signal, (done, total) => { ui.progress.max = total; ui.progress.value = done; });
    show(outcome);
    ui.message.textContent = 'done';
    publishDone(outcome, ui.method.value);
  } catch (e) {
    showError(e);
  } finally {
    if (running === controller) running = undefined;
    ui.run.disabled = false; ui.cancel.disabled = true; ui.progress.hidden = true;
  }
}

function takeModelFile(file: File): void {
  droppedModel = file;
  ui.model.querySelector('option[value="__file"]')?.remove();
  ui.model.append(option('__file', file.name));
  ui.model.value = '__file';
  void run();
}

async function takeImageFile(file: File): Promise<void> {
  try {
    droppedImage = await decodeImage(file);
    drawImage(ui.picture, droppedImage);
  } catch (e) {
    showError(e);
  }
}

ui.run.onclick = () => void run();
ui.cancel.onclick = () => running?.abort(new DOMException('cancelled', 'AbortError'));
ui.modelFile.onchange = () => { const f = ui.modelFile.files?.[0]; if (f) takeModelFile(f); };
ui.imageFile.onchange = () => { const f = ui.imageFile.files?.[0]; if (f) void takeImageFile(f); };
ui.sample.onchange = () => { droppedImage = undefined; };
ui.drop.ondragover = (e) => { e.preventDefault(); ui.drop.classList.add('over'); };
ui.drop.ondragleave = () => ui.drop.classList.remove('over');
ui.drop.ondrop = (e) => {
  e.preventDefault();
  ui.drop.classList.remove('over');
  const f = e.dataTransfer?.files[0];
  if (!f) return;
  if (f.type.startsWith('image/')) void takeImageFile(f);
  else takeModelFile(f);
};

// The URL contract.
try {
  const p = readParams(location.search);
  if (p.model !== undefined) {
    if (!models.includes(p.model)) throw new DemoError(`model: unknown model '${p.model}'; the bundled models are ${models.join(', ')}`);
    ui.model.value = p.model;
    showControls();
  }
  if (p.text !== undefined) {
    if (!textMode()) throw new DemoError(`text: the model '${ui.model.value}' is not a text model; pick one of the text models (a folder with vocab.json)`);
    ui.text.value = p.text;
  }
  if (p.sample !== undefined) {
    if (!samples.includes(p.sample)) throw new DemoError(`sample: unknown sample '${p.sample}'; the samples are ${samples.join(', ')}`);
    ui.sample.value = p.sample;
  }
  if (p.method !== undefined && textMode()) ui.textMethod.value = textMethod(p.method);
  else if (p.method !== undefined) ui.method.value = methodChoice(p.method).kind === 'attack' && !p.method.startsWith('attack:') ? `attack:${p.method}` : p.method;
  if (p.ep) ui.ep.value = p.ep;
  if (p.target !== undefined) ui.target.value = String(p.target);
  if (p.steps !== undefined) ui.steps.value = String(p.steps);
  if (p.eps !== undefined) ui.eps.value = String(p.eps);
  if (p.run) void run(p.threads);
  else document.body.dataset.status = 'ready';
} catch (e) {
  showError(e);
}
