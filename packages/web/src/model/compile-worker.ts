/**
 * The Web Worker that compiles gradient graphs with @axplain/onnx, off the page's main thread.
 * Message in: `{ bytes, wrt, of, portable }`; out: `{ ok: true, compiled }` (its bytes transferred) or
 * `{ ok: false, name, code, message }`.
 */
import { AxplainError } from '@axplain/core';
import { compileGradient, type GradientCompileOptions } from '@axplain/ort';

interface WorkerScope {
  onmessage: ((e: MessageEvent<GradientCompileOptions & { bytes: Uint8Array }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { bytes, wrt, of, portable } = e.data;
  try {
    const compiled = compileGradient(bytes, { wrt, of, portable });
    scope.postMessage({ ok: true, compiled }, [compiled.bytes.buffer as ArrayBuffer]);
  } catch (err) {
    const error = err as Error;
    scope.postMessage({ ok: false, name: error?.name ?? 'Error', code: AxplainError.isInstance(err) ? err.code : undefined, message: error?.message ?? String(err) });
  }
};
