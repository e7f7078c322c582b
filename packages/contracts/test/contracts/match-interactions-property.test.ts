// Laws of matching pact interactions to contracts, over interactions shaped like the ones Pact JS users write:
// an interaction is matched to the contract its metadata, content or mapping names — or reported; never
// matched to a contract nothing in it points at, never dropped.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { contractsFromFiles } from '../../src/index.js';
import { matchPactInteractions, type PactMessageInteraction } from '../../src/pact/index.js';

const registry = contractsFromFiles(
  [
    ['OrderPlaced', 'orders'],
    ['OrderCancelled', 'orders'],
    ['PaymentCaptured', 'payments'],
    ['LightMeasured', 'lights.{id}.measured'],
  ].map(([type, topic]) => ({
    path: `${type}.contract.json`,
    text: JSON.stringify({ type, version: 1, channel: { topic }, data: { type: 'object' } }),
  })),
);
// The address template becomes a real one only through AsyncAPI; here the topic is literal.
const types = ['OrderPlaced', 'OrderCancelled', 'PaymentCaptured', 'LightMeasured'];
const typeKeys = ['type', 'messageType', 'message-type', 'eventType', 'ce-type'];
const destinationKeys = ['topic', 'channel', 'destination', 'kafka_topic', 'queue'];

/** What an interaction carries, and the contract it must be matched to (undefined: must be reported). */
const interaction = fc
  .record({
    typeHeader: fc.option(fc.tuple(fc.constantFrom(...typeKeys), fc.constantFrom(...types, 'Unknown')), {
      nil: undefined,
    }),
    contentType: fc.option(fc.constantFrom(...types, 'com.example.other'), { nil: undefined }),
    destination: fc.option(
      fc.tuple(fc.constantFrom(...destinationKeys), fc.constantFrom('orders', 'payments', 'elsewhere')),
      { nil: undefined },
    ),
    mapped: fc.option(fc.constantFrom(...types), { nil: undefined }),
    noise: fc.dictionary(fc.constantFrom('content-type', 'key', 'x-trace'), fc.string()),
  })
  .map(({ typeHeader, contentType, destination, mapped, noise }) => {
    const metadata: Record<string, unknown> = { ...noise };
    if (destination) metadata[destination[0]] = destination[1];
    if (typeHeader) metadata[typeHeader[0]] = typeHeader[1];
    const expected =
      mapped ??
      (typeHeader && typeHeader[1] !== 'Unknown' ? typeHeader[1] : undefined) ??
      (contentType && types.includes(contentType) ? contentType : undefined) ??
      (destination?.[1] === 'payments' ? 'PaymentCaptured' : undefined);
    const value: PactMessageInteraction = {
      description: 'set below, by position',
      providerStates: [],
      content: contentType === undefined ? { id: 'x' } : { type: contentType, id: 'x' },
      metadata,
      pointer: '/interactions/0',
    };
    return { value, mapped, expected };
  });

test('every interaction is matched to the contract something in it names, or reported; 30 seeds', () => {
  for (let seed = 1; seed <= 30; seed++) {
    fc.assert(
      fc.property(fc.array(interaction, { minLength: 1, maxLength: 8 }), (drawn) => {
        const generated = drawn.map((g, i) => ({
          ...g,
          value: { ...g.value, description: `interaction ${i}` },
        }));
        const descriptions = Object.fromEntries(
          generated.flatMap((g) => (g.mapped ? [[g.value.description, g.mapped]] : [])),
        );
        const pact = {
          file: 'p.json',
          consumer: 'c',
          provider: 'p',
          interactions: generated.map((g) => g.value),
        };
        const { pacts, unmatched } = matchPactInteractions([pact], {
          registry,
          mapping: { descriptions },
        });
        const matched = pacts[0]!.interactions;
        expect(matched).toHaveLength(generated.length);
        generated.forEach((g, i) => {
          expect(matched[i]!.contract).toBe(g.expected);
          expect(unmatched.some((u) => u.description === g.value.description)).toBe(g.expected === undefined);
        });
      }),
      { seed, numRuns: 40 },
    );
  }
});
