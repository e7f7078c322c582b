#!/usr/bin/env node
// docs/errors.md, written from the code tables of the packages (run `pnpm build` first):
// core's `coreErrorCodes`, contracts' `contractsErrorCodes`, broker-fixtures' `BrokerErrorCode` (its JSDoc).
// --check exits 1 when the page differs from the tables, or when a table holds a code no source throws;
// --write rewrites the page. The type of EventspecError's `code` is the union of the same tables, so a code
// thrown without a row does not compile.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2];
if (mode !== '--check' && mode !== '--write') {
  console.error('usage: error-codes.mjs --check | --write');
  process.exit(2);
}

const { coreErrorCodes } = await import(join(root, 'packages/core/dist/errors/error-codes.js'));
const { contractsErrorCodes } = await import(
  join(root, 'packages/contracts/dist/errors/contracts-error-codes.js')
);
const brokerCodes = brokerTable(
  readFileSync(join(root, 'packages/broker-fixtures/src/errors/broker-error-codes.ts'), 'utf8'),
);

const packages = [
  { name: '@eventspec/core', dir: 'core', table: coreErrorCodes },
  { name: '@eventspec/contracts', dir: 'contracts', table: contractsErrorCodes },
  { name: '@eventspec/broker-fixtures', dir: 'broker-fixtures', table: brokerCodes },
];

const problems = [];
for (const { name, dir, table } of packages) {
  const sources = listTs(join(root, 'packages', dir, 'src'))
    .filter((file) => !/error-codes\.ts$/.test(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  for (const code of Object.keys(table)) {
    if (!sources.includes(code) && !(dir === 'broker-fixtures'))
      problems.push(`${name}: ${code} is in the code table but nothing throws it; remove its row`);
  }
}

const lines = [
  '# Error codes',
  '',
  'Every error eventspec throws carries a stable `code` (`error.code`, typed `EventspecErrorCode`): match on it,',
  'not on the message. The message itself says what happened, where, and what to do; this page lists every code',
  "with its meaning and fix. It is written from the packages' code tables by `pnpm docs:write` and checked by",
  '`pnpm lint`, so it lists exactly what the code throws.',
  '',
];
for (const { name, table } of packages) {
  lines.push(`## ${name}`, '', '| code | meaning | fix |', '| --- | --- | --- |');
  for (const [code, { meaning, fix }] of Object.entries(table).sort(([a], [b]) => (a < b ? -1 : 1)))
    lines.push(`| \`${code}\` | ${cell(meaning)} | ${cell(fix)} |`);
  lines.push('');
}
const text = lines.join('\n');
const file = join(root, 'docs/errors.md');
const old = (() => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
})();
if (mode === '--write' && old !== text) writeFileSync(file, text);
if (mode === '--check' && old !== text) problems.push('docs/errors.md is out of date: run `pnpm docs:write`');
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(
  `error-codes: ${packages.reduce((n, p) => n + Object.keys(p.table).length, 0)} codes ${mode === '--write' ? 'written' : 'match docs/errors.md'}`,
);

/** broker-fixtures' table: `/** meaning *\/ Name: 'CODE'` entries; the fix is in the error's message. */
function brokerTable(source) {
  const table = {};
  for (const match of source.matchAll(
    /\/\*\*\s*((?:(?!\*\/)[\s\S])*?)\s*\*\/\s*\n\s*\w+:\s*'(EVENTSPEC_[A-Z0-9_]+)'/g,
  )) {
    const meaning = match[1].replace(/\s*\n\s*\*\s*/g, ' ');
    table[match[2]] = { meaning, fix: 'The message says what to do; see [brokers](brokers.md).' };
  }
  return table;
}

function cell(text) {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function listTs(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}
