import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The packages a subpath's declarations import, following its own .d.ts files (what tsc needs installed). */
function packagesTypesNeed(entry: string): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Comments left out: only import and export declarations and import() types count.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const [, specifier] of code.matchAll(/(?:\bfrom|\bimport\(?)\s*['"]([^'"]+)['"]/g)) {
      if (specifier!.startsWith('.')) visit(join(dirname(file), specifier!.replace(/\.js$/, '.d.ts')));
      else
        packages.add(
          specifier!.startsWith('@')
            ? specifier!.split('/').slice(0, 2).join('/')
            : specifier!.split('/')[0]!,
        );
    }
  };
  visit(join(dist, entry));
  return [...packages].sort();
}

describe.skipIf(!existsSync(join(dist, 'vitest.d.ts')))(
  'the vitest subpaths need only their broker client types',
  () => {
    test('each broker subpath needs its own client library only (/vitest/rabbitmq: amqplib, not kafkajs)', () => {
      expect({
        '/vitest/rabbitmq': packagesTypesNeed('vitest-rabbitmq.d.ts'),
        '/vitest/kafka': packagesTypesNeed('vitest-kafka.d.ts'),
        '/vitest/nats': packagesTypesNeed('vitest-nats.d.ts'),
        '/vitest/redis': packagesTypesNeed('vitest-redis.d.ts'),
        '/vitest (every broker)': packagesTypesNeed('vitest.d.ts'),
        '/vitest/config': packagesTypesNeed('vitest-config.d.ts'),
      }).toMatchInlineSnapshot(`
        {
          "/vitest (every broker)": [
            "@eventspec/core",
            "@nats-io/jetstream",
            "@nats-io/transport-node",
            "amqplib",
            "ioredis",
            "kafkajs",
            "vitest",
          ],
          "/vitest/config": [],
          "/vitest/kafka": [
            "@eventspec/core",
            "kafkajs",
            "vitest",
          ],
          "/vitest/nats": [
            "@eventspec/core",
            "@nats-io/jetstream",
            "@nats-io/transport-node",
            "vitest",
          ],
          "/vitest/rabbitmq": [
            "@eventspec/core",
            "amqplib",
            "vitest",
          ],
          "/vitest/redis": [
            "@eventspec/core",
            "ioredis",
            "vitest",
          ],
        }
      `);
    });
  },
);
