// The schema changes the compatibility checker must judge, with the verdict of each direction:
// `backward` = every message valid under `old` is valid under `new`; `forward` = the reverse.
import type { JsonSchema } from '../../src/index.js';

export type Expected = 'compatible' | 'incompatible' | 'unproven';

export interface CompatibilityCase {
  name: string;
  old: JsonSchema;
  new: JsonSchema;
  backward: Expected;
  forward: Expected;
}

const ok = 'compatible';
const no = 'incompatible';
const unproven = 'unproven';

const order = (
  properties: Record<string, JsonSchema>,
  required: string[] = ['orderId'],
  extra: Record<string, unknown> = {},
) => ({
  type: 'object',
  properties: { orderId: { type: 'string' }, ...properties },
  required,
  ...extra,
});
const closed = { additionalProperties: false };
const field = (schema: JsonSchema, required = true) =>
  order({ value: schema }, required ? ['orderId', 'value'] : ['orderId']);
const money = (amount: JsonSchema) => ({
  type: 'object',
  properties: { total: { $ref: '#/$defs/Money' } },
  required: ['total'],
  $defs: {
    Money: {
      type: 'object',
      properties: { amount, currency: { type: 'string' } },
      required: ['amount', 'currency'],
    },
  },
});
const tree = (leaf: JsonSchema) => ({
  $ref: '#/$defs/Node',
  $defs: {
    Node: {
      type: 'object',
      properties: { value: leaf, children: { type: 'array', items: { $ref: '#/$defs/Node' } } },
      required: ['value'],
    },
  },
});
const shipped = {
  type: 'object',
  properties: { kind: { const: 'shipped' }, carrier: { type: 'string' } },
  required: ['kind', 'carrier'],
};
const cancelled = {
  type: 'object',
  properties: { kind: { const: 'cancelled' }, reason: { type: 'string' } },
  required: ['kind', 'reason'],
};
const refunded = {
  type: 'object',
  properties: { kind: { const: 'refunded' }, amount: { type: 'number' } },
  required: ['kind', 'amount'],
};

