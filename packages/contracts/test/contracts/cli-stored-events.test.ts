import { expect, test } from 'vitest';
import { builtCore, cliScratch } from '../support/cli-scratch.js';

const core = builtCore;
const scratch = cliScratch('eventspec-cli-stored-');
const { eventspec } = scratch;
const { write } = scratch;

// OrderPlaced v1 carried one amount; v2 carries lines instead: old stored events no longer validate.
const contract = (version: number, stored = true) => {
  const data =
    version === 1
      ? {
          properties: { orderId: { type: 'string' }, amount: { type: 'integer' } },
          required: ['orderId', 'amount'],
        }
      : {
          properties: { orderId: { type: 'string' }, lines: { type: 'array', minItems: 1 } },
          required: ['orderId', 'lines'],
        };
  return {
    type: 'OrderPlaced',
    version,
    ...(stored && { stored: true }),
    data: {
      type: 'object',
      properties: {
        type: { const: 'OrderPlaced' },
        version: { const: version },
        data: { type: 'object', ...data, additionalProperties: false },
      },
      required: ['type', 'data'],
    },
  };
};

function storedV1ThenV2(stored = true): void {
  write('baseline/order-placed.v1.contract.json', contract(1, stored));
  write('contracts/order-placed.v1.contract.json', contract(1, stored));
  write('contracts/order-placed.v2.contract.json', contract(2, stored));
}

const upcasterModule = (registrations: string) => `import { defineUpcasters } from '${core}';
export const orderUpcasters = defineUpcasters()${registrations};
`;
const v1ToV2 = `.register('OrderPlaced', 1, ({ data: { amount, ...rest } }) => ({
  type: 'OrderPlaced', version: 2, data: { ...rest, lines: [{ sku: 'legacy', cents: amount }] },
}))`;

test('a breaking change of a stored event with its upcaster: exit 0, the break and the upcaster that covers it', () => {
  storedV1ThenV2();
  write('src/upcasters.mjs', upcasterModule(v1ToV2));
  const run = eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/upcasters.mjs');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✓ upcast  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)
      data.data: required-added — "lines" is required
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      data.data.amount: closed-content-model — "amount" is not declared and undeclared properties are rejected (closed content model)
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      data.version: value-removed — the value 1 is rejected
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0},"version":1}
      stored OrderPlaced@1 events are upcast: OrderPlaced@1 → @2

    eventspec contracts check: 0 breaking, 0 unproven, 0 compatible, 1 upcast — 1 of 2 contracts changed since baseline
    "
  `);
});

test('the same change without the upcaster: exit 1 with what to register and where; JUnit and Markdown say so too', () => {
  storedV1ThenV2();
  write('src/upcasters.mjs', upcasterModule(".latest('OrderPlaced', 2)"));
  const run = eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--upcasters',
    'src/upcasters.mjs',
    '--junit',
    'contracts.xml',
    '--markdown',
    'contracts.md',
  );
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ no upcaster  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)
      data.data: required-added — "lines" is required
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      data.data.amount: closed-content-model — "amount" is not declared and undeclared properties are rejected (closed content model)
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      data.version: value-removed — the value 1 is rejected
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0},"version":1}
      stored OrderPlaced@1 events do not validate against OrderPlaced@2 and no upcaster takes them there: register('OrderPlaced', 1, upcast) in src/upcasters.mjs#orderUpcasters

    eventspec contracts check: 1 breaking (1 without an upcaster), 0 unproven, 0 compatible — 1 of 2 contracts changed since baseline
    "
  `);
  expect(scratch.read('contracts.xml')).toMatchInlineSnapshot(`
    "<?xml version="1.0" encoding="UTF-8"?>
    <testsuites name="eventspec contracts" tests="1" failures="1">
      <testsuite name="eventspec contracts check" tests="1" failures="1">
        <testcase classname="eventspec.contracts.OrderPlaced" name="OrderPlaced@2 BACKWARD (new version, against OrderPlaced@1)" file="contracts/order-placed.v2.contract.json">
          <failure type="missing-upcaster" message="stored OrderPlaced@1 events do not validate against OrderPlaced@2 and no upcaster takes them there: register('OrderPlaced', 1, upcast) in src/upcasters.mjs#orderUpcasters">  data.data: required-added — &quot;lines&quot; is required
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {&quot;type&quot;:&quot;OrderPlaced&quot;,&quot;data&quot;:{&quot;orderId&quot;:&quot;&quot;,&quot;amount&quot;:0}}
      data.data.amount: closed-content-model — &quot;amount&quot; is not declared and undeclared properties are rejected (closed content model)
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {&quot;type&quot;:&quot;OrderPlaced&quot;,&quot;data&quot;:{&quot;orderId&quot;:&quot;&quot;,&quot;amount&quot;:0}}
      data.version: value-removed — the value 1 is rejected
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {&quot;type&quot;:&quot;OrderPlaced&quot;,&quot;data&quot;:{&quot;orderId&quot;:&quot;&quot;,&quot;amount&quot;:0},&quot;version&quot;:1}
    stored OrderPlaced@1 events do not validate against OrderPlaced@2 and no upcaster takes them there: register('OrderPlaced', 1, upcast) in src/upcasters.mjs#orderUpcasters</failure>
        </testcase>
      </testsuite>
    </testsuites>
    "
  `);
  expect(scratch.read('contracts.md')).toMatchInlineSnapshot(`
    "### eventspec contracts check (against baseline)

    | Contract | Change | Mode | Verdict |
    | --- | --- | --- | --- |
    | \`OrderPlaced@2\` | new version, against OrderPlaced@1 | BACKWARD | ✗ no upcaster |

    #### \`OrderPlaced@2\` — ✗ no upcaster

    - \`data.data\` **required-added**: "lines" is required. Accepted by OrderPlaced@1, rejected by OrderPlaced@2:
      \`\`\`json
      {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      \`\`\`
    - \`data.data.amount\` **closed-content-model**: "amount" is not declared and undeclared properties are rejected (closed content model). Accepted by OrderPlaced@1, rejected by OrderPlaced@2:
      \`\`\`json
      {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      \`\`\`
    - \`data.version\` **value-removed**: the value 1 is rejected. Accepted by OrderPlaced@1, rejected by OrderPlaced@2:
      \`\`\`json
      {"type":"OrderPlaced","data":{"orderId":"","amount":0},"version":1}
      \`\`\`
    - stored OrderPlaced@1 events do not validate against OrderPlaced@2 and no upcaster takes them there: register('OrderPlaced', 1, upcast) in src/upcasters.mjs#orderUpcasters
    "
  `);
});

