export { loadTextModel, type WebTextModelOptions } from './load-text-model.js';
export { explainText, TEXT_METHODS, type TextMethod, type ExplainTextOptions, type TextExplanation, type TextModel } from '@axplain/ort';
