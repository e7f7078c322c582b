import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonLinesHistory, replayHistory, sqlHistory } from '@eventspec/core/replay';
import { expect, test } from 'vitest';
import { order, orderUpcasters } from '../../src/index.js';
import { describeWithPostgres } from '../postgres.js';

const fixture = fileURLToPath(new URL('./fixtures/orders-history.jsonl', import.meta.url));

describeWithPostgres('replaying the order streams from a PostgreSQL event table', (pool, track) => {
  let tables = 0;

  async function eventTable(): Promise<string> {
    const schema = `replay_${process.pid}_${Date.now().toString(36)}_${++tables}`;
    track({ drop: () => pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).then(() => undefined) });
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(`
      CREATE TABLE ${schema}.events (
        global_position bigserial PRIMARY KEY,
        order_id text NOT NULL,
        position_in_order integer NOT NULL,
        event_type text NOT NULL,
        schema_version integer,
        payload jsonb NOT NULL,
        envelope jsonb
      )`);
    for (const line of readFileSync(fixture, 'utf8').trim().split('\n')) {
      const { streamId, streamVersion, type, version, data, metadata } = JSON.parse(line);
      await pool.query(
        `INSERT INTO ${schema}.events (order_id, position_in_order, event_type, schema_version, payload, envelope) VALUES ($1, $2, $3, $4, $5, $6)`,
        [streamId, streamVersion, type, version ?? null, data, metadata ?? null],
      );
    }
    return `${schema}.events`;
  }

  test('rows read through a cursor with a column mapping replay like the JSON Lines they came from', async () => {
    const table = await eventTable();
    const client = await pool.connect();
    try {
      // #region replay-sql
      const history = sqlHistory({
        client,
        query: `SELECT * FROM ${table} ORDER BY global_position`,
        columns: {
          streamId: 'order_id',
          streamVersion: 'position_in_order',
          type: 'event_type',
          version: 'schema_version',
          data: 'payload',
          metadata: 'envelope',
        },
        batchSize: 5,
      });
      const report = await replayHistory(history, {
        upcasters: orderUpcasters,
        decider: order,
        grouping: 'interleaved',
      });
      // #endregion replay-sql
      const fromFile = await replayHistory(jsonLinesHistory(fixture), {
        upcasters: orderUpcasters,
        decider: order,
      });
      expect(report).toMatchObject({
        ok: true,
        events: fromFile.events,
        streams: fromFile.streams,
        upcast: fromFile.upcast,
      });
      expect(report.events).toBe(32);
    } finally {
      client.release();
    }
  });

  test('a column the mapping names that the query does not return is an error naming what it returns', async () => {
    const table = await eventTable();
    const client = await pool.connect();
    try {
      const history = sqlHistory({
        client,
        query: `SELECT order_id, event_type, payload FROM ${table}`,
        columns: {
          streamId: 'order_id',
          type: 'event_type',
          data: 'payload',
          streamVersion: 'position_in_order',
          version: null,
          metadata: null,
        },
      });
      const error = await replayHistory(history, { decider: order }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'EVENTSPEC_REPLAY_MISSING_COLUMN' });
      expect((error as Error).message).toMatchInlineSnapshot(
        `"The query returns no column "position_in_order" (for streamVersion); it returns "order_id", "event_type", "payload". Name the right columns in sqlHistory({ columns: { … } }) (null for one the table does not have), or select them with AS."`,
      );
    } finally {
      client.release();
    }
  });
});
