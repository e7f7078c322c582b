// Pact JS logs through pino to console.log, at "error" even for a verification whose failure eventspec
// reports itself ("ERROR (…): pact-core@…: Verification unsuccessful"). While `run` is pending, those lines
// are dropped; every other console.log (the producer's own) passes through.

const pactLine = /\bpact(-core)?@\d+\.\d+/;

/** Runs `run`; when `quiet`, Pact's own log lines printed meanwhile are dropped. */
export async function quietPactLogs<T>(quiet: boolean, run: () => Promise<T>): Promise<T> {
  if (!quiet) return run();
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === 'string' && pactLine.test(args[0])) return;
    log(...args);
  };
  try {
    return await run();
  } finally {
    console.log = log;
  }
}
