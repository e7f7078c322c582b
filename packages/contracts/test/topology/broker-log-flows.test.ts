import { InMemoryTopicBroker } from '@eventspec/core';
import { expect, test } from 'vitest';
import {
  checkTopology,
  type DeclaredTopology,
  flowsOfBrokerLog,
  formatTopologyText,
} from '../../src/index.js';

const declared: DeclaredTopology = {
  applications: ['orders'],
  flows: [
    {
      application: 'orders',
      action: 'send',
      type: 'OrderPlaced',
      version: 2,
      channel: 'orders.{region}',
      source: 'orders.asyncapi.yaml#/operations/publish',
    },
  ],
};

test("a broker's log is observed as flows: type, the x-eventspec-version header and the topic", async () => {
  const broker = new InMemoryTopicBroker();
  await broker.publish('orders.eu', [
    { id: '1', type: 'OrderPlaced', key: 'o-1', data: {}, headers: { 'x-eventspec-version': '2' } },
    { id: '2', type: 'OrderPlaced', key: 'o-2', data: {}, headers: { 'x-eventspec-version': '2' } },
  ]);
  await broker.publish('orders.us', [
    { id: '3', type: 'OrderPlaced', key: 'o-3', data: {}, headers: { 'x-eventspec-version': '3' } },
  ]);
  const observed = flowsOfBrokerLog(broker.published, { from: 'orders', source: 'orders producer test' });
  expect(observed).toEqual([
    {
      from: 'orders',
      to: [],
      type: 'OrderPlaced',
      version: 2,
      channel: 'orders.eu',
      source: 'orders producer test',
    },
    {
      from: 'orders',
      to: [],
      type: 'OrderPlaced',
      version: 3,
      channel: 'orders.us',
      source: 'orders producer test',
    },
  ]);
  expect(formatTopologyText(checkTopology({ declared, observed }))).toMatchInlineSnapshot(`
    "Topology: 1 drift (1 declared flow, 2 observed)
      ✗ undeclared-version orders sends OrderPlaced@3 on orders.us (observed in orders producer test), but the documents list only OrderPlaced@2: declare version 3 (x-eventspec-version) or stop sending it
    "
  `);
});

test("a real broker's MessageLog records (received messages) read the same way", () => {
  const received = [
    { destination: 'orders.eu', id: 'm-1', type: 'OrderPlaced', key: 'o-1', data: {}, headers: {} },
  ];
  expect(flowsOfBrokerLog(received, { from: 'orders' })).toEqual([
    { from: 'orders', to: [], type: 'OrderPlaced', channel: 'orders.eu' },
  ]);
});
