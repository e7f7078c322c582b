// Replay of a recorded history: 1,000,000 events in 100,000 streams, written as JSON Lines grouped by stream,
// read back through upcasters (a third of the deposits are at v1) and a decider's fold, determinism and clone
// checks on. Baselines in the same run: reading the same file and JSON.parse of every line (the floor a
// replay cannot beat), and the same plus a hand-written fold in a Map. Heap before and after the replay.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineUpcasters } from '../dist/index.js';
import { jsonLinesHistory, replayHistory } from '../dist/replay/index.js';

const streams = 100_000;
const perStream = 10;
const folder = mkdtempSync(join(tmpdir(), 'eventspec-replay-bench-'));
const file = join(folder, 'history.jsonl');

async function writeHistory() {
  const out = createWriteStream(file);
  for (let s = 0; s < streams; s++) {
    let chunk = '';
    for (let v = 1; v <= perStream; v++) {
      const event =
        v === 1
          ? { type: 'Opened', data: { owner: `owner-${s}` } }
          : v % 3 === 0
            ? { type: 'Deposited', version: 1, data: { cents: String(v * 100) } }
            : { type: 'Deposited', version: 2, data: { cents: v * 100 } };
      chunk += `${JSON.stringify({ streamId: `account-${s}`, streamVersion: v, ...event })}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const account = {
  initialState: () => ({ owner: null, balance: 0 }),
  evolve: (state, event) =>
    event.type === 'Opened'
      ? { ...state, owner: event.data.owner }
      : { ...state, balance: state.balance + event.data.cents },
};
const upcasters = defineUpcasters().register('Deposited', 1, (v1) => ({
  type: 'Deposited',
  version: 2,
  data: { cents: Number(v1.data.cents) },
}));

async function floorParse() {
  const started = performance.now();
  let count = 0;
  for await (const batch of jsonLinesHistory(file).read()) count += batch.length;
  return { count, ms: performance.now() - started };
}

async function floorFold() {
  const started = performance.now();
  const states = new Map();
  let count = 0;
  for await (const batch of jsonLinesHistory(file).read()) {
    for (const { streamId, event } of batch) {
      count++;
      const read =
        event.type === 'Deposited' && event.version === 1
          ? { type: 'Deposited', version: 2, data: { cents: Number(event.data.cents) } }
          : event;
      states.set(streamId, account.evolve(states.get(streamId) ?? account.initialState(), read));
    }
  }
  return { count, ms: performance.now() - started };
}

function heapMb() {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

await writeHistory();
const sizeMb = statSync(file).size / 1e6;
const parse = await floorParse();
const fold = await floorFold();
const before = heapMb();
let peak = before;
const report = await replayHistory(jsonLinesHistory(file), {
  upcasters,
  decider: account,
  grouping: 'by-stream',
  progressIntervalMs: 200,
  onProgress: () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed / 1e6);
  },
});
const after = heapMb();
rmSync(folder, { recursive: true, force: true });

const rate = (count, ms) => Math.round((count / ms) * 1000).toLocaleString('en');
console.table([
  {
    what: 'read + JSON.parse only (floor)',
    events: parse.count,
    'events/s': rate(parse.count, parse.ms),
    ms: Math.round(parse.ms),
  },
  {
    what: 'floor + hand-written upcast and fold',
    events: fold.count,
    'events/s': rate(fold.count, fold.ms),
    ms: Math.round(fold.ms),
  },
  {
    what: 'replayHistory (upcast, fold twice, clone check)',
    events: report.events,
    'events/s': rate(report.events, report.elapsedMs),
    ms: Math.round(report.elapsedMs),
  },
]);
console.log(
  `history ${sizeMb.toFixed(0)} MB, ${report.streams.toLocaleString('en')} streams, ${report.upcast.toLocaleString('en')} upcast, ok=${report.ok}; ` +
    `replayHistory at ${(fold.ms / report.elapsedMs).toFixed(2)}× the hand-written fold's speed (target ≥ 500,000 events/s); ` +
    `heap before ${before.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, after ${after.toFixed(1)} MB (target: after within 100 MB of before)`,
);
