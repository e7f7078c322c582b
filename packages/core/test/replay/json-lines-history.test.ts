import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, test } from 'vitest';
import { jsonLinesHistory, replayHistory } from '../../src/replay/index.js';
import type { HistoryItem } from '../../src/replay/recorded-event.js';
import { account, accountUpcasters, line } from './accounts.js';

const folder = mkdtempSync(join(tmpdir(), 'eventspec-replay-'));
afterAll(() => undefined);

function file(name: string, content: string | Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

async function items(path: string, options = {}): Promise<HistoryItem[]> {
  const all: HistoryItem[] = [];
  for await (const batch of jsonLinesHistory(path, options).read()) all.push(...batch);
  return all;
}

const history = [
  line('acc-1', 1, { type: 'Opened', data: { owner: 'ada' } }),
  line('acc-1', 2, { type: 'Deposited', version: 1, data: { cents: '500' } }),
  line('acc-2', 1, { type: 'Opened', data: { owner: 'bob' } }),
  line('acc-1', 3, { type: 'Withdrawn', data: { cents: 200 } }),
].join('\n');

test('plain and gzip files give the same records, with their line numbers; blank lines and CRLF are passed over', async () => {
  const plain = await items(file('plain.jsonl', `${history.replaceAll('\n', '\r\n')}\n\n`));
  const gzipped = await items(file('history.jsonl.gz', gzipSync(history)));
  const byName = await items(file('no-suffix', gzipSync(history)));
  const strip = (all: HistoryItem[]) => all.map((item) => ({ ...item, position: item.position.at }));
  expect(strip(gzipped)).toEqual(strip(plain));
  expect(strip(byName)).toEqual(strip(plain));
  expect(plain.map((item) => item.position)).toEqual([
    { source: 'plain.jsonl', at: 'line 1' },
    { source: 'plain.jsonl', at: 'line 2' },
    { source: 'plain.jsonl', at: 'line 3' },
    { source: 'plain.jsonl', at: 'line 4' },
  ]);
  expect(plain[1]).toMatchObject({
    streamId: 'acc-1',
    streamVersion: 2,
    event: { type: 'Deposited', version: 1, data: { cents: '500' } },
  });
});

test('a character split across two read chunks is decoded whole', async () => {
  const owner = 'Zoë 😀 '.repeat(40_000);
  const path = file('wide.jsonl', `${line('acc-1', 1, { type: 'Opened', data: { owner } })}\n`);
  const [record] = await items(path);
  expect((record as { event: { data: { owner: string } } }).event.data.owner).toBe(owner);
});

test('reviveDates turns ISO date-times back into Dates, and leaves other strings alone', async () => {
  const path = file(
    'dates.jsonl',
    line('o-1', 1, { type: 'Placed', data: { at: '2024-05-01T10:00:00.000Z', note: '2024-05-01' } }),
  );
  const [record] = await items(path, { reviveDates: true });
  expect((record as { event: { data: unknown } }).event.data).toEqual({
    at: new Date('2024-05-01T10:00:00.000Z'),
    note: '2024-05-01',
  });
});

test('a line that is not JSON fails the replay at its line; with onBadRecord: skip it is counted and the rest replayed', async () => {
  const path = file(
    'bad.jsonl',
    [history.split('\n')[0], '{"streamId": "acc-1", "type": "Depos', ...history.split('\n').slice(1)].join(
      '\n',
    ),
  );
  const failed = await replayHistory(jsonLinesHistory(path), {
    upcasters: accountUpcasters,
    decider: account,
    throwOnFailure: false,
  });
  expect(failed.events).toBe(1);
  expect(failed.failures.map((failure) => failure.message)).toMatchInlineSnapshot(`
    [
      "bad.jsonl line 2: not JSON (Unterminated string in JSON at position 36 (line 1 column 37)): {"streamId": "acc-1", "type": "Depos",
    ]
  `);
  const skipped = await replayHistory(jsonLinesHistory(path), {
    upcasters: accountUpcasters,
    decider: account,
    onBadRecord: 'skip',
  });
  expect(skipped).toMatchObject({ ok: true, events: 4, streams: 2, upcast: 1, badRecords: { count: 1 } });
  expect(skipped.badRecords.first[0]?.position).toEqual({ source: 'bad.jsonl', at: 'line 2' });
});

test('a record without a stream id or a type is a bad record that says what is missing and where', async () => {
  const path = file(
    'fields.jsonl',
    [
      JSON.stringify({ aggregateId: 'acc-1', type: 'Opened', data: {} }),
      JSON.stringify({ streamId: 'acc-1', data: {} }),
      JSON.stringify({ streamId: 'acc-1', type: 'Opened', version: 'two', data: {} }),
      '[1, 2]',
    ].join('\n'),
  );
  const report = await replayHistory(jsonLinesHistory(path), { decider: account, onBadRecord: 'skip' });
  expect(report.badRecords.first.map((bad) => `${bad.position.at}: ${bad.problem}`)).toMatchInlineSnapshot(`
    [
      "line 1: missing "streamId" (a non-empty string) (found "aggregateId": map it with toRecord)",
      "line 2: missing "type" (a non-empty string) in stream acc-1",
      "line 3: "version" must be a whole number from 1, found "two"",
      "line 4: expected an object { streamId, type, data, … }, found an array",
    ]
  `);
});

test('a truncated gzip file is an error naming the file, the last line read and the cause', async () => {
  const whole = gzipSync(
    Array.from({ length: 2000 }, (_, index) =>
      line(`acc-${index}`, 1, { type: 'Opened', data: { owner: `o${index}` } }),
    ).join('\n'),
  );
  const path = file('cut.jsonl.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
  const error = await replayHistory(jsonLinesHistory(path), { decider: account }).catch(
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ code: 'EVENTSPEC_REPLAY_SOURCE_FAILED' });
  expect((error as Error).message.replace(/line \d+/, 'line <n>')).toMatchInlineSnapshot(
    `"Reading the history cut.jsonl.gz failed after line <n>: unexpected end of file. The gzip data is truncated or corrupt: compress the file again, or replay the part that is whole."`,
  );
});
