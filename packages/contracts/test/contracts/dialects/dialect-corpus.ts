// Schema changes written the way Schema Registry users write JSON Schema: draft-07 with `definitions`,
// tuples, `dependencies` and `additionalItems`; 2019-09 with `dependentRequired`, `unevaluatedProperties`,
// `minContains`; a few draft-04/06 and mixed-dialect pairs. Each with its verdict per direction:
// `backward` = every message valid under `old` is valid under `new`; `forward` = the reverse.
import type { JsonSchema } from '../../../src/index.js';
import type { CompatibilityCase } from '../compatibility-cases.js';
import { D4, D6, D7, D19, D20 } from './dialect-ajv.js';

const ok = 'compatible';
const no = 'incompatible';

type Props = Record<string, JsonSchema>;
const customer = (dialect: string, props: Props = {}, extra: Record<string, unknown> = {}) => ({
  $schema: dialect,
  $id: 'https://example.com/schemas/customer.json',
  title: 'Customer',
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string', 'confluent:tags': ['PII'] },
    email: { type: ['string', 'null'], format: 'email' },
    ...props,
  },
  required: ['id', 'name'],
  ...extra,
});
const closed = { additionalProperties: false };
const c7 = (props: Props = {}, extra: Record<string, unknown> = {}) => customer(D7, props, extra);
const c19 = (props: Props = {}, extra: Record<string, unknown> = {}) => customer(D19, props, extra);
const withAddress = (address: JsonSchema, extra: Record<string, unknown> = {}) =>
  c7({ address: { $ref: '#/definitions/Address' } }, { definitions: { Address: address }, ...extra });
const address = (props: Props = {}, required = ['street', 'city']) => ({
  type: 'object',
  properties: { street: { type: 'string' }, city: { type: 'string' }, zip: { type: 'string' }, ...props },
  required,
});
const tuple7 = (items: JsonSchema[], extra: Record<string, unknown> = {}) => ({
  $schema: D7,
  type: 'object',
  properties: { location: { type: 'array', items, ...extra } },
  required: ['location'],
});
const order7 = (line: Record<string, unknown>, lines: Record<string, unknown> = {}) => ({
  $schema: D7,
  title: 'OrderPlaced',
  type: 'object',
  properties: {
    orderId: { type: 'string' },
    lines: { type: 'array', items: { $ref: '#/definitions/LineItem' }, ...lines },
  },
  required: ['orderId', 'lines'],
  definitions: {
    LineItem: {
      type: 'object',
      properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 }, ...line },
      required: ['sku', 'quantity'],
    },
  },
});
const payment19 = (extra: Record<string, unknown> = {}, props: Props = {}) => ({
  $schema: D19,
  type: 'object',
  properties: {
    amount: { $ref: '#/$defs/Money' },
    card: { type: 'string' },
    billingAddress: { type: 'string' },
    method: { enum: ['card', 'transfer'] },
    ...props,
  },
  required: ['amount'],
  $defs: {
    Money: {
      type: 'object',
      properties: { value: { type: 'number' }, currency: { type: 'string' } },
      required: ['value'],
    },
  },
  ...extra,
});
const tags19 = (extra: Record<string, unknown>) => ({
  $schema: D19,
  type: 'object',
  properties: { tags: { type: 'array', items: { type: ['string', 'integer'] }, ...extra } },
});

