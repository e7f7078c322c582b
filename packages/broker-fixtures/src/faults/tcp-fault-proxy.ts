import { connect, createServer, type Server, type Socket } from 'node:net';
import { recordBroker } from '../records/broker-records.js';
import { DelayedPipe } from './delayed-pipe.js';

/** Where a {@link TcpFaultProxy} forwards to. */
export interface ProxyUpstream {
  host: string;
  port: number;
}

/** Options of {@link TcpFaultProxy.start}. */
export interface TcpFaultProxyOptions {
  upstream: ProxyUpstream;
  /** @default '127.0.0.1' */
  listenHost?: string;
  /** @default a free port */
  listenPort?: number;
}

/**
 * An in-process TCP proxy that injects network faults between a client and a broker: latency, a
 * bandwidth limit, a cut
 * (a partition: bytes are held, connections hang, clients time out; `heal()` lets them through), a
 * reset of every open connection, and refusing new connections. Stands in for Toxiproxy where its
 * image cannot be had.
 * @example
 * await using proxy = await TcpFaultProxy.start({ upstream: { host: '127.0.0.1', port: 5672 } });
 * proxy.setLatency(200);
 * proxy.cut();
 * proxy.heal();
 */
export class TcpFaultProxy implements AsyncDisposable {
  readonly upstream: ProxyUpstream;
  readonly host: string;
  readonly port: number;
  readonly #server: Server;
  readonly #pipes = new Set<DelayedPipe>();
  readonly #sockets = new Set<Socket>();
  #latencyMs = 0;
  #bytesPerSecond = 0;
  #cut = false;
  #refusing = false;

  private constructor(server: Server, upstream: ProxyUpstream, host: string, port: number) {
    this.#server = server;
    this.upstream = upstream;
    this.host = host;
    this.port = port;
    server.on('connection', (client) => this.#accept(client));
  }

  /** Starts listening; resolves once the proxy accepts connections. */
  static async start(options: TcpFaultProxyOptions): Promise<TcpFaultProxy> {
    const host = options.listenHost ?? '127.0.0.1';
    const server = createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listenPort ?? 0, host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new TcpFaultProxy(server, { ...options.upstream }, host, port);
  }

  /** `host:port` clients should connect to. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Open client connections. */
  get connections(): number {
    return this.#sockets.size / 2;
  }

  /** Delays every chunk, both ways, by `ms` (order kept). 0 removes the latency. */
  setLatency(ms: number): void {
    recordBroker(this.#subject(), 'fault', () => `latency ${ms} ms (proxy port ${this.port})`);
    this.#setLatency(ms);
  }

  #setLatency(ms: number): void {
    this.#latencyMs = ms;
    for (const pipe of this.#pipes) pipe.latencyMs = ms;
  }

  /** Limits each direction of each connection to `bytesPerSecond`. 0 removes the limit. */
  setBandwidth(bytesPerSecond: number): void {
    recordBroker(this.#subject(), 'fault', () => `bandwidth ${bytesPerSecond} B/s (proxy port ${this.port})`);
    this.#setBandwidth(bytesPerSecond);
  }

  #setBandwidth(bytesPerSecond: number): void {
    this.#bytesPerSecond = bytesPerSecond;
    for (const pipe of this.#pipes) pipe.bytesPerSecond = bytesPerSecond;
  }

  /** Partitions client and broker: nothing flows either way until {@link heal}; new connections hang too. */
  cut(): void {
    recordBroker(this.#subject(), 'fault', () => `network cut (proxy port ${this.port})`);
    this.#cut = true;
    for (const pipe of this.#pipes) pipe.held = true;
  }

  /** Resets (TCP RST) every open connection; new ones are accepted. */
  reset(): void {
    recordBroker(this.#subject(), 'fault', () => `connections reset (proxy port ${this.port})`);
    this.#resetAll();
  }

  #resetAll(): void {
    for (const socket of this.#sockets) socket.resetAndDestroy();
    this.#sockets.clear();
    this.#pipes.clear();
  }

  /** Refuses new connections and resets open ones, like a broker that went away, until {@link heal}. */
  refuse(): void {
    recordBroker(this.#subject(), 'fault', () => `connections refused (proxy port ${this.port})`);
    this.#refusing = true;
    this.#resetAll();
  }

  /** Removes every fault: latency 0, no bandwidth limit, cut healed (held bytes flow), connections accepted again. */
  heal(): void {
    recordBroker(this.#subject(), 'fault', () => `network healed (proxy port ${this.port})`);
    this.#refusing = false;
    this.#cut = false;
    this.#setLatency(0);
    this.#setBandwidth(0);
    for (const pipe of this.#pipes) pipe.held = false;
  }

  #subject(): string {
    const upstream = this.upstream as unknown as { host?: string; port?: number };
    return upstream.port === undefined
      ? 'proxied broker'
      : `broker at ${upstream.host ?? '127.0.0.1'}:${upstream.port}`;
  }

  /** Closes the listener and every connection. */
  async close(): Promise<void> {
    this.#resetAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #accept(client: Socket): void {
    if (this.#refusing) {
      client.resetAndDestroy();
      return;
    }
    const broker = connect(this.upstream.port, this.upstream.host);
    this.#sockets.add(client).add(broker);
    const pipes = [new DelayedPipe(client, broker), new DelayedPipe(broker, client)];
    for (const pipe of pipes) {
      pipe.latencyMs = this.#latencyMs;
      pipe.bytesPerSecond = this.#bytesPerSecond;
      pipe.held = this.#cut;
      this.#pipes.add(pipe);
    }
    const close = () => {
      for (const socket of [client, broker]) {
        this.#sockets.delete(socket);
        socket.destroy();
      }
      for (const pipe of pipes) this.#pipes.delete(pipe);
    };
    client.on('error', close).on('close', close);
    broker.on('error', close).on('close', close);
    client.resume();
  }
}
