// Each distinct AsyncAPI text is parsed once per process: the gate's baseline and working tree share it.
import { expect, test } from 'vitest';
import { parseDocument } from '../../src/asyncapi/_internals/parse-document.js';

const document = (title: string, ref = '#/components/messages/Placed') => `asyncapi: 3.0.0
info: { title: ${title}, version: 1.0.0 }
channels:
  placed:
    address: orders.placed
    messages:
      Placed: { $ref: '${ref}' }
components:
  messages:
    Placed: { name: Placed, payload: { type: object } }
`;

test('one text under two paths is parsed once; another text, or a text that $refs other files, is parsed apart', async () => {
  const text = document('Orders');
  const working = await parseDocument(text, 'contracts/orders.asyncapi.yaml');
  const baseline = await parseDocument(text, 'HEAD:contracts/orders.asyncapi.yaml');
  expect(baseline).toBe(working);
  expect((working.json as { info: { title: string } }).info.title).toBe('Orders');
  const other = await parseDocument(document('Billing'), 'contracts/orders.asyncapi.yaml');
  expect(other).not.toBe(working);
  expect((other.json as { info: { title: string } }).info.title).toBe('Billing');
  // A relative $ref resolves against the document's path: the same text in two places may differ.
  const outside = document('Orders', './placed.yaml');
  const here = parseDocument(outside, 'a/orders.asyncapi.yaml');
  const there = parseDocument(outside, 'b/orders.asyncapi.yaml');
  expect(here).not.toBe(there);
  expect(parseDocument(outside, 'a/orders.asyncapi.yaml')).toBe(here);
}, 60_000);
