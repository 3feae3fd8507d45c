export * from './tokenizer.js';
export * from './token-attributions.js';
export * from './email.js';
