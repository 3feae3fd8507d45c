/**
 * The one progress bar of the sub-commands: on stderr, with an ETA, drawn once a run has taken
 * more than a second (quick methods stay quiet), nothing when stderr is not a terminal
 * (cli-progress's default) so piped output stays clean, and nothing at all under `--quiet`.
 */
import { SingleBar } from 'cli-progress';

let quiet = false;

/** `--quiet`: no bar from now on. */
export function silenceProgress(value = true): void {
  quiet = value;
}

export interface ProgressBar<P extends object = object> {
  /** `done` of `total`, with the format's payload fields. */
  update: (done: number, total: number, payload?: P) => void;
  stop: () => void;
}

/**
 * A bar with cli-progress's `format` (`{bar} {value}/{total}` and payload fields).
 * @example const bar = progressBar('ig {bar} {value}/{total} model calls'); run({ onStep: bar.update }); bar.stop();
 */
export function progressBar<P extends object = object>(format: string, options: { etaBuffer?: number; delayMs?: number } = {}): ProgressBar<P> {
  let bar: SingleBar | undefined;
  const { delayMs = 1000, ...barOptions } = options;
  const t0 = performance.now();
  return {
    update: (done, total, payload) => {
      if (quiet || (!bar && performance.now() - t0 < delayMs)) return;
      if (!bar) {
        bar = new SingleBar({ format: `${format} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, ...barOptions });
        bar.start(total, 0, payload);
      }
      bar.setTotal(total);
      bar.update(done, payload);
    },
    stop: () => bar?.stop(),
  };
}
