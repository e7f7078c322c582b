// A recursive schema (a category of categories) is dereferenced by the parser into a cycle: the contract
// writes the cycle back as a $ref, so the loader neither overflows its stack nor loses the recursion.
import { expect, test, vi } from 'vitest';

vi.setConfig({ testTimeout: 30_000 });

import { loadAsyncApi } from '../../src/asyncapi/index.js';
import { checkCompatibility, formatViolation } from '../../src/index.js';

const file = new URL('../fixtures/contracts/asyncapi-corpus/recursive-3.0.asyncapi.yaml', import.meta.url)
  .pathname;

test('a recursive payload becomes a schema that $refs itself, and nested messages are checked at every depth', async () => {
  const registry = await loadAsyncApi(file);
  expect(registry.get('CategoryChanged@1').data).toMatchInlineSnapshot(`
    {
      "properties": {
        "children": {
          "items": {
            "$ref": "#",
          },
          "type": "array",
        },
        "name": {
          "type": "string",
        },
      },
      "required": [
        "name",
      ],
      "type": "object",
    }
  `);
  const check = (data: unknown) =>
    registry
      .validate({ channel: 'catalog.categories', data }, 'CategoryChanged@1')
      .violations.map(formatViolation);
  expect(check({ name: 'tools', children: [{ name: 'saws', children: [{ name: 'hand saws' }] }] })).toEqual(
    [],
  );
  expect(
    check({ name: 'tools', children: [{ name: 'saws', children: [{ title: 'hand saws' }] }] }),
  ).toMatchInlineSnapshot(`
    [
      "data.children[0].children[0].name: expected a value (the property is required), it is missing",
    ]
  `);
});

test('an unchanged recursive contract is compatible with itself (what the gate checks when the document did not change)', async () => {
  const data = (await loadAsyncApi(file)).get('CategoryChanged@1').data;
  const again = (await loadAsyncApi(file)).get('CategoryChanged@1').data;
  expect(checkCompatibility(data, again, 'FULL').verdict).toBe('compatible');
  // A changed recursive schema overflows the compatibility checker's stack (a RangeError, also for a
  // contract file with `$ref: '#'`): reported to the compatibility work, not handled here.
});
