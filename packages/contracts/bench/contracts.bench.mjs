// Message contracts: validation throughput for a typical 10-field event (beside raw ajv, the floor),
// compatibility-check time for a schema pair, the CI gate on a 200-contract repository against its
// baseline, Pact's own provider verification of the same messages, compatibility at size (10,000
// properties, a 200,000-value enum) and the orders example's gate as a new process.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Bench } from 'tinybench';
import { checkCompatibility, checkRegistry, contractsFromFiles } from '../dist/index.js';
import { MessagePact, verifyProducers } from '../dist/pact/index.js';

const dataSchema = (extra = {}) => ({
  type: 'object',
  properties: {
    orderId: { type: 'string', pattern: '^order-' },
    customerId: { type: 'string', format: 'uuid' },
    placedAt: { type: 'string', format: 'date-time' },
    total: { type: 'integer', minimum: 0 },
    currency: { enum: ['EUR', 'USD', 'GBP'] },
    channel: { type: 'string', maxLength: 20 },
    express: { type: 'boolean' },
    coupon: { type: ['string', 'null'] },
    itemCount: { type: 'integer', minimum: 1 },
    note: { type: 'string', maxLength: 200 },
    ...extra,
  },
  required: ['orderId', 'customerId', 'placedAt', 'total', 'currency', 'itemCount'],
  additionalProperties: false,
});
const contractFile = (type, version, schema) => ({
  path: `contracts/${type}.v${version}.contract.json`,
  text: JSON.stringify({ type, version, channel: { topic: 'orders' }, data: schema }),
});
const message = {
  data: {
    orderId: 'order-1',
    customerId: '123e4567-e89b-12d3-a456-426614174000',
    placedAt: '2026-11-28T10:00:00Z',
    total: 1250,
    currency: 'EUR',
    channel: 'web',
    express: false,
    coupon: null,
    itemCount: 2,
    note: 'leave at the door',
  },
};

// 1. Validation throughput.
const registry = contractsFromFiles([contractFile('OrderPlaced', 1, dataSchema())]);
const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv);
const raw = ajv.compile(dataSchema());
if (!registry.validate(message, 'OrderPlaced@1').ok || !raw(message.data))
  throw new Error('the sample message must be valid');
// The same contract declared draft-07: validated by the ajv of its own dialect.
const draft07 = contractsFromFiles([
  contractFile('OrderPlaced', 1, { $schema: 'http://json-schema.org/draft-07/schema#', ...dataSchema() }),
]);
if (!draft07.validate(message, 'OrderPlaced@1').ok) throw new Error('the sample message must be valid');
const validation = new Bench({ time: 1500, warmupTime: 300 });
validation
  .add('raw ajv validate(data) (floor)', () => raw(message.data))
  .add('registry.validate(message, id)', () => registry.validate(message, 'OrderPlaced@1'))
  .add('registry.validate(message, id), draft-07 contract', () => draft07.validate(message, 'OrderPlaced@1'));
await validation.run();
const hz = Object.fromEntries(validation.tasks.map((t) => [t.name, t.result.throughput.mean]));
console.table(
  validation.tasks.map((t) => ({
    task: t.name,
    'messages/s': Math.round(hz[t.name]).toLocaleString('en-US'),
    'time vs floor': `${(hz['raw ajv validate(data) (floor)'] / hz[t.name]).toFixed(2)}×`,
  })),
);

// 2. Compatibility of one schema pair (each call builds its checker: no cache between calls' schemas).
let fresh = 0;
const pairs = {
  'BACKWARD, compatible (optional field added, closed model)': [
    'BACKWARD',
    () => [dataSchema(), dataSchema({ gift: { type: 'boolean' } })],
  ],
  'FULL, breaking (type narrowed, field required, field added)': [
    'FULL',
    () => {
      const next = dataSchema({ total: { type: 'integer', minimum: 100 }, gift: { type: 'boolean' } });
      next.required = [...next.required, 'channel'];
      return [dataSchema(), next];
    },
  ],
  'FULL, breaking, cold (schemas never seen before: every sub-schema compiled)': [
    'FULL',
    () => {
      fresh++;
      const next = dataSchema({
        total: { type: 'integer', minimum: 100 + fresh },
        note: { type: 'string', maxLength: 200 + fresh },
      });
      return [
        dataSchema({
          note: { type: 'string', maxLength: 300 + fresh },
          channel: { type: 'string', maxLength: fresh },
        }),
        next,
      ];
    },
  ],
};
const compatibility = new Bench({ time: 1500, warmupTime: 300 });
for (const [name, [mode, make]] of Object.entries(pairs)) {
  compatibility.add(`checkCompatibility ${name}`, () => {
    const [a, b] = make();
    checkCompatibility(a, b, mode);
  });
}
await compatibility.run();
console.table(
  compatibility.tasks.map((t) => ({
    task: t.name,
    'median ms': t.result.latency.p50.toFixed(3),
    'p99 ms': t.result.latency.p99.toFixed(3),
    target: '≤ 5 ms median',
  })),
);

