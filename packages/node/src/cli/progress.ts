/**
 * The one progress bar of the sub-commands: on stderr, started at the first step, nothing when
 * stderr is not a terminal (cli-progress's default), so piped output stays clean.
 */
import { SingleBar } from 'cli-progress';

export interface ProgressBar<P extends object = object> {
  /** `done` of `total`, with the format's payload fields. */
  update: (done: number, total: number, payload?: P) => void;
  stop: () => void;
}

/**
 * A bar with cli-progress's `format` (`{bar} {value}/{total}` and payload fields).
 * @example const bar = progressBar('ig {bar} {value}/{total} model calls'); run({ onStep: bar.update }); bar.stop();
 */
export function progressBar<P extends object = object>(format: string, options: { etaBuffer?: number } = {}): ProgressBar<P> {
  let bar: SingleBar | undefined;
  return {
    update: (done, total, payload) => {
      if (!bar) {
        bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, ...options });
        bar.start(total, 0, payload);
      }
      bar.setTotal(total);
      bar.update(done, payload);
    },
    stop: () => bar?.stop(),
  };
}