test('without --upcasters, a breaking change of a stored event says how to pass them; unmarked contracts keep the plain verdict', () => {
  storedV1ThenV2();
  const stored = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(stored.code).toBe(1);
  expect(stored.stdout).toMatchInlineSnapshot(`
    "✗ no upcaster  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)
      data.data: required-added — "lines" is required
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      data.data.amount: closed-content-model — "amount" is not declared and undeclared properties are rejected (closed content model)
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      data.version: value-removed — the value 1 is rejected
        accepted by OrderPlaced@1, rejected by OrderPlaced@2: {"type":"OrderPlaced","data":{"orderId":"","amount":0},"version":1}
      stored OrderPlaced@1 events do not validate against OrderPlaced@2 and no upcaster takes them there: register('OrderPlaced', 1, upcast), and pass the module that exports the registry with --upcasters <module>

    eventspec contracts check: 1 breaking (1 without an upcaster), 0 unproven, 0 compatible — 1 of 2 contracts changed since baseline
    "
  `);

  storedV1ThenV2(false);
  write('src/upcasters.mjs', upcasterModule(v1ToV2));
  const plain = eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/upcasters.mjs');
  expect(plain.code).toBe(1);
  expect(plain.stdout.split('\n')[0]).toMatchInlineSnapshot(
    `"✗ 3 breaks  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)"`,
  );
});

test('a stored version edited in place: an upcaster cannot cover it, exit 1 with the fix', () => {
  write('baseline/order-placed.v1.contract.json', contract(1));
  write('contracts/order-placed.v1.contract.json', { ...contract(2), version: 1 });
  write('src/upcasters.mjs', upcasterModule(v1ToV2));
  const run = eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/upcasters.mjs');
  expect(run.code).toBe(1);
  expect(run.stdout).toMatchInlineSnapshot(`
    "✗ 3 breaks  OrderPlaced@1  BACKWARD  (edited in place, against OrderPlaced@1 (baseline); contracts/order-placed.v1.contract.json)
      data.data: required-added — "lines" is required
        accepted by OrderPlaced@1 (baseline), rejected by OrderPlaced@1: {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      data.data.amount: closed-content-model — "amount" is not declared and undeclared properties are rejected (closed content model)
        accepted by OrderPlaced@1 (baseline), rejected by OrderPlaced@1: {"type":"OrderPlaced","data":{"orderId":"","amount":0}}
      data.version: value-removed — the value 1 is rejected
        accepted by OrderPlaced@1 (baseline), rejected by OrderPlaced@1: {"type":"OrderPlaced","data":{"orderId":"","amount":0},"version":1}
      OrderPlaced@1 is edited in place, and events stored at OrderPlaced@1 are never upcast; publish OrderPlaced@2 with an upcaster from OrderPlaced@1 instead

    eventspec contracts check: 1 breaking, 0 unproven, 0 compatible — 1 of 1 contract changed since baseline
    "
  `);
});