// 3. The CI gate on a 200-contract repository (100 types × 2 versions, 20 of them changed).
const files = (changed) =>
  Array.from({ length: 100 }, (_, i) => [
    contractFile(`Event${i}`, 1, dataSchema()),
    contractFile(
      `Event${i}`,
      2,
      i < changed
        ? dataSchema({ [`field${i}`]: { type: 'string' } })
        : dataSchema({ gift: { type: 'boolean' } }),
    ),
  ]).flat();
const started = performance.now();
const changes = checkRegistry(contractsFromFiles(files(0)), contractsFromFiles(files(20)));
const inProcess = performance.now() - started;
const dir = mkdtempSync(join(tmpdir(), 'eventspec-bench-'));
for (const [folder, set] of [
  ['baseline', files(0)],
  ['contracts', files(20)],
]) {
  mkdirSync(join(dir, folder, 'contracts'), { recursive: true });
  for (const f of set) writeFileSync(join(dir, folder, f.path), f.text);
}
const cliStarted = performance.now();
const cli = spawnSync(
  process.execPath,
  [
    new URL('../dist/cli/main.js', import.meta.url).pathname,
    'contracts',
    'check',
    '--contracts',
    'contracts',
    '--baseline',
    'baseline',
  ],
  {
    cwd: dir,
    encoding: 'utf8',
  },
);
const cliTime = performance.now() - cliStarted;
console.table([
  {
    task: 'checkRegistry, 200 contracts, 20 changed (in process, load + check)',
    ms: inProcess.toFixed(0),
    changes: changes.length,
    target: '< 2000 ms',
  },
  {
    task: 'eventspec contracts check (new process, from disk)',
    ms: cliTime.toFixed(0),
    'exit code': cli.status,
    target: '< 2000 ms',
  },
]);

// 4. Pact's own provider verification of the same message, 10 interactions.
const pacts = join(dir, 'pacts');
const pact = new MessagePact({
  consumer: 'bench-consumer',
  provider: 'bench-provider',
  registry,
  dir: pacts,
});
for (let i = 0; i < 10; i++)
  await pact.receive(
    { description: `message ${i}`, contract: 'OrderPlaced@1', data: message.data },
    () => {},
  );
const pactStarted = performance.now();
await verifyProducers({
  provider: 'bench-provider',
  pactFiles: [join(pacts, 'bench-consumer-bench-provider.json')],
  registry,
  producers: { 'OrderPlaced@1': () => ({ ...message, channel: 'orders' }) },
});
const pactTime = performance.now() - pactStarted;
const perMessage = pactTime / 10;
console.table([
  {
    task: "Pact's provider verification (verifyProducers), per message",
    'ms/message': perMessage.toFixed(2),
    'vs registry.validate': `${(perMessage / (1000 / hz['registry.validate(message, id)'])).toFixed(0)}× slower`,
  },
]);
rmSync(dir, { recursive: true, force: true });

// 5. Compatibility at size (each in its own process, so the memory is its own): a 10,000-property object
// with one field retyped, a 200,000-value enum losing one value, a string → integer change 3,000 levels deep
// (and 10 levels deep, its baseline). Baseline of the memory: a node process doing nothing.
const node = (args) => spawnSync(process.execPath, args, { encoding: 'utf8' });
const empty = node(['-e', 'console.log(process.resourceUsage().maxRSS / 1024)']);
const sizes = ['object', 'enum', 'deep', 'shallow'].map((which) => {
  const run = node([new URL('compatibility-at-size.mjs', import.meta.url).pathname, which]);
  if (run.status !== 0) throw new Error(run.stderr);
  return [which, JSON.parse(run.stdout)];
});
console.table(
  sizes.map(([which, r]) => ({
    task: {
      object: 'FULL check, 10,000-property object, one field retyped',
      enum: 'FULL check, 200,000-value enum, one value removed',
      deep: 'FULL check, string → integer 3,000 levels deep',
      shallow: 'FULL check, the same change 10 levels deep (baseline of the row above)',
    }[which],
    verdict: r.verdict,
    ms: r.ms.toFixed(0),
    'peak MB': r.maxRssMb.toFixed(0),
    'empty node MB': Number(empty.stdout).toFixed(0),
    target: '< 2000 ms, < 500 MB',
  })),
);

// 6. The orders example's gate as a user runs it in CI: a new process, against a git ref.
const orders = new URL('../../../examples/orders/', import.meta.url).pathname;
const cliMain = new URL('../dist/cli/main.js', import.meta.url).pathname;
// The document's parse is kept on disk (node_modules/.cache/eventspec/asyncapi by default): here in a
// folder of the bench's own, so "cold" is a first run (as on a CI runner without the cache folder kept),
// "warm" every run after it, and "cache off" the parser on every run (as before the cache).
const parseCache = mkdtempSync(join(tmpdir(), 'eventspec-bench-parse-cache-'));
const gate = (args, cache = parseCache, env = {}) => {
  const t = performance.now();
  const run = spawnSync(process.execPath, [cliMain, 'contracts', 'check', ...args], {
    cwd: orders,
    encoding: 'utf8',
    env: { ...process.env, EVENTSPEC_CACHE_DIR: cache, ...env },
  });
  return { ms: performance.now() - t, status: run.status };
};
// Floors measured in the same run: a node process doing nothing, and one that only imports the package.
const bestOf3 = (args) =>
  Math.min(
    ...[1, 2, 3].map(() => {
      const t = performance.now();
      spawnSync(process.execPath, args, { cwd: orders });
      return performance.now() - t;
    }),
  );
