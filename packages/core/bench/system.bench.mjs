// A system scenario of 4 services and ~50 messages on the in-memory broker: time per scenario, and time for
// 1,000 fault plans of it. Baseline in the same run: the same choreography as a hand-written synchronous
// message loop (no broker, no clock, no checks) — the floor.
import { cancel, deciderService, processService, schedule, send, system } from '../dist/index.js';

const decider = (decide, evolve, initialState) => ({ initialState, decide, evolve });
const orders = decider(
  (c, s) =>
    c.type === 'PlaceOrder'
      ? s === 'none'
        ? [{ type: 'OrderPlaced', orderId: c.orderId, amount: c.amount }]
        : []
      : s === 'placed'
        ? [{ type: 'OrderConfirmed', orderId: c.orderId }]
        : [],
  (_, e) => (e.type === 'OrderPlaced' ? 'placed' : 'confirmed'),
  'none',
);
const payments = decider(
  (c, s) => (s ? [] : [{ type: 'PaymentCaptured', orderId: c.orderId, amount: c.amount }]),
  () => true,
  false,
);
const stock = decider(
  (c, s) => (s ? [] : [{ type: 'StockReserved', orderId: c.orderId }]),
  () => true,
  false,
);
const checkout = {
  initialState: 'idle',
  react: (s, e) =>
    e.type === 'OrderPlaced' && s === 'idle'
      ? [
          send({ type: 'ReserveStock', orderId: e.orderId }),
          send({ type: 'ChargeCard', orderId: e.orderId, amount: e.amount }),
          schedule({ type: 'PaymentTimedOut', orderId: e.orderId }, { after: '15m', id: 't' }),
        ]
      : e.type === 'PaymentCaptured' && s === 'awaiting'
        ? [cancel('t'), send({ type: 'ConfirmOrder', orderId: e.orderId })]
        : [],
  evolve: (s, e) =>
    e.type === 'OrderPlaced' && s === 'idle'
      ? 'awaiting'
      : e.type === 'PaymentCaptured' && s === 'awaiting'
        ? 'paid'
        : s,
};
const byOrder = (m) => m.orderId;
const services = {
  orders: deciderService(orders, {
    commands: ['PlaceOrder', 'ConfirmOrder'],
    events: ['OrderPlaced', 'OrderConfirmed'],
    streamOf: byOrder,
  }),
  payments: deciderService(payments, {
    commands: ['ChargeCard'],
    events: ['PaymentCaptured'],
    streamOf: byOrder,
  }),
  stock: deciderService(stock, { commands: ['ReserveStock'], events: ['StockReserved'], streamOf: byOrder }),
  checkout: processService(checkout, { listensTo: ['OrderPlaced', 'PaymentCaptured'], instanceOf: byOrder }),
};
const place = (i) => ({ type: 'PlaceOrder', orderId: `o-${i}`, amount: 100 + i });
const history = Array.from({ length: 6 }, (_, i) => place(i));
const scenario = () => system(services).given(history).when(place(6));
const expectations = {
  state: { orders: new Map(Array.from({ length: 7 }, (_, i) => [`o-${i}`, 'confirmed'])) },
};

// The floor: the same messages through plain functions, FIFO.
function handWritten() {
  const stores = { orders: new Map(), payments: new Map(), stock: new Map() };
  const pm = new Map();
  const owner = {
    PlaceOrder: ['orders', orders],
    ConfirmOrder: ['orders', orders],
    ChargeCard: ['payments', payments],
    ReserveStock: ['stock', stock],
  };
  const queue = [...history, place(6)];
  let messages = 0;
  while (queue.length > 0) {
    const message = queue.shift();
    messages++;
    const route = owner[message.type];
    if (route) {
      const [name, d] = route;
      const events = stores[name].get(message.orderId) ?? [];
      const produced = d.decide(message, events.reduce(d.evolve, d.initialState));
      stores[name].set(message.orderId, [...events, ...produced]);
      queue.push(...produced);
    } else if (message.type === 'OrderPlaced' || message.type === 'PaymentCaptured') {
      const s = pm.get(message.orderId) ?? 'idle';
      for (const output of checkout.react(s, message)) if (output.kind === 'send') queue.push(output.command);
      pm.set(message.orderId, checkout.evolve(s, message));
    }
  }
  return messages;
}

const time = async (fn, rounds) => {
  for (let i = 0; i < Math.min(20, rounds); i++) await fn();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return (performance.now() - started) / rounds;
};

const report = await scenario().eventually(expectations, { within: '1m' });
const messages = report.flow.length;
const floorMs = await time(handWritten, 2000);
const scenarioMs = await time(() => scenario().eventually(expectations, { within: '1m' }), 200);
const started = performance.now();
const faulted = await scenario().eventually(expectations, { within: '1m', faults: { runs: 1000, seed: 1 } });
const faultsMs = performance.now() - started;

console.table([
  {
    task: 'hand-written message loop (floor)',
    messages: handWritten(),
    'ms per scenario': floorMs.toFixed(3),
    'vs floor': '1.00×',
  },
  {
    task: 'system scenario on the in-memory broker',
    messages,
    'ms per scenario': scenarioMs.toFixed(3),
    'vs floor': `${(scenarioMs / floorMs).toFixed(1)}×`,
  },
  {
    task: `1,000 fault plans (${faulted.plansChecked} checked)`,
    messages,
    'ms per scenario': (faultsMs / 1000).toFixed(3),
    'vs floor': `${(faultsMs / 1000 / floorMs).toFixed(1)}×`,
  },
]);
console.log(
  `targets: one scenario (4 services, ${messages} messages) < 10 ms → ${scenarioMs.toFixed(2)} ms; 1,000 plans under faults < 10 s → ${(faultsMs / 1000).toFixed(2)} s`,
);
