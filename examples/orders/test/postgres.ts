// Tests that need PostgreSQL (EVENTSPEC_POSTGRES_URL): they skip with the reason without it, and fail
// instead under EVENTSPEC_REQUIRE_BROKERS=1, as broker-backed tests do.
import pg from 'pg';
import { afterAll, describe, test } from 'vitest';

/** Something a test created in the database, to remove after the file (a schema). */
export interface Droppable {
  drop(): Promise<void>;
}

/**
 * `describe` for tests on PostgreSQL: `body` gets a pool and `track`, which keeps what a test creates so
 * that it is dropped after the file.
 */
export function describeWithPostgres(
  name: string,
  body: (pool: pg.Pool, track: <T extends Droppable>(created: T) => T) => void,
): void {
  const url = process.env.EVENTSPEC_POSTGRES_URL;
  const required = process.env.EVENTSPEC_REQUIRE_BROKERS === '1';
  describe(name, () => {
    if (!url) {
      test(
        required ? 'needs PostgreSQL (EVENTSPEC_REQUIRE_BROKERS=1)' : 'skipped: no PostgreSQL',
        (context) => {
          if (required)
            throw new Error(
              'EVENTSPEC_REQUIRE_BROKERS=1 but EVENTSPEC_POSTGRES_URL is not set: start PostgreSQL and set it.',
            );
          context.skip('EVENTSPEC_POSTGRES_URL is not set: point it at a PostgreSQL to run these tests');
        },
      );
      return;
    }
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const created: Droppable[] = [];
    afterAll(async () => {
      for (const item of created) await item.drop();
      await pool.end();
    });
    body(pool, (item) => {
      created.push(item);
      return item;
    });
  });
}
