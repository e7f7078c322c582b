// Recursive schemas (a tree whose `children` refer back to `#`, a linked list, recursion through `$defs` or
// into `properties`) are decided like any other: no stack overflow, a counterexample that a fresh ajv of the
// schema's dialect confirms on the whole schemas, and a "compatible" that holds on sampled messages. A sub-schema
// `{ $ref: '#' }` compiled on its own once meant itself, and its validator recursed for ever.

import type { EventspecError } from '@eventspec/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkCompatibility, type JsonSchema, schemaProblems } from '../../src/index.js';
import { D7, validIn } from '../contracts/dialects/dialect-ajv.js';
import { instancesOf } from '../contracts/dialects/instance-arbitrary.js';

type Verdict = 'compatible' | 'incompatible';
interface RecursiveCase {
  name: string;
  old: Record<string, unknown>;
  new: Record<string, unknown>;
  /** The BACKWARD verdict (new reads old); FORWARD is the change read the other way. */
  backward: Verdict;
  forward: Verdict;
}

const tree = (extra: Record<string, unknown> = {}, value: unknown = { type: 'string' }) => ({
  type: 'object',
  properties: { name: value, children: { type: 'array', items: { $ref: '#' } } },
  ...extra,
});
const list = (value: unknown) => ({
  type: 'object',
  properties: { value, next: { anyOf: [{ type: 'null' }, { $ref: '#' }] } },
  required: ['value'],
});
const viaDefs = (value: unknown) => ({
  $ref: '#/$defs/node',
  $defs: {
    node: {
      type: 'object',
      properties: { value, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
      required: ['value'],
    },
  },
});
const viaProperties = (value: unknown) => ({
  type: 'object',
  properties: {
    child: { type: 'object', properties: { value, child: { $ref: '#/properties/child' } } },
  },
});

const cases: RecursiveCase[] = [
  {
    name: 'tree: name becomes required',
    old: tree(),
    new: tree({ required: ['name'] }),
    backward: 'incompatible',
    forward: 'compatible',
  },
  {
    name: 'tree: name narrows from string or integer to string',
    old: tree({}, { type: ['string', 'integer'] }),
    new: tree(),
    backward: 'incompatible',
    forward: 'compatible',
  },
  {
    name: 'tree: unchanged (other objects)',
    old: tree(),
    new: tree(),
    backward: 'compatible',
    forward: 'compatible',
  },
  {
    name: 'linked list: value string → integer',
    old: list({ type: 'string' }),
    new: list({ type: 'integer' }),
    backward: 'incompatible',
    forward: 'incompatible',
  },
  {
    name: 'linked list: value widened to number',
    old: list({ type: 'integer' }),
    new: list({ type: 'number' }),
    backward: 'compatible',
    forward: 'incompatible',
  },
  {
    name: 'recursion through $defs: value gets a maximum',
    old: viaDefs({ type: 'integer' }),
    new: viaDefs({ type: 'integer', maximum: 10 }),
    backward: 'incompatible',
    forward: 'compatible',
  },
  {
    name: 'recursion into properties: value string → integer',
    old: viaProperties({ type: 'string' }),
    new: viaProperties({ type: 'integer' }),
    backward: 'incompatible',
    forward: 'incompatible',
  },
];

const dialects = [
  { name: '2020-12', schema: (s: Record<string, unknown>) => s as JsonSchema },
  { name: 'draft-07', schema: (s: Record<string, unknown>) => ({ $schema: D7, ...s }) as JsonSchema },
];

describe.each(dialects)('recursive schemas in $name', ({ schema }) => {
  test.each(cases)('$name', (c) => {
    const [older, newer] = [schema(c.old), schema(structuredClone(c.new))];
    for (const [mode, reader, writer, expected] of [
      ['BACKWARD', newer, older, c.backward],
      ['FORWARD', newer, older, c.forward],
    ] as const) {
      const result = checkCompatibility(older, newer, mode);
      expect(result.verdict, `${mode}: ${JSON.stringify(result.unproven)}`).toBe(expected);
      // Each counterexample: a message one side writes that the other side's reader rejects, by a fresh ajv.
      for (const broken of result.breaks) {
        const [accepting, rejecting] = broken.acceptedBy === 'old' ? [older, newer] : [newer, older];
        expect(validIn(accepting, broken.counterexample), JSON.stringify(broken)).toBe(true);
        expect(validIn(rejecting, broken.counterexample), JSON.stringify(broken)).toBe(false);
      }
      if (expected === 'compatible') {
        const [from, to] = mode === 'BACKWARD' ? [writer, reader] : [reader, writer];
        const messages = fc.sample(instancesOf(from), { numRuns: 300, seed: 7 });
        for (const message of messages.filter((m) => validIn(from, m)))
          expect(validIn(to, message), JSON.stringify(message)).toBe(true);
      }
    }
  });
});

test('a $ref that comes back to where it started without going into the message is refused, with the loop', () => {
  const loops: JsonSchema[] = [
    { $ref: '#' },
    { $ref: '' },
    { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { allOf: [{ $ref: '#/$defs/a' }] } } },
    { type: 'object', properties: { a: { anyOf: [{ type: 'null' }, { $ref: '#/properties/a' }] } } },
  ];
  const refusals = loops.map((schema) => {
    try {
      checkCompatibility(schema, { type: 'string' }, 'BACKWARD');
      return 'accepted';
    } catch (error) {
      return `${(error as EventspecError).code}: ${(error as Error).message.split('\n')[1]}`;
    }
  });
  expect(refusals).toMatchInlineSnapshot(`
    [
      "EVENTSPEC_SCHEMA_INVALID:   - (the schema): not a valid JSON Schema 2020-12: the schema refers back to itself without going into the message (# → #): any value would make a validator loop for ever; put the $ref under properties, items or another keyword that goes one level down",
      "EVENTSPEC_SCHEMA_INVALID:   - (the schema): not a valid JSON Schema 2020-12: the schema refers back to itself without going into the message (# → #): any value would make a validator loop for ever; put the $ref under properties, items or another keyword that goes one level down",
      "EVENTSPEC_SCHEMA_INVALID:   - /$defs/b/allOf/0: not a valid JSON Schema 2020-12: the schema refers back to itself without going into the message (#/$defs/a → #/$defs/b → #/$defs/b/allOf/0 → #/$defs/a): any value would make a validator loop for ever; put the $ref under properties, items or another keyword that goes one level down",
      "EVENTSPEC_SCHEMA_INVALID:   - /properties/a/anyOf/1: not a valid JSON Schema 2020-12: the schema refers back to itself without going into the message (#/properties/a → #/properties/a/anyOf/1 → #/properties/a): any value would make a validator loop for ever; put the $ref under properties, items or another keyword that goes one level down",
    ]
  `);
  // The loader says the same, at the place in the file.
  expect(schemaProblems({ $ref: '#' })).toHaveLength(1);
  expect(schemaProblems(tree())).toEqual([]);
});
