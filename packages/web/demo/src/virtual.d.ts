/// <reference types="vite/client" />
declare module 'virtual:axplain-demo-assets' {
  /** Every folder of models/ with a model.onnx. */
  export const models: readonly string[];
  /** The text models among them (a vocab.json beside the model). */
  export const textModels: readonly string[];
  /** Sample images under models/samples, e.g. 'mnist/digit-7'. */
  export const samples: readonly string[];
}
/** The README's `@axplain/web` example, verbatim (packages/web/build/readme-example.ts). */
declare module 'virtual:axplain-readme-example' {}