test('an --upcasters module that cannot be used is broken input: exit 2', () => {
  storedV1ThenV2();
  write('src/none.mjs', 'export const answer = 42;\n');
  write('src/throws.mjs', "throw new Error('the registry needs a database');\n");
  write('src/two.mjs', `${upcasterModule(v1ToV2)}export const again = orderUpcasters;\n`);
  const results = [
    eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/missing.mjs'),
    eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/throws.mjs'),
    eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/none.mjs'),
    eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/two.mjs'),
    eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/two.mjs#answer'),
  ];
  expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
  expect(
    results
      .map((r) =>
        r.stderr.replace(scratch.dir, '<dir>').replace(/imported from [^)]+/, 'imported from <core>'),
      )
      .join('\n'),
  ).toMatchInlineSnapshot(`
    "The --upcasters module cannot be used:
      src/missing.mjs: there is no file src/missing.mjs (in <dir>)
    Nothing was compared; fix the input above.

    The --upcasters module cannot be used:
      src/throws.mjs: cannot import it (the registry needs a database); pass a module Node can import: built JavaScript, or TypeScript on Node 22.18 or later
    Nothing was compared; fix the input above.

    The --upcasters module cannot be used:
      src/none.mjs: it exports no upcaster registry (made with defineUpcasters()); its exports: answer
    Nothing was compared; fix the input above.

    The --upcasters module cannot be used:
      src/two.mjs: it exports 2 upcaster registries (again, orderUpcasters); name one: --upcasters src/two.mjs#again
    Nothing was compared; fix the input above.

    The --upcasters module cannot be used:
      src/two.mjs#answer: its export "answer" is not an upcaster registry (made with defineUpcasters()); its exports: again, orderUpcasters
    Nothing was compared; fix the input above.
    "
  `);
  const named = eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/two.mjs#again');
  expect(named.code).toBe(0);
});

test('"stored" must be a boolean: exit 2 with the place', () => {
  write('baseline/order-placed.v1.contract.json', contract(1));
  write('contracts/order-placed.v1.contract.json', { ...contract(1), stored: 'yes' });
  const run = eventspec('contracts', 'check', '--baseline', 'baseline');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatchInlineSnapshot(`
    "The contracts cannot be loaded (1 problem):
      contracts/order-placed.v1.contract.json at /stored: expected true (events of this type are kept in an event store) or false
    Nothing was compared; fix the input above.
    "
  `);
});

test('a change of a stored event that cannot be proven: covered by its upcaster (exit 0), else exit 3 naming the missing one', () => {
  const coded = (version: number, pattern: string) => ({
    type: 'OrderPlaced',
    version,
    stored: true,
    data: { type: 'object', properties: { code: { type: 'string', pattern } } },
  });
  write('baseline/order-placed.v1.contract.json', coded(1, '^[a-z]+$'));
  write('contracts/order-placed.v1.contract.json', coded(1, '^[a-z]+$'));
  write('contracts/order-placed.v2.contract.json', coded(2, '^[a-z]*$'));
  write('src/upcasters.mjs', upcasterModule(".register('OrderPlaced', 1, (v1) => ({ ...v1, version: 2 }))"));
  write('src/none.mjs', upcasterModule(".latest('OrderPlaced', 2)"));
  const covered = eventspec(
    'contracts',
    'check',
    '--baseline',
    'baseline',
    '--upcasters',
    'src/upcasters.mjs',
  );
  expect(covered.code).toBe(0);
  expect(covered.stdout).toMatchInlineSnapshot(`
    "✓ upcast  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)
      data.code: cannot prove — strings must match /^[a-z]*$/, but no value accepted by one schema and rejected by the other was found (pattern-changed)
      stored OrderPlaced@1 events are upcast: OrderPlaced@1 → @2

    eventspec contracts check: 0 breaking, 0 unproven, 0 compatible, 1 upcast — 1 of 2 contracts changed since baseline
    "
  `);
  const missing = eventspec('contracts', 'check', '--baseline', 'baseline', '--upcasters', 'src/none.mjs');
  expect(missing.code).toBe(3);
  expect(missing.stdout).toMatchInlineSnapshot(`
    "? no upcaster  OrderPlaced@2  BACKWARD  (new version, against OrderPlaced@1; contracts/order-placed.v2.contract.json)
      data.code: cannot prove — strings must match /^[a-z]*$/, but no value accepted by one schema and rejected by the other was found (pattern-changed)
      stored OrderPlaced@1 events may not validate against OrderPlaced@2 and no upcaster takes them there: register('OrderPlaced', 1, upcast) in src/none.mjs#orderUpcasters

    eventspec contracts check: 0 breaking, 1 unproven, 0 compatible — 1 of 2 contracts changed since baseline
    "
  `);
});