const nodeStart = bestOf3(['-e', '0']);
const importOnly = bestOf3(['--input-type=module', '-e', "await import('@eventspec/contracts')"]);
const importParser = bestOf3([
  '--input-type=module',
  '-e',
  `await import(${JSON.stringify(import.meta.resolve('@asyncapi/parser'))})`,
]);
const baseRef = ['--contracts', 'contracts', '--base-ref', 'HEAD'];
const coldRuns = [1, 2, 3].map(() => {
  rmSync(parseCache, { recursive: true, force: true });
  return gate(baseRef);
});
const ordersRuns = [1, 2, 3].map(() => gate(baseRef));
const offRuns = [1, 2, 3].map(() => gate(baseRef, 'off'));
// Cold as before the document checks were precompiled at build time: the parser compiles its schema.
const uncompiledRuns = [1, 2, 3].map(() => gate(baseRef, 'off', { EVENTSPEC_ASYNCAPI_PRECOMPILED: 'off' }));
rmSync(parseCache, { recursive: true, force: true });
const best = (runs) => Math.min(...runs.map((r) => r.ms));
const ordersBest = best(ordersRuns);
// The same folder without its AsyncAPI document, against itself: what the AsyncAPI parser costs.
const jsonOnly = mkdtempSync(join(tmpdir(), 'eventspec-bench-orders-'));
cpSync(join(orders, 'contracts'), join(jsonOnly, 'contracts'), {
  recursive: true,
  filter: (source) => !/\.ya?ml$/.test(source),
});
const jsonOnlyBest = Math.min(
  ...[1, 2, 3].map(() => {
    const t = performance.now();
    spawnSync(
      process.execPath,
      [cliMain, 'contracts', 'check', '--contracts', 'contracts', '--baseline', 'contracts'],
      {
        cwd: jsonOnly,
      },
    );
    return performance.now() - t;
  }),
);
rmSync(jsonOnly, { recursive: true, force: true });
const floors = {
  'node -e 0 (floor)': nodeStart.toFixed(0),
  'import only (floor)': importOnly.toFixed(0),
  'import @asyncapi/parser': importParser.toFixed(0),
};
console.table([
  {
    task: 'orders example gate, new process: eventspec contracts check --base-ref HEAD, parse cached (warm, best of 3)',
    ms: ordersBest.toFixed(0),
    'exit code': ordersRuns[0].status,
    ...floors,
    target: '< 800 ms',
  },
  {
    task: 'the same, first run: parse cache empty (cold, best of 3)',
    ms: best(coldRuns).toFixed(0),
    'exit code': coldRuns[0].status,
    ...floors,
    target: '< 800 ms (the parser loads)',
  },
  {
    task: 'the same, EVENTSPEC_CACHE_DIR=off: the parser on every run (best of 3)',
    ms: best(offRuns).toFixed(0),
    'exit code': offRuns[0].status,
    ...floors,
    target: '(before the cache)',
  },
  {
    task: 'the same, cache off and EVENTSPEC_ASYNCAPI_PRECOMPILED=off: as before the precompiled checks (best of 3)',
    ms: best(uncompiledRuns).toFixed(0),
    'exit code': uncompiledRuns[0].status,
    ...floors,
    target: '(baseline of the two rows above)',
  },
  {
    task: 'the same contracts without the AsyncAPI document, against themselves (best of 3)',
    ms: jsonOnlyBest.toFixed(0),
    'exit code': '',
    ...floors,
    target: '(what the AsyncAPI parser costs)',
  },
]);
const ours = hz['registry.validate(message, id)'];
console.log(
  `targets: ≥ 500,000 messages/s → ${Math.round(ours).toLocaleString('en-US')}/s; pair check ≤ 5 ms median → ${compatibility.tasks.map((t) => t.result.latency.p50.toFixed(2)).join(' / ')} ms; 200-contract repo < 2 s → ${inProcess.toFixed(0)} ms in process, ${cliTime.toFixed(0)} ms as a command; size checks < 2 s, < 500 MB → ${sizes.map(([w, r]) => `${w} ${r.ms.toFixed(0)} ms / ${r.maxRssMb.toFixed(0)} MB`).join(', ')}; orders gate < 800 ms → ${ordersBest.toFixed(0)} ms warm, ${best(coldRuns).toFixed(0)} ms cold, ${best(offRuns).toFixed(0)} ms cache off, ${best(uncompiledRuns).toFixed(0)} ms cache and precompiled checks off (${jsonOnlyBest.toFixed(0)} ms without its AsyncAPI document; floors: node -e 0 ${nodeStart.toFixed(0)} ms, import only ${importOnly.toFixed(0)} ms)`,
);
