// Scenarios per second for one decider spec: a shopping cart, 10 given events, one command, 2 resulting
// events. Compared in the same run with two hand-written loops (the floors: node's isDeepStrictEqual, and
// eventspec's own strict comparator) and Emmett's DeciderSpecification. eventspec's `then` does more than
// the loops: it folds the 2 new events through evolve (always), and — with detectStateChange, off by
// default since it costs more than the 1.2× bound allows — checks that decide left its state unchanged.
import { isDeepStrictEqual } from 'node:util';
import { DeciderSpecification } from '@event-driven-io/emmett';
import { Bench } from 'tinybench';
import { scenario } from '../dist/index.js';
import { equalsIn } from '../dist/internal.js';

const cart = {
  initialState: () => ({ status: 'empty', lines: {} }),
  decide(command, state) {
    if (command.type !== 'CheckOut') throw new Error(`unknown command ${command.type}`);
    if (state.status !== 'open') throw new Error('the cart is not open');
    const skus = Object.keys(state.lines).sort();
    const total = skus.reduce((sum, sku) => sum + state.lines[sku].quantity * state.lines[sku].price, 0);
    return [
      { type: 'CartCheckedOut', data: { cartId: state.cartId, total } },
      {
        type: 'ReceiptIssued',
        data: { cartId: state.cartId, lines: skus.map((sku) => ({ sku, ...state.lines[sku] })) },
      },
    ];
  },
  evolve(state, event) {
    switch (event.type) {
      case 'CartOpened':
        return { ...state, status: 'open', cartId: event.data.cartId };
      case 'ItemAdded': {
        const line = state.lines[event.data.sku];
        const quantity = (line?.quantity ?? 0) + event.data.quantity;
        return {
          ...state,
          lines: { ...state.lines, [event.data.sku]: { quantity, price: event.data.price } },
        };
      }
      default:
        return state;
    }
  },
};

const given = [
  { type: 'CartOpened', data: { cartId: 'c1' } },
  ...Array.from({ length: 9 }, (_, i) => ({
    type: 'ItemAdded',
    data: { sku: `sku-${i % 4}`, quantity: 1 + (i % 3), price: 100 + i },
  })),
];
const command = { type: 'CheckOut' };
const expected = cart.decide(command, given.reduce(cart.evolve, cart.initialState()));

function handWritten() {
  let state = cart.initialState();
  for (const event of given) state = cart.evolve(state, event);
  const events = cart.decide(command, state);
  if (!isDeepStrictEqual(events, expected)) throw new Error('events differ');
}

function handWrittenOwnComparator() {
  let state = cart.initialState();
  for (const event of given) state = cart.evolve(state, event);
  const events = cart.decide(command, state);
  if (!equalsIn('strict', events, expected)) throw new Error('events differ');
}

const emmett = DeciderSpecification.for(cart);
const bench = new Bench({ time: 1500, warmupTime: 300 });
bench
  .add('hand-written loop (floor)', handWritten)
  .add("hand-written loop, eventspec's comparator (floor 2)", handWrittenOwnComparator)
  .add('eventspec scenario().then()', () => scenario(cart).given(given).when(command).then(expected))
  .add('eventspec then() + detectStateChange', () =>
    scenario(cart, { detectStateChange: true }).given(given).when(command).then(expected),
  )
  .add('Emmett DeciderSpecification', () => emmett(given).when(command).then(expected));
await bench.run();

const hz = Object.fromEntries(bench.tasks.map((task) => [task.name, task.result.throughput.mean]));
const floor = hz['hand-written loop (floor)'];
const peer = hz['Emmett DeciderSpecification'];
console.table(
  bench.tasks.map((task) => ({
    task: task.name,
    'scenarios/s': Math.round(hz[task.name]).toLocaleString('en-US'),
    'time vs floor': `${(floor / hz[task.name]).toFixed(2)}×`,
    'speed vs Emmett': `${(hz[task.name] / peer).toFixed(2)}×`,
  })),
);
const ours = hz['eventspec scenario().then()'];
const ownFloor = hz["hand-written loop, eventspec's comparator (floor 2)"];
console.log(
  `targets: overhead over the floor ≤ 2× → ${(floor / ours).toFixed(2)}×; over floor 2 (same comparator) ≤ 1.2× → ${(ownFloor / ours).toFixed(2)}×; at least as fast as Emmett → ${(ours / peer).toFixed(2)}×`,
);
