import type { Readable } from 'node:stream';

/** Keeps the last `size` lines of a container's log stream, for errors raised after the container is gone. */
export class LogTailBuffer {
  readonly #lines: string[] = [];
  readonly #size: number;
  #partial = '';

  constructor(size = 30) {
    this.#size = size;
  }

  /** Pass to Testcontainers' `withLogConsumer`. */
  readonly consume = (stream: Readable): void => {
    stream.on('data', (chunk: Buffer | string) => this.push(chunk.toString()));
  };

  push(text: string): void {
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop() ?? '';
    this.#lines.push(...lines);
    if (this.#lines.length > this.#size) this.#lines.splice(0, this.#lines.length - this.#size);
  }

  /** The kept lines, joined. */
  text(): string {
    return [...this.#lines, this.#partial].filter(Boolean).slice(-this.#size).join('\n');
  }
}
