export { compile, type CompileOptions, type CompileResult } from './compile.js';
export { SCATTER_ADD_OPSET, upgradeOpset } from './opset-upgrade.js';
export { ModelBuilder, type ModelBuilderOptions, valueInfo } from './model-builder.js';
export { supportedOps, supportedOpsMarkdown } from './rules/registry.js';
export type { GradRule, VjpContext } from './rules/types.js';
export { Graph } from './graph.js';
export { Emitter } from './emit/emitter.js';
export * from './errors.js';
export * from './dims.js';
export {
  decodeModel, encodeModel, defaultOpset, metadataOf, makeTensor, tensorValues, DT, onnx, isFloatType, floatToHalf, halfToFloat,
  type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto,
} from './proto.js';
export { COMPILER_VERSION, GRADIENT_RULES_REVISION } from './version.js';
export * from './loss/index.js';