export const cases: CompatibilityCase[] = [
  { name: 'identical schemas', old: order({}), new: order({}), backward: ok, forward: ok },
  {
    name: 'title and description changed',
    old: order({}),
    new: { ...order({}), title: 'Order', description: 'An order' },
    backward: ok,
    forward: ok,
  },
  {
    name: 'default and examples changed',
    old: field({ type: 'string', default: 'a' }),
    new: field({ type: 'string', default: 'b', examples: ['c'] }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'nested description changed',
    old: field({ type: 'integer', description: 'count' }),
    new: field({ type: 'integer', description: 'how many' }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'x- annotation added',
    old: field({ type: 'string' }),
    new: field({ type: 'string', 'x-owner': 'team-a' }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'optional property added to an open model',
    old: order({}),
    new: order({ note: { type: 'string' } }),
    backward: no,
    forward: ok,
  },
  {
    name: 'optional property added to a closed model',
    old: order({}, ['orderId'], closed),
    new: order({ note: { type: 'string' } }, ['orderId'], closed),
    backward: ok,
    forward: no,
  },
  {
    name: 'optional property removed from a closed model',
    old: order({ note: { type: 'string' } }, ['orderId'], closed),
    new: order({}, ['orderId'], closed),
    backward: no,
    forward: ok,
  },
  {
    name: 'optional property removed from an open model',
    old: order({ note: { type: 'string' } }),
    new: order({}),
    backward: ok,
    forward: no,
  },
  {
    name: 'required property added',
    old: order({}),
    new: order({ total: { type: 'number' } }, ['orderId', 'total']),
    backward: no,
    forward: ok,
  },
  {
    name: 'optional property made required',
    old: field({ type: 'number' }, false),
    new: field({ type: 'number' }, true),
    backward: no,
    forward: ok,
  },
  {
    name: 'required property made optional',
    old: field({ type: 'number' }, true),
    new: field({ type: 'number' }, false),
    backward: ok,
    forward: no,
  },
  {
    name: 'integer widened to number',
    old: field({ type: 'integer' }),
    new: field({ type: 'number' }),
    backward: ok,
    forward: no,
  },
  {
    name: 'number narrowed to integer',
    old: field({ type: 'number' }),
    new: field({ type: 'integer' }),
    backward: no,
    forward: ok,
  },
  {
    name: 'null added to a type',
    old: field({ type: 'string' }),
    new: field({ type: ['string', 'null'] }),
    backward: ok,
    forward: no,
  },
  {
    name: 'null removed from a type',
    old: field({ type: ['string', 'null'] }),
    new: field({ type: 'string' }),
    backward: no,
    forward: ok,
  },
  {
    name: 'string changed to number',
    old: field({ type: 'string' }),
    new: field({ type: 'number' }),
    backward: no,
    forward: no,
  },
  {
    name: 'enum value added',
    old: field({ enum: ['EUR', 'USD'] }),
    new: field({ enum: ['EUR', 'USD', 'GBP'] }),
    backward: ok,
    forward: no,
  },
  {
    name: 'enum value removed',
    old: field({ enum: ['EUR', 'USD'] }),
    new: field({ enum: ['EUR'] }),
    backward: no,
    forward: ok,
  },
  {
    name: 'null added to an enum',
    old: field({ enum: ['a', 'b'] }),
    new: field({ enum: ['a', 'b', null] }),
    backward: ok,
    forward: no,
  },
  {
    name: 'const changed',
    old: field({ const: 'v1' }),
    new: field({ const: 'v2' }),
    backward: no,
    forward: no,
  },
  {
    name: 'string restricted to an enum',
    old: field({ type: 'string' }),
    new: field({ type: 'string', enum: ['a', 'b'] }),
    backward: no,
    forward: ok,
  },
  {
    name: 'enum relaxed to string',
    old: field({ enum: ['a', 'b'] }),
    new: field({ type: 'string' }),
    backward: ok,
    forward: no,
  },
  {
    name: 'enum reordered',
    old: field({ enum: ['a', 'b', 'c'] }),
    new: field({ enum: ['c', 'a', 'b'] }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'minimum raised',
    old: field({ type: 'number', minimum: 0 }),
    new: field({ type: 'number', minimum: 10 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'minimum lowered',
    old: field({ type: 'number', minimum: 10 }),
    new: field({ type: 'number', minimum: 0 }),
    backward: ok,
    forward: no,
  },
  {
    name: 'minimum added',
    old: field({ type: 'number' }),
    new: field({ type: 'number', minimum: 0 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'maximum lowered',
    old: field({ type: 'integer', maximum: 100 }),
    new: field({ type: 'integer', maximum: 10 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'minimum made exclusive',
    old: field({ type: 'number', minimum: 0 }),
    new: field({ type: 'number', exclusiveMinimum: 0 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'integer exclusive minimum 0 is minimum 1',
    old: field({ type: 'integer', exclusiveMinimum: 0 }),
    new: field({ type: 'integer', minimum: 1 }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'multipleOf added',
    old: field({ type: 'number' }),
    new: field({ type: 'number', multipleOf: 0.01 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'multipleOf refined from 0.5 to 0.25',
    old: field({ type: 'number', multipleOf: 0.5 }),
    new: field({ type: 'number', multipleOf: 0.25 }),
    backward: ok,
    forward: no,
  },
  {
    name: 'number with multipleOf 1 narrowed to integer',
    old: field({ type: 'number', multipleOf: 1 }),
    new: field({ type: 'integer' }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'minLength raised',
    old: field({ type: 'string' }),
    new: field({ type: 'string', minLength: 3 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'maxLength lowered',
    old: field({ type: 'string', maxLength: 100 }),
    new: field({ type: 'string', maxLength: 10 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'maxLength raised',
    old: field({ type: 'string', maxLength: 10 }),
    new: field({ type: 'string', maxLength: 100 }),
    backward: ok,
    forward: no,
  },
  {
    name: 'pattern added',
    old: field({ type: 'string' }),
    new: field({ type: 'string', pattern: '^[A-Z]{3}$' }),
    backward: no,
    forward: ok,
  },
  {
    name: 'pattern replaced by a disjoint one',
    old: field({ type: 'string', pattern: '^[A-Z]{3}$' }),
    new: field({ type: 'string', pattern: '^[a-z]{3}$' }),
    backward: no,
    forward: no,
  },
  {
    name: 'pattern removed',
    old: field({ type: 'string', pattern: '^[A-Z]{3}$' }),
    new: field({ type: 'string' }),
    backward: ok,
    forward: no,
  },
  {
    name: 'pattern widened (+ to *): inclusion not provable',
    old: field({ type: 'string', pattern: '^[a-z]+$' }),
    new: field({ type: 'string', pattern: '^[a-z]*$' }),
    backward: unproven,
    forward: no,
  },
  {
    name: 'format added',
    old: field({ type: 'string' }),
    new: field({ type: 'string', format: 'date-time' }),
    backward: no,
    forward: ok,
  },
  {
    name: 'format removed',
    old: field({ type: 'string', format: 'email' }),
    new: field({ type: 'string' }),
    backward: ok,
    forward: no,
  },
  {
    name: 'format changed',
    old: field({ type: 'string', format: 'email' }),
    new: field({ type: 'string', format: 'uuid' }),
    backward: no,
    forward: no,
  },
  {
    name: 'array items narrowed',
    old: field({ type: 'array', items: { type: 'number' } }),
    new: field({ type: 'array', items: { type: 'integer' } }),
    backward: no,
    forward: ok,
  },
  {
    name: 'minItems raised',
    old: field({ type: 'array', items: { type: 'string' } }),
    new: field({ type: 'array', items: { type: 'string' }, minItems: 1 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'maxItems lowered',
    old: field({ type: 'array', items: { type: 'string' }, maxItems: 10 }),
    new: field({ type: 'array', items: { type: 'string' }, maxItems: 2 }),
    backward: no,
    forward: ok,
  },
  {
    name: 'uniqueItems added',
    old: field({ type: 'array', items: { type: 'string' } }),
    new: field({ type: 'array', items: { type: 'string' }, uniqueItems: true }),
    backward: no,
    forward: ok,
  },
  {
    name: 'uniqueItems removed',
    old: field({ type: 'array', items: { type: 'string' }, uniqueItems: true }),
    new: field({ type: 'array', items: { type: 'string' } }),
    backward: ok,
    forward: no,
  },
  {
    name: 'prefixItems position added to an open tuple',
    old: field({ type: 'array', prefixItems: [{ type: 'string' }] }),
    new: field({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] }),
    backward: no,
    forward: ok,
  },
  {
    name: 'tuple closed with items: false',
    old: field({ type: 'array', prefixItems: [{ type: 'string' }] }),
    new: field({ type: 'array', prefixItems: [{ type: 'string' }], items: false }),
    backward: no,
    forward: ok,
  },
  {
    name: 'nested property type changed',
    old: order({ address: { type: 'object', properties: { zip: { type: 'string' } }, required: ['zip'] } }, [
      'orderId',
      'address',
    ]),
    new: order({ address: { type: 'object', properties: { zip: { type: 'integer' } }, required: ['zip'] } }, [
      'orderId',
      'address',
    ]),
    backward: no,
    forward: no,
  },
  {
    name: 'nested required property added',
    old: order({ address: { type: 'object', properties: { zip: { type: 'string' } } } }),
    new: order({ address: { type: 'object', properties: { zip: { type: 'string' } }, required: ['zip'] } }),
    backward: no,
    forward: ok,
  },
  {
    name: '$ref to unchanged $defs',
    old: money({ type: 'number' }),
    new: money({ type: 'number' }),
    backward: ok,
    forward: ok,
  },
  {
    name: '$ref target changed',
    old: money({ type: 'number' }),
    new: money({ type: 'string' }),
    backward: no,
    forward: no,
  },
  {
    name: '$ref target widened',
    old: money({ type: 'integer' }),
    new: money({ type: 'number' }),
    backward: ok,
    forward: no,
  },
  {
    name: 'inline schema moved to $defs',
    old: {
      type: 'object',
      properties: {
        total: {
          type: 'object',
          properties: { amount: { type: 'number' }, currency: { type: 'string' } },
          required: ['amount', 'currency'],
        },
      },
      required: ['total'],
    },
    new: money({ type: 'number' }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'anyOf branch added',
    old: field({ anyOf: [{ type: 'string' }] }),
    new: field({ anyOf: [{ type: 'string' }, { type: 'number' }] }),
    backward: ok,
    forward: no,
  },
  {
    name: 'anyOf branch removed',
    old: field({ anyOf: [{ type: 'string' }, { type: 'number' }] }),
    new: field({ anyOf: [{ type: 'string' }] }),
    backward: no,
    forward: ok,
  },
  {
    name: 'oneOf variant added (const discriminator)',
    old: field({ oneOf: [shipped, cancelled] }),
    new: field({ oneOf: [shipped, cancelled, refunded] }),
    backward: ok,
    forward: no,
  },
  {
    name: 'oneOf variant removed',
    old: field({ oneOf: [shipped, cancelled, refunded] }),
    new: field({ oneOf: [shipped, cancelled] }),
    backward: no,
    forward: ok,
  },
  {
    name: 'oneOf variant field narrowed',
    old: field({ oneOf: [shipped, refunded] }),
    new: field({
      oneOf: [shipped, { ...refunded, properties: { ...refunded.properties, amount: { type: 'integer' } } }],
    }),
    backward: no,
    forward: ok,
  },
  {
    name: 'allOf split into equivalent parts',
    old: order({ total: { type: 'number' } }, ['orderId', 'total']),
    new: { allOf: [order({}), { properties: { total: { type: 'number' } }, required: ['total'] }] },
    backward: ok,
    forward: ok,
  },
  {
    name: 'allOf adds a required property',
    old: order({}),
    new: { allOf: [order({}), { required: ['total'] }] },
    backward: no,
    forward: ok,
  },
  {
    name: 'additionalProperties false relaxed to strings',
    old: order({}, ['orderId'], closed),
    new: order({}, ['orderId'], { additionalProperties: { type: 'string' } }),
    backward: ok,
    forward: no,
  },
  {
    name: 'additionalProperties type changed',
    old: order({}, ['orderId'], { additionalProperties: { type: 'string' } }),
    new: order({}, ['orderId'], { additionalProperties: { type: 'number' } }),
    backward: no,
    forward: no,
  },
  {
    name: 'open model closed',
    old: order({}),
    new: order({}, ['orderId'], closed),
    backward: no,
    forward: ok,
  },
  {
    name: 'patternProperties added to an open model',
    old: order({}),
    new: order({}, ['orderId'], { patternProperties: { '^x-': { type: 'string' } } }),
    backward: no,
    forward: ok,
  },
  {
    name: 'patternProperties value narrowed',
    old: order({}, ['orderId'], { patternProperties: { '^x-': { type: 'number' } } }),
    new: order({}, ['orderId'], { patternProperties: { '^x-': { type: 'integer' } } }),
    backward: no,
    forward: ok,
  },
  {
    name: 'minProperties added',
    old: { type: 'object' },
    new: { type: 'object', minProperties: 1 },
    backward: no,
    forward: ok,
  },
  {
    name: 'maxProperties lowered',
    old: { type: 'object', maxProperties: 5 },
    new: { type: 'object', maxProperties: 1 },
    backward: no,
    forward: ok,
  },
  {
    name: 'not added',
    old: field({ type: 'string' }),
    new: field({ type: 'string', not: { const: '' } }),
    backward: no,
    forward: ok,
  },
  {
    name: 'if/then/else unchanged',
    old: field({ type: 'number', if: { minimum: 10 }, then: { multipleOf: 5 } }),
    new: field({ type: 'number', if: { minimum: 10 }, then: { multipleOf: 5 } }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'propertyNames added: refuted by an oddly named property',
    old: { type: 'object', additionalProperties: { type: 'string' } },
    new: { type: 'object', additionalProperties: { type: 'string' }, propertyNames: { pattern: '^[a-z]+$' } },
    backward: no,
    forward: ok,
  },
  {
    name: 'true schema constrained to an object',
    old: true,
    new: { type: 'object' },
    backward: no,
    forward: ok,
  },
  { name: 'object schema relaxed to true', old: { type: 'object' }, new: true, backward: ok, forward: no },
  {
    name: 'false schema (no message) relaxed',
    old: false,
    new: { type: 'object' },
    backward: ok,
    forward: no,
  },
  {
    name: 'recursive schema unchanged',
    old: tree({ type: 'string' }),
    new: tree({ type: 'string' }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'recursive schema leaf narrowed',
    old: tree({ type: 'string' }),
    new: tree({ type: 'string', minLength: 1 }),
    backward: no,
    forward: ok,
  },
];

// Names that look like annotations are still names: a property called "description" is compared.
cases.push(
  {
    name: 'a property named "description" changes type',
    old: { type: 'object', properties: { description: { type: 'string' } }, required: ['description'] },
    new: { type: 'object', properties: { description: { type: 'integer' } }, required: ['description'] },
    backward: no,
    forward: no,
  },
  {
    name: 'dependentSchemas keyed "title" changed: each side requires another name with it',
    old: { type: 'object', dependentSchemas: { title: { required: ['a'] } } },
    new: { type: 'object', dependentSchemas: { title: { required: ['b'] } } },
    backward: no,
    forward: no,
  },
);

// Small finite domains are enumerated: booleans, null, bounded integers against an enum.
cases.push(
  {
    name: 'boolean replaced by the enum of both booleans',
    old: field({ type: 'boolean' }),
    new: field({ enum: [true, false] }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'integer 1..3 replaced by enum [1, 2, 3]',
    old: field({ type: 'integer', minimum: 1, maximum: 3 }),
    new: field({ enum: [1, 2, 3] }),
    backward: ok,
    forward: ok,
  },
  {
    name: 'integer 1..4 narrowed to enum [1, 2, 3]',
    old: field({ type: 'integer', minimum: 1, maximum: 4 }),
    new: field({ enum: [1, 2, 3] }),
    backward: no,
    forward: ok,
  },
);