export const dialectCases: CompatibilityCase[] = [
  // draft-07, the Schema Registry's usual dialect.
  {
    name: '07 optional field added, open model',
    old: c7(),
    new: c7({ age: { type: 'integer' } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 optional field added, closed model',
    old: c7({}, closed),
    new: c7({ age: { type: 'integer' } }, closed),
    backward: ok,
    forward: no,
  },
  {
    name: '07 optional field made required',
    old: c7(),
    new: c7({}, { required: ['id', 'name', 'email'] }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 new required field, closed',
    old: c7({}, closed),
    new: c7({ tier: { type: 'string' } }, { ...closed, required: ['id', 'name', 'tier'] }),
    backward: no,
    forward: no,
  },
  {
    name: '07 field removed, closed',
    old: c7({ age: { type: 'integer' } }, closed),
    new: c7({}, closed),
    backward: no,
    forward: ok,
  },
  {
    name: '07 field made nullable',
    old: c7({ age: { type: 'integer' } }),
    new: c7({ age: { type: ['integer', 'null'] } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 nullable field made non-null',
    old: c7({ age: { type: ['integer', 'null'] } }),
    new: c7({ age: { type: 'integer' } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 enum value added',
    old: c7({ tier: { enum: ['gold', 'silver'] } }),
    new: c7({ tier: { enum: ['gold', 'silver', 'bronze'] } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 enum value removed',
    old: c7({ tier: { enum: ['gold', 'silver'] } }),
    new: c7({ tier: { enum: ['gold'] } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 confluent:tags and description changed',
    old: c7(),
    new: c7({ id: { type: 'string', description: 'key', 'confluent:tags': ['ID'] } }),
    backward: ok,
    forward: ok,
  },
  {
    name: '07 const changed',
    old: c7({ kind: { const: 'v1' } }),
    new: c7({ kind: { const: 'v2' } }, { required: ['id', 'name', 'kind'] }),
    backward: no,
    forward: no,
  },
  {
    name: '07 integer widened to number',
    old: c7({ age: { type: 'integer' } }),
    new: c7({ age: { type: 'number' } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 number narrowed to integer',
    old: c7({ score: { type: 'number' } }),
    new: c7({ score: { type: 'integer' } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 exclusiveMinimum 0 relaxed to minimum 0',
    old: c7({ score: { type: 'number', exclusiveMinimum: 0 } }),
    new: c7({ score: { type: 'number', minimum: 0 } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 maxLength lowered',
    old: c7({ nick: { type: 'string', maxLength: 40 } }),
    new: c7({ nick: { type: 'string', maxLength: 20 } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 format email added',
    old: c7({ contact: { type: 'string' } }),
    new: c7({ contact: { type: 'string', format: 'email' } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 format removed',
    old: c7({ contact: { type: 'string', format: 'email' } }),
    new: c7({ contact: { type: 'string' } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 pattern added',
    old: c7({ zip: { type: 'string' } }),
    new: c7({ zip: { type: 'string', pattern: '^[0-9]{5}$' } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 multipleOf 5 to 10',
    old: c7({ lot: { type: 'integer', multipleOf: 5 } }),
    new: c7({ lot: { type: 'integer', multipleOf: 10 } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 definitions: Address gains a required field',
    old: withAddress(address()),
    new: withAddress(address({ country: { type: 'string' } }, ['street', 'city', 'country'])),
    backward: no,
    forward: ok,
  },
  {
    name: '07 definitions: Address closed',
    old: withAddress(address()),
    new: withAddress({ ...address(), additionalProperties: false }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 definitions renamed, same content',
    old: withAddress(address()),
    new: c7(
      { address: { $ref: '#/definitions/PostalAddress' } },
      { definitions: { PostalAddress: address() } },
    ),
    backward: ok,
    forward: ok,
  },
  {
    name: '07 inline object moved to definitions',
    old: c7({ address: address() }),
    new: withAddress(address()),
    backward: ok,
    forward: ok,
  },
  {
    name: '07 definitions: zip pattern added',
    old: withAddress(address()),
    new: withAddress(address({ zip: { type: 'string', pattern: '^[0-9]{5}$' } })),
    backward: no,
    forward: ok,
  },
  {
    name: '07 nullable reference via anyOf',
    old: withAddress(address()),
    new: c7(
      { address: { anyOf: [{ $ref: '#/definitions/Address' }, { type: 'null' }] } },
      { definitions: { Address: address() } },
    ),
    backward: ok,
    forward: no,
  },
  {
    name: '07 tuple position retyped',
    old: tuple7([{ type: 'number' }, { type: 'number' }]),
    new: tuple7([{ type: 'number' }, { type: 'integer' }]),
    backward: no,
    forward: ok,
  },
  {
    name: '07 tuple closed with additionalItems false',
    old: tuple7([{ type: 'number' }, { type: 'number' }]),
    new: tuple7([{ type: 'number' }, { type: 'number' }], { additionalItems: false }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 tuple opened (additionalItems removed)',
    old: tuple7([{ type: 'number' }, { type: 'number' }], { additionalItems: false }),
    new: tuple7([{ type: 'number' }, { type: 'number' }]),
    backward: ok,
    forward: no,
  },
  {
    name: '07 tuple gains a third position',
    old: tuple7([{ type: 'number' }, { type: 'number' }]),
    new: tuple7([{ type: 'number' }, { type: 'number' }, { type: 'string' }]),
    backward: no,
    forward: ok,
  },
  {
    name: '07 tuple additionalItems made nullable',
    old: tuple7([{ type: 'string' }], { additionalItems: { type: 'number' } }),
    new: tuple7([{ type: 'string' }], { additionalItems: { type: ['number', 'null'] } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 tuple minItems raised',
    old: tuple7([{ type: 'number' }, { type: 'number' }]),
    new: tuple7([{ type: 'number' }, { type: 'number' }], { minItems: 2 }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 tuple unchanged but for a title',
    old: tuple7([{ type: 'number' }, { type: 'number', title: 'lat' }]),
    new: tuple7([{ type: 'number' }, { type: 'number', title: 'latitude' }]),
    backward: ok,
    forward: ok,
  },
  {
    name: '07 dependencies list added',
    old: c7({ card: { type: 'string' }, billing: { type: 'string' } }),
    new: c7(
      { card: { type: 'string' }, billing: { type: 'string' } },
      { dependencies: { card: ['billing'] } },
    ),
    backward: no,
    forward: ok,
  },
  {
    name: '07 dependencies list removed',
    old: c7(
      { card: { type: 'string' }, billing: { type: 'string' } },
      { dependencies: { card: ['billing'] } },
    ),
    new: c7({ card: { type: 'string' }, billing: { type: 'string' } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 dependencies list grows',
    old: c7(
      { card: { type: 'string' }, billing: { type: 'string' } },
      { dependencies: { card: ['billing'] } },
    ),
    new: c7(
      { card: { type: 'string' }, billing: { type: 'string' } },
      { dependencies: { card: ['billing', 'email'] } },
    ),
    backward: no,
    forward: ok,
  },
  {
    name: '07 dependencies schema added',
    old: c7({ card: { type: 'string' } }),
    new: c7(
      { card: { type: 'string' } },
      {
        dependencies: { card: { properties: { cvv: { type: 'string', minLength: 3 } }, required: ['cvv'] } },
      },
    ),
    backward: no,
    forward: ok,
  },
  {
    name: '07 dependencies schema unchanged',
    old: c7({ card: { type: 'string' } }, { dependencies: { card: { required: ['email'] } } }),
    new: c7(
      { card: { type: 'string', description: 'PAN' } },
      { dependencies: { card: { required: ['email'] } } },
    ),
    backward: ok,
    forward: ok,
  },
  {
    name: '07 dependency on a name that is always required',
    old: c7(),
    new: c7({}, { dependencies: { email: ['id'] } }),
    backward: ok,
    forward: ok,
  },
  {
    name: '07 line quantity minimum lowered',
    old: order7({}),
    new: order7({ quantity: { type: 'integer', minimum: 0 } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 lines maxItems added',
    old: order7({}),
    new: order7({}, { maxItems: 50 }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 lines uniqueItems added',
    old: order7({}),
    new: order7({}, { uniqueItems: true }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 lines must contain a priced line',
    old: order7({ price: { type: 'number' } }),
    new: order7({ price: { type: 'number' } }, { contains: { required: ['price'] } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 oneOf branch added',
    old: c7({ channel: { oneOf: [{ const: 'web' }, { const: 'store' }] } }),
    new: c7({ channel: { oneOf: [{ const: 'web' }, { const: 'store' }, { const: 'phone' }] } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 anyOf branch removed',
    old: c7({ ref: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }),
    new: c7({ ref: { anyOf: [{ type: 'string' }] } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 minProperties on a map',
    old: c7({ attributes: { type: 'object', additionalProperties: { type: 'string' } } }),
    new: c7({ attributes: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 maxProperties on a map',
    old: c7({ attributes: { type: 'object', additionalProperties: { type: 'string' } } }),
    new: c7({ attributes: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 3 } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 maxProperties on a closed object with fewer fields',
    old: c7({}, closed),
    new: c7({}, { ...closed, maxProperties: 5 }),
    backward: ok,
    forward: ok,
  },
  {
    name: '07 patternProperties added to a closed object',
    old: c7({}, closed),
    new: c7({}, { ...closed, patternProperties: { '^x-': { type: 'string' } } }),
    backward: ok,
    forward: no,
  },
  {
    name: '07 patternProperties value narrowed',
    old: c7({}, { ...closed, patternProperties: { '^x-': { type: 'string' } } }),
    new: c7({}, { ...closed, patternProperties: { '^x-': { type: 'string', maxLength: 8 } } }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 propertyNames added to a map',
    old: c7({ labels: { type: 'object', additionalProperties: { type: 'string' } } }),
    new: c7({
      labels: {
        type: 'object',
        additionalProperties: { type: 'string' },
        propertyNames: { pattern: '^[a-z]+$' },
      },
    }),
    backward: no,
    forward: ok,
  },
  {
    name: '07 if/then unchanged',
    old: c7(
      { country: { type: 'string' }, zip: { type: 'string' } },
      { if: { properties: { country: { const: 'US' } } }, then: { required: ['zip'] } },
    ),
    new: c7(
      { country: { type: 'string' }, zip: { type: 'string', title: 'ZIP' } },
      { if: { properties: { country: { const: 'US' } } }, then: { required: ['zip'] } },
    ),
    backward: ok,
    forward: ok,
  },
  {
    name: '07 keywords of later drafts are ignored (dependentRequired, unevaluatedProperties)',
    old: c7(),
    new: c7({}, { dependentRequired: { email: ['name'] }, unevaluatedProperties: false }),
    backward: ok,
    forward: ok,
  },

  // 2019-09.
  {
    name: '19 dependentRequired added',
    old: payment19(),
    new: payment19({ dependentRequired: { card: ['billingAddress'] } }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 dependentRequired removed',
    old: payment19({ dependentRequired: { card: ['billingAddress'] } }),
    new: payment19(),
    backward: ok,
    forward: no,
  },
  {
    name: '19 dependentRequired on a name the old one required',
    old: payment19({ required: ['amount', 'billingAddress'] }),
    new: payment19({
      required: ['amount', 'billingAddress'],
      dependentRequired: { card: ['billingAddress'] },
    }),
    backward: ok,
    forward: ok,
  },
  {
    name: '19 dependentSchemas added',
    old: payment19(),
    new: payment19({
      dependentSchemas: { card: { properties: { method: { const: 'card' } }, required: ['method'] } },
    }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 dependentSchemas unchanged',
    old: payment19({ dependentSchemas: { card: { required: ['method'] } } }),
    new: payment19({ dependentSchemas: { card: { required: ['method'] } }, description: 'a payment' }),
    backward: ok,
    forward: ok,
  },
  {
    name: '19 unevaluatedProperties false added',
    old: payment19(),
    new: payment19({ unevaluatedProperties: false }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 unevaluatedProperties false, field added through allOf',
    old: {
      $schema: D19,
      allOf: [{ $ref: '#/$defs/Base' }],
      unevaluatedProperties: false,
      $defs: { Base: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
    },
    new: {
      $schema: D19,
      allOf: [{ $ref: '#/$defs/Base' }, { properties: { note: { type: 'string' } } }],
      unevaluatedProperties: false,
      $defs: { Base: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
    },
    backward: ok,
    forward: no,
  },
  {
    name: '19 unevaluatedItems false after a tuple',
    old: tags19({ items: [{ type: 'string' }] }),
    new: tags19({ items: [{ type: 'string' }], unevaluatedItems: false }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 contains added',
    old: tags19({}),
    new: tags19({ contains: { type: 'string' } }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 minContains raised',
    old: tags19({ contains: { type: 'string' } }),
    new: tags19({ contains: { type: 'string' }, minContains: 2 }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 maxContains added',
    old: tags19({ contains: { type: 'string' } }),
    new: tags19({ contains: { type: 'string' }, maxContains: 2 }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 maxContains with maxItems already lower',
    old: tags19({ contains: { type: 'string' }, maxItems: 2 }),
    new: tags19({ contains: { type: 'string' }, maxContains: 3, maxItems: 2 }),
    backward: ok,
    forward: ok,
  },
  {
    name: '19 $ref with sibling required',
    old: payment19(),
    new: payment19({}, { amount: { $ref: '#/$defs/Money', required: ['currency'] } }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 enum of methods grows',
    old: payment19(),
    new: payment19({}, { method: { enum: ['card', 'transfer', 'wallet'] } }),
    backward: ok,
    forward: no,
  },
  {
    name: '19 items array with additionalItems false',
    old: tags19({ items: [{ type: 'string' }, { type: 'integer' }] }),
    new: tags19({ items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false }),
    backward: no,
    forward: ok,
  },
  {
    name: '19 deprecated annotation added',
    old: payment19(),
    new: payment19({}, { card: { type: 'string', deprecated: true } }),
    backward: ok,
    forward: ok,
  },
  {
    name: '19 prefixItems is not a 2019-09 keyword',
    old: tags19({}),
    new: tags19({ prefixItems: [{ type: 'integer' }] }),
    backward: ok,
    forward: ok,
  },
  {
    name: '19 recursive tree via $recursiveRef, unchanged',
    old: {
      $schema: D19,
      $recursiveAnchor: true,
      type: 'object',
      properties: { children: { type: 'array', items: { $recursiveRef: '#' } } },
    },
    new: {
      $schema: D19,
      $recursiveAnchor: true,
      type: 'object',
      properties: { children: { type: 'array', items: { $recursiveRef: '#' } } },
      title: 'Tree',
    },
    backward: ok,
    forward: ok,
  },

  // draft-04 / draft-06, and pairs of two dialects.
  {
    name: '04 boolean exclusiveMaximum added',
    old: { $schema: D4, type: 'number', maximum: 100 },
    new: { $schema: D4, type: 'number', maximum: 100, exclusiveMaximum: true },
    backward: no,
    forward: ok,
  },
  {
    name: '04 → 07 exclusive bound rewritten in the new form',
    old: { $schema: D4, type: 'number', minimum: 0, exclusiveMinimum: true },
    new: { $schema: D7, type: 'number', exclusiveMinimum: 0 },
    backward: ok,
    forward: ok,
  },
  {
    name: '04 → 07 exclusive maximum dropped',
    old: { $schema: D4, type: 'number', maximum: 100, exclusiveMaximum: true },
    new: { $schema: D7, type: 'number', maximum: 100 },
    backward: ok,
    forward: no,
  },
  {
    name: '06 const → 07 enum with a second value',
    old: { $schema: D6, type: 'object', properties: { v: { const: 'v1' } } },
    new: { $schema: D7, type: 'object', properties: { v: { enum: ['v1', 'v2'] } } },
    backward: ok,
    forward: no,
  },
  {
    name: '07 tuple → 2020-12 prefixItems, same meaning',
    old: tuple7([{ type: 'number' }, { type: 'number' }], { additionalItems: false }),
    new: {
      $schema: D20,
      type: 'object',
      properties: {
        location: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
      },
      required: ['location'],
    },
    backward: ok,
    forward: ok,
  },
  {
    name: '07 dependencies → 2019-09 dependentRequired, same meaning',
    old: c7({ card: { type: 'string' } }, { dependencies: { card: ['email'] } }),
    new: c19({ card: { type: 'string' } }, { dependentRequired: { card: ['email'] } }),
    backward: ok,
    forward: ok,
  },
  {
    name: '2020-12 prefixItems → 07, where prefixItems means nothing',
    old: { $schema: D20, type: 'array', prefixItems: [{ type: 'string' }] },
    new: { $schema: D7, type: 'array', prefixItems: [{ type: 'string' }] },
    backward: ok,
    forward: no,
  },
  {
    name: '07 additionalItems beside a schema items → 2020-12 items',
    old: { $schema: D7, type: 'array', items: { type: 'string' }, additionalItems: false },
    new: { type: 'array', items: { type: 'string' } },
    backward: ok,
    forward: ok,
  },
];
