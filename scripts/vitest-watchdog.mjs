// A vitest setup file for this repository's own test projects: a test file whose worker stops turning its
// event loop (a synchronous loop that never ends, or promises that only ever queue more promises) cannot be
// stopped by vitest's testTimeout, and would hold the whole run until CI's own limit. A watchdog thread
// notices the silence, names the file and the test, and kills that worker: vitest reports the file as
// failed and the run goes on. EVENTSPEC_TEST_WATCHDOG_SECONDS sets the silence allowed (0 turns it off).
import { Worker } from 'node:worker_threads';
import { beforeEach } from 'vitest';

const limitSeconds = Number(process.env.EVENTSPEC_TEST_WATCHDOG_SECONDS ?? 300);
const seconds = () => Math.floor(Date.now() / 1000);

const watching = Symbol.for('eventspec.testWatchdog');
if (limitSeconds > 0 && !globalThis[watching]) {
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const current = new Uint8Array(new SharedArrayBuffer(2048));
  Atomics.store(beat, 0, seconds());
  setInterval(() => Atomics.store(beat, 0, seconds()), 1000).unref();
  const watchdog = new Worker(
    `
    const { workerData } = require('node:worker_threads');
    const { writeSync } = require('node:fs');
    const { beat, current, limitSeconds } = workerData;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (;;) {
      Atomics.wait(pause, 0, 0, 2000);
      const silent = Math.floor(Date.now() / 1000) - Atomics.load(beat, 0);
      if (silent < limitSeconds) continue;
      const end = current.indexOf(0);
      const where = new TextDecoder().decode(current.slice(0, end < 0 ? current.length : end));
      writeSync(2, '\\n[eventspec test watchdog] ' + where + ': the event loop has not turned for ' + silent +
        ' s (a synchronous loop, or promises that never let a timer run). vitest cannot time it out, so the' +
        ' watchdog ends this test worker; the file is reported as failed and the run goes on.\\n');
      process.kill(process.pid, 'SIGKILL');
    }
    `,
    { eval: true, workerData: { beat, current, limitSeconds } },
  );
  watchdog.unref();
  globalThis[watching] = { current };
}

// Destructured: vitest reads a hook's first parameter for the fixtures it needs (`test.extend` files).
beforeEach(({ task }) => {
  const watched = globalThis[watching];
  if (!watched) return;
  const where = `${task.file?.filepath ?? 'a test file'} > ${task.name}`;
  const bytes = new TextEncoder().encode(where).slice(0, watched.current.length - 1);
  watched.current.fill(0);
  watched.current.set(bytes);
});
