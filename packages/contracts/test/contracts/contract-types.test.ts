import { InMemoryQueueBroker, InMemoryTopicBroker } from '@eventspec/core';
import { expectTypeOf, test } from 'vitest';
import {
  type CompatibilityMode,
  type CompatibilityResult,
  type ContractRegistry,
  type ContractValidationResult,
  captureProduced,
  checkCompatibility,
} from '../../src/index.js';
import type { ProducedMessage, Producer } from '../../src/pact/index.js';

test('captureProduced keeps the broker type, so producer code gets the broker it expects', () => {
  expectTypeOf(captureProduced(new InMemoryTopicBroker()).broker).toEqualTypeOf<InMemoryTopicBroker>();
  expectTypeOf(captureProduced(new InMemoryQueueBroker()).broker).toHaveProperty('declareExchange');
});

test('compatibility modes are a closed set', () => {
  expectTypeOf(checkCompatibility).parameter(2).toEqualTypeOf<CompatibilityMode>();
  expectTypeOf(checkCompatibility).returns.toEqualTypeOf<CompatibilityResult>();
  // @ts-expect-error the Schema Registry spells it BACKWARD
  const typo = () => checkCompatibility({}, {}, 'BACKWARDS');
  expectTypeOf(typo).toBeFunction();
});

test('registry ids are strings or { type, version }; producers return what they sent', () => {
  expectTypeOf<ContractRegistry['validate']>()
    .parameter(1)
    .toEqualTypeOf<string | { type: string; version: number } | undefined>();
  expectTypeOf<ContractRegistry['validate']>().returns.toEqualTypeOf<ContractValidationResult>();
  expectTypeOf<ReturnType<Producer>>().toEqualTypeOf<ProducedMessage | Promise<ProducedMessage>>();
});
