/**
 * Typed errors of image files: missing or unreadable, or not a PNG/JPEG.
 */
import { AxplainError } from '@axplain/core';

/** An image file that does not exist or cannot be read. */
export class ImageFileError extends AxplainError {
  constructor(
    readonly file: string,
    /** What went wrong: 'not found', 'is a directory', the system's message. */
    readonly reason: string,
    override readonly cause?: unknown,
  ) {
    super(`${file}: cannot read the image (${reason}); check the path`, 'IMAGE_FILE');
  }
}

/** Bytes that are not a PNG or JPEG image (or a corrupt one). */
export class ImageFormatError extends AxplainError {
  constructor(
    readonly file: string,
    /** What the bytes look like instead, or what the decoder said. */
    readonly problem: string,
    override readonly cause?: unknown,
  ) {
    super(`${file}: is not a PNG or JPEG image (${problem}); convert it to PNG or JPEG first`, 'IMAGE_FORMAT');
  }
}
