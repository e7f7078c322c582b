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
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
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
    test('/vitest/rabbitmq needs amqplib, not kafkajs; /vitest/kafka needs kafkajs, not amqplib', () => {
      expect({
        '/vitest/rabbitmq': packagesTypesNeed('vitest-rabbitmq.d.ts'),
        '/vitest/kafka': packagesTypesNeed('vitest-kafka.d.ts'),
        '/vitest (every broker)': packagesTypesNeed('vitest.d.ts'),
        '/vitest/config': packagesTypesNeed('vitest-config.d.ts'),
      }).toMatchInlineSnapshot(`
        {
          "/vitest (every broker)": [
            "@eventspec/core",
            "amqplib",
            "kafkajs",
            "vitest",
          ],
          "/vitest/config": [],
          "/vitest/kafka": [
            "@eventspec/core",
            "kafkajs",
            "vitest",
          ],
          "/vitest/rabbitmq": [
            "@eventspec/core",
            "amqplib",
            "vitest",
          ],
        }
      `);
    });
  },
);
