/**
 * The error of preprocessing specs: a field with a wrong type or value, named, with what it
 * may hold.
 */
import { AxplainError } from '../errors.js';

/** A preprocessing spec (a `.preprocess.json`, a model card's `preprocessing`) that cannot be used. */
export class PreprocessSpecError extends AxplainError {
  constructor(
    /** Where the spec came from (a file path, 'preprocess spec'). */
    readonly source: string,
    /** The offending field, e.g. 'mean'; '' for the spec as a whole. */
    readonly field: string,
    /** What is wrong and what would be accepted. */
    readonly problem: string,
  ) {
    super(`${source}: ${field ? `field '${field}' ` : ''}${problem}`, 'PREPROCESS_SPEC');
  }
}
