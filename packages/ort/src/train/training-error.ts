/** A model and a training set (or recipe) that do not fit together; the message says which part to change. */
import { AxplainError } from '@axplain/core';

export class TrainingError extends AxplainError {
  constructor(message: string) {
    super(message, 'TRAINING');
  }
}
