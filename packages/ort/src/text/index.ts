export { openTextModel, textCardSection, type TextModel, type TextInput, type TextCardSection, type OpenTextModelParts, type OpenTextModelOptions } from './text-model.js';
export { explainText, TEXT_METHODS, type TextMethod, type ExplainTextOptions, type TextExplanation } from './explain-text.js';
