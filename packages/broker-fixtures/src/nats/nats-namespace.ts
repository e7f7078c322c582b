import type { JetStreamManager } from '@nats-io/jetstream';

/**
 * One test's part of a NATS server: a JetStream stream of its own (`<name>` with dots as `_`) holding the
 * subjects `<name>.>`, and its consumers. Dropping it deletes the stream, and with it every message and
 * consumer of the test.
 */
export class NatsNamespace {
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  /** The stream holding every subject of the namespace. */
  get stream(): string {
    return natsName(this.name);
  }

  /** The real subject of `subject` (wildcards allowed) in this namespace. */
  subject(subject: string): string {
    return `${this.name}.${subject}`;
  }

  /** The subject as the test named it, from a real subject of this namespace. */
  local(subject: string): string {
    return subject.startsWith(`${this.name}.`) ? subject.slice(this.name.length + 1) : subject;
  }

  /** The durable consumer name of `group` on `source` (a name NATS accepts: no dots nor wildcards). */
  durable(group: string, source: string): string {
    return natsName(`${group}__${source}`);
  }

  /** Creates the stream (idempotent). */
  async create(jsm: JetStreamManager): Promise<void> {
    try {
      await jsm.streams.info(this.stream);
    } catch {
      await jsm.streams.add({ name: this.stream, subjects: [`${this.name}.>`] });
    }
  }

  /** Deletes the stream, its messages and consumers; true when it existed. */
  async drop(jsm: JetStreamManager): Promise<boolean> {
    return jsm.streams.delete(this.stream).catch(() => false);
  }
}

/** A stream or consumer name NATS accepts: no `.`, `*`, `>`, whitespace or path separators. */
export function natsName(name: string): string {
  return name.replace(/[.*>\s/\\]/g, (char) =>
    char === '.' ? '_' : char === '*' ? 'STAR' : char === '>' ? 'GT' : '-',
  );
}
