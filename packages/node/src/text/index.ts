export { explainText, TEXT_METHODS, type TextMethod, type ExplainTextOptions, type TextExplanation } from './explain-text.js';
export { trainText, textAccuracy, loadTextModel, type TrainTextOptions, type TextModel, type TextInput, type TextCardSection } from './node-text.js';
export { createEmbeddingModel, EmbeddingModel, cutAtEmbedding, buildTextClassifier, describeTextClassifier, TEXT_IO, type TextDataset, type TrainTextResult, type TextClassifierSpec } from '@axplain/ort';
