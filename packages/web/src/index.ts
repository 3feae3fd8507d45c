/**
 * @axplain/web: axplain in the browser. `loadModel` gives a `GradientModel` on onnxruntime-web
 * (wasm, WebGPU); every method of @axplain/core runs on it. Browser pictures go in with
 * `imageTensor` and come out with `drawImage`.
 */
export * from './model/index.js';
export * from './image/index.js';
export * from './text/index.js';
export * from './attack/index.js';
