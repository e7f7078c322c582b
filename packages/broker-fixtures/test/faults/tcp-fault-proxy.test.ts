import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { TcpFaultProxy } from '../../src/index.js';

// A real TCP peer (an echo server) behind the proxy: what we check is what the proxy does to bytes.
let echo: Server;
let proxy: TcpFaultProxy;
const clients: Socket[] = [];

beforeEach(async () => {
  echo = createServer((socket) => socket.on('error', () => undefined).pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await TcpFaultProxy.start({
    upstream: { host: '127.0.0.1', port: (echo.address() as { port: number }).port },
  });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

async function client(): Promise<{ socket: Socket; received: () => string; closed: Promise<string> }> {
  const socket = connect(proxy.port, proxy.host);
  clients.push(socket);
  let data = '';
  socket.on('data', (chunk) => {
    data += chunk;
  });
  const closed = new Promise<string>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.on('close', () => resolve('closed'));
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, received: () => data, closed };
}

const until = async (condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  return condition();
};

describe('TcpFaultProxy', () => {
  test('forwards both ways when healthy', async () => {
    const { socket, received } = await client();
    socket.write('ping');
    expect(await until(() => received() === 'ping')).toBe(true);
    expect(proxy.connections).toBe(1);
  });

  test('latency delays every chunk by at least the latency, in order', async () => {
    proxy.setLatency(150);
    const { socket, received } = await client();
    const sent = Date.now();
    socket.write('a');
    socket.write('b');
    expect(await until(() => received() === 'ab')).toBe(true);
    // Two hops through the proxy (to the echo server and back): at least twice the latency.
    expect(Date.now() - sent).toBeGreaterThanOrEqual(300);
  });

  test('a bandwidth limit spreads a large write over time, bytes intact and in order', async () => {
    proxy.setBandwidth(100_000);
    const { socket, received } = await client();
    const payload = 'x'.repeat(20_000) + 'y'.repeat(20_000);
    const sent = Date.now();
    socket.write(payload);
    expect(await until(() => received().length === payload.length, 5000)).toBe(true);
    expect(received()).toBe(payload);
    // 40 kB at 100 kB/s cannot all pass one direction in under 0.4 s (the two directions overlap).
    expect(Date.now() - sent).toBeGreaterThanOrEqual(400);
  });

  test('a cut holds bytes (the connection hangs); heal delivers them in order', async () => {
    const { socket, received } = await client();
    proxy.cut();
    socket.write('during ');
    socket.write('the cut');
    expect(await until(() => received() !== '', 300)).toBe(false);
    proxy.heal();
    expect(await until(() => received() === 'during the cut')).toBe(true);
  });

  test('reset kills open connections with a RST; new ones work', async () => {
    const { closed } = await client();
    proxy.reset();
    expect(await closed).toBe('ECONNRESET');
    const { socket, received } = await client();
    socket.write('again');
    expect(await until(() => received() === 'again')).toBe(true);
  });

  test('refuse drops new connections until heal', async () => {
    proxy.refuse();
    const refused = connect(proxy.port, proxy.host);
    clients.push(refused);
    const outcome = await new Promise<string>((resolve) => {
      refused.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      refused.on('close', () => resolve('closed'));
    });
    expect(outcome).toMatch(/ECONNRESET|closed/);
    proxy.heal();
    const { socket, received } = await client();
    socket.write('back');
    expect(await until(() => received() === 'back')).toBe(true);
  });
});
