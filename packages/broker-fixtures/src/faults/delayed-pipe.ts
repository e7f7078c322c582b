import type { Socket } from 'node:net';

/**
 * One direction of a proxied connection: forwards chunks in order, after a latency, no faster than a
 * bandwidth, unless held.
 */
export class DelayedPipe {
  latencyMs = 0;
  /** 0: unlimited. */
  bytesPerSecond = 0;
  #lastDue = 0;
  readonly #queue: Array<{ chunk: Buffer; due: number }> = [];
  readonly #to: Socket;
  #held = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(from: Socket, to: Socket) {
    this.#to = to;
    from.on('data', (chunk: Buffer) => {
      const transfer = this.bytesPerSecond > 0 ? (chunk.length * 1000) / this.bytesPerSecond : 0;
      const due = Math.max(Date.now() + this.latencyMs, this.#lastDue) + transfer;
      this.#lastDue = due;
      this.#queue.push({ chunk, due });
      this.#flush();
    });
  }

  /** While held, chunks queue up (a partition); releasing lets them flow in order. */
  set held(value: boolean) {
    this.#held = value;
    if (!value) this.#flush();
  }

  #flush(): void {
    if (this.#held || this.#timer) return;
    const now = Date.now();
    while (this.#queue.length > 0 && this.#queue[0]!.due <= now) {
      if (!this.#to.destroyed) this.#to.write(this.#queue.shift()!.chunk);
      else this.#queue.shift();
    }
    const next = this.#queue[0];
    if (next) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, next.due - now);
    }
  }
}
