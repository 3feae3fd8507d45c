/** A model a loss graph cannot be built on (logits not [N, C], input without a batch axis...). */
import { AxplainError } from '../errors.js';

export class LossGraphError extends AxplainError {
  constructor(message: string) {
    super(message, 'LOSS_GRAPH');
  }
}
