import type { Socket } from 'node:net';

/** One direction of a proxied connection: forwards chunks in order, after a latency, unless held. */
export class DelayedPipe {
  latencyMs = 0;
  readonly #queue: Array<{ chunk: Buffer; due: number }> = [];
  readonly #to: Socket;
  #held = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(from: Socket, to: Socket) {
    this.#to = to;
    from.on('data', (chunk: Buffer) => {
      this.#queue.push({ chunk, due: Date.now() + this.latencyMs });
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
