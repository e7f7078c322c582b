// One compatibility check of a big schema change, run as its own process by contracts.bench.mjs so its
// peak memory (maxRSS) is its own: prints { ms, maxRssMb, verdict }. `object`: 10,000 properties, one
// retyped; `enum`: 200,000 values, one removed; `deep` / `shallow`: string → integer 3,000 / 10 levels deep.
import { checkCompatibility } from '../dist/index.js';

const which = process.argv[2];
let old;
let next;
if (which === 'object') {
  const flat = (changed) => ({
    type: 'object',
    properties: Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [`field${i}`, { type: i === changed ? 'integer' : 'string' }]),
    ),
    required: ['field0'],
  });
  old = flat(-1);
  next = flat(9_997);
} else if (which === 'deep' || which === 'shallow') {
  const nest = (depth, leaf) => {
    let schema = { type: leaf };
    for (let i = 0; i < depth; i++)
      schema = { type: 'object', properties: { child: schema }, required: ['child'] };
    return schema;
  };
  const depth = which === 'deep' ? 3_000 : 10;
  old = nest(depth, 'string');
  next = nest(depth, 'integer');
} else {
  const values = Array.from({ length: 200_000 }, (_, i) => `code-${i}`);
  old = { enum: values };
  next = { enum: values.filter((v) => v !== 'code-123456') };
}
const started = performance.now();
const result = checkCompatibility(old, next, 'FULL');
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, verdict: result.verdict }));
