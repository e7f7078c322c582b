/** What a container start is doing; long starts report it instead of staying silent. */
export interface StartProgress {
  broker: string;
  image: string;
  /** `image` (checking/pulling), `starting`, `waiting` (for the readiness strategy), `ready`. */
  phase: 'image' | 'starting' | 'waiting' | 'ready';
  /** The readiness strategy in words, e.g. `log line /Server startup complete/`. */
  strategy: string;
  elapsedMs: number;
}

/** Receives {@link StartProgress} events. */
export type StartProgressListener = (progress: StartProgress) => void;

/** The default listener: one stderr line per 2 s of waiting, after the first 2 s, and one when ready. */
export function stderrProgress(
  write: (line: string) => void = (line) => process.stderr.write(line),
): StartProgressListener {
  let announced = false;
  return (progress) => {
    if (progress.phase === 'ready' ? !announced : progress.elapsedMs < 2000) return;
    announced = true;
    const seconds = (progress.elapsedMs / 1000).toFixed(1);
    const what = progress.phase === 'ready' ? 'ready' : `${progress.phase} (${progress.strategy})`;
    write(`[eventspec] ${progress.broker} ${progress.image}: ${what} — ${seconds} s\n`);
  };
}
