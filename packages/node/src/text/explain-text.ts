/** `explainText` is runtime-neutral: it lives in @axplain/ort and runs the same in the browser. */
export { explainText, TEXT_METHODS, type TextMethod, type ExplainTextOptions, type TextExplanation } from '@axplain/ort';
