import { createServer } from 'node:net';
import { onSpecRecord, type SpecRecord } from '@eventspec/core';
import { afterEach, describe, expect, test } from 'vitest';
import { TcpFaultProxy } from '../../src/index.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('broker records for the report', () => {
  test('faults injected through the TCP fault proxy are recorded, with the broker they hit', async () => {
    const upstream = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as { port: number }).port;
    const records: SpecRecord[] = [];
    stop = onSpecRecord((record) => records.push(record));
    const proxy = await TcpFaultProxy.start({ upstream: { host: '127.0.0.1', port } });
    try {
      proxy.setLatency(50);
      proxy.cut();
      proxy.heal();
    } finally {
      await proxy.close();
      upstream.close();
    }
    const details = records.map((r) =>
      r.kind === 'broker' ? `${r.subject}: ${r.action} ${r.detail}` : r.kind,
    );
    expect(details).toEqual([
      `broker at 127.0.0.1:${port}: fault latency 50 ms (proxy port ${proxy.port})`,
      `broker at 127.0.0.1:${port}: fault network cut (proxy port ${proxy.port})`,
      `broker at 127.0.0.1:${port}: fault network healed (proxy port ${proxy.port})`,
    ]);
  });
});
