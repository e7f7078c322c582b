import { defineUpcasters } from '@eventspec/core';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  checkRegistry,
  checkUpcastContracts,
  contractsFromFiles,
  requireUpcasters,
} from '../../src/index.js';

// Version k of `Placed` holds one field, `f<k>`, and nothing else: each version rejects every earlier one.
type Event = { type: 'Placed'; version: number } & Record<string, unknown>;
const contract = (version: number, mode: string) => ({
  path: `stored/placed.v${version}.contract.json`,
  text: JSON.stringify({
    type: 'Placed',
    version,
    stored: true,
    compatibility: mode,
    data: {
      type: 'object',
      properties: {
        type: { const: 'Placed' },
        version: { const: version },
        [`f${version}`]: { type: 'integer' },
      },
      required: ['type', 'version', `f${version}`],
      additionalProperties: false,
    },
  }),
});
const eventAt = (version: number): Event => ({ type: 'Placed', version, [`f${version}`]: 7 });

/** Whether the upcasters take an event of `version` to the latest version without a gap. */
function reads(upcasters: ReturnType<typeof defineUpcasters<Event>>, version: number): boolean {
  try {
    upcasters.upcast(eventAt(version));
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'EVENTSPEC_EVOLUTION_GAP') return false;
    throw error;
  }
}

test('the gate covers a new stored version exactly when the upcasters read every version it is compared with, and their output satisfies it', () => {
  const setup = fc.integer({ min: 2, max: 5 }).chain((latest) =>
    fc.record({
      latest: fc.constant(latest),
      mode: fc.constantFrom('BACKWARD', 'BACKWARD_TRANSITIVE'),
      registered: fc.subarray(Array.from({ length: latest - 1 }, (_, i) => i + 1)),
    }),
  );
  fc.assert(
    fc.property(setup, ({ latest, mode, registered }) => {
      let upcasters = defineUpcasters<Event>().latest('Placed', latest);
      for (const from of registered) {
        upcasters = upcasters.register<Event, Event>('Placed', from, ({ [`f${from}`]: value }) => ({
          type: 'Placed',
          version: from + 1,
          [`f${from + 1}`]: value,
        }));
      }
      const versions = Array.from({ length: latest }, (_, i) => i + 1);
      const current = contractsFromFiles(versions.map((v) => contract(v, mode)));
      const baseline = contractsFromFiles(versions.slice(0, -1).map((v) => contract(v, mode)));
      const requirement = requireUpcasters(checkRegistry(baseline, current), current, upcasters).get(
        `Placed@${latest}`,
      );
      const compared = mode === 'BACKWARD' ? [latest - 1] : versions.slice(0, -1);
      expect(requirement?.covered).toBe(compared.every((v) => reads(upcasters, v)));
      if (requirement?.covered) {
        const fixtures = Object.fromEntries(compared.map((v) => [`v${v}`, eventAt(v)]));
        checkUpcastContracts({ upcasters, contracts: current, fixtures, everyVersion: false });
      }
    }),
    { numRuns: 60 },
  );
});
