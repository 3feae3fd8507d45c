/**
 * Runs the README's browser example (the virtual module is its code block, verbatim) after
 * drawing the bundled digit 7 into #pad. Publishes what it printed and what it drew for the e2e
 * test: `document.body.dataset.status` 'done' or 'error', `window.readmeExample = { logs, out }`.
 */
const BASE = import.meta.env.BASE_URL;

async function drawDigit(): Promise<void> {
  const img = new Image();
  img.src = new URL(`${BASE}models/samples/mnist/digit-7.png`, document.baseURI).href;
  await img.decode();
  document.querySelector<HTMLCanvasElement>('#pad')!.getContext('2d')!.drawImage(img, 0, 0, 28, 28);
}

async function main(): Promise<void> {
  const logs: unknown[][] = [];
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => { logs.push(JSON.parse(JSON.stringify(args)) as unknown[]); log(...args); };
  document.body.dataset.status = 'running';
  try {
    await drawDigit();
    await import('virtual:axplain-readme-example');
    const out = document.querySelector<HTMLCanvasElement>('#out')!;
    const pixels = Array.from(out.getContext('2d')!.getImageData(0, 0, out.width, out.height).data);
    (window as unknown as { readmeExample: unknown }).readmeExample = { logs, out: { width: out.width, height: out.height, pixels } };
    document.querySelector('#log')!.textContent = logs.map((l) => JSON.stringify(l)).join('\n');
    document.body.dataset.status = 'done';
  } catch (e) {
    document.body.dataset.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    document.body.dataset.status = 'error';
  } finally {
    console.log = log;
  }
}

void main();
