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

// Wall time, and this process's CPU time (user + system, all its threads): on a shared machine the second
// tells what the code costs when it has a core to itself.
function clock() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => ({
    ms: performance.now() - wall,
    cpuMs: (() => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1000;
    })(),
  });
}

async function floorParse() {
  const stop = clock();
  let count = 0;
  for await (const batch of jsonLinesHistory(file).read()) count += batch.length;
  return { count, ...stop() };
}

async function floorFold() {
  const stop = clock();
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
  return { count, ...stop() };
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
const stopReplay = clock();
const report = await replayHistory(jsonLinesHistory(file), {
  upcasters,
  decider: account,
  grouping: 'by-stream',
  progressIntervalMs: 200,
  onProgress: () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed / 1e6);
  },
});
const replay = { count: report.events, ...stopReplay() };
const after = heapMb();
rmSync(folder, { recursive: true, force: true });

const rate = (count, ms) => Math.round((count / ms) * 1000).toLocaleString('en');
const row = (what, run) => ({
  what,
  events: run.count,
  'events/s': rate(run.count, run.ms),
  'events per CPU-s': rate(run.count, run.cpuMs),
  ms: Math.round(run.ms),
});
console.table([
  row('read + JSON.parse only (floor)', parse),
  row('floor + hand-written upcast and fold', fold),
  row('replayHistory (upcast, fold twice, clone check)', replay),
]);
console.log(
  `history ${sizeMb.toFixed(0)} MB, ${report.streams.toLocaleString('en')} streams, ${report.upcast.toLocaleString('en')} upcast, ok=${report.ok}; ` +
    `replayHistory at ${(fold.ms / replay.ms).toFixed(2)}× the hand-written fold's speed (${(fold.cpuMs / replay.cpuMs).toFixed(2)}× in CPU time); target ≥ 500,000 events/s; ` +
    `heap before ${before.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, after ${after.toFixed(1)} MB (target: after within 100 MB of before)`,
);
