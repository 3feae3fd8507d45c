import { AxplainError } from '@axplain/core';

/** A page error in plain words (a bad URL parameter, an unknown model or sample, a bad target). */
export class DemoError extends AxplainError {
  constructor(message: string) { super(message, 'DEMO'); }
}
