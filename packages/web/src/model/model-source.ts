/**
 * Where a browser gets model bytes: a URL (fetched), an ArrayBuffer or Uint8Array, or a Blob/File
 * (a dropped file). Failures name the source and say what went wrong.
 */
import { AxplainError } from '@axplain/core';

/** A model (or a pre-compiled gradient graph) as the page has it. */
export type ModelSource = string | URL | ArrayBuffer | Uint8Array | Blob;

/** A model source that could not be read: a failed fetch, an empty file, a value of the wrong type. */
export class ModelSourceError extends AxplainError {
  constructor(readonly source: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`${source}: ${reason}`, 'MODEL_SOURCE', options);
  }
}

/** The bytes of a source and the name messages use for it. */
export interface ReadSource {
  bytes: Uint8Array;
  /** The URL, the file's name, or 'model bytes'. */
  name: string;
}

/**
 * Reads a model source into bytes.
 * @example const { bytes, name } = await readModelSource('/models/mnist-standard/model.onnx');
 */
export async function readModelSource(source: ModelSource, what = 'model', signal?: AbortSignal): Promise<ReadSource> {
  let read: ReadSource;
  if (typeof source === 'string' || source instanceof URL) read = await fetchBytes(String(source), signal);
  else if (source instanceof Uint8Array) read = { bytes: source, name: `${what} bytes` };
  else if (source instanceof ArrayBuffer) read = { bytes: new Uint8Array(source), name: `${what} bytes` };
  else if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const name = typeof (source as File).name === 'string' && (source as File).name ? (source as File).name : `${what} blob`;
    read = { bytes: new Uint8Array(await source.arrayBuffer()), name };
  } else
    throw new TypeError(`${what}: expected a URL, an ArrayBuffer, a Uint8Array or a Blob/File, got ${source === null ? 'null' : typeof source}`);
  if (read.bytes.length === 0) throw new ModelSourceError(read.name, `is empty (0 bytes); expected an ONNX ${what}`);
  return read;
}

async function fetchBytes(url: string, signal?: AbortSignal): Promise<ReadSource> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ModelSourceError(url, `could not be fetched (${(e as Error).message})`, { cause: e });
  }
  if (!res.ok) throw new ModelSourceError(url, `the server answered ${res.status} ${res.statusText}`.trim());
  return { bytes: new Uint8Array(await res.arrayBuffer()), name: url };
}
