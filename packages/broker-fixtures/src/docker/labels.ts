import { hostname } from 'node:os';

/** Docker labels eventspec puts on every container it starts, so leftovers can be found and removed. */
export const EventspecLabel = {
  /** `<host>:<pid>` of the process that owns the container. */
  owner: 'org.eventspec.owner',
  /** `kafka` or `rabbitmq`. */
  broker: 'org.eventspec.broker',
  /** Unique per container; finds it again when `start()` failed before returning it. */
  instance: 'org.eventspec.instance',
  /** Set on containers started with `withReuse()`: they outlive the run on purpose. */
  reuse: 'org.eventspec.reuse',
} as const;

/** The owner label value of this process. */
export function ownerLabel(pid: number = process.pid): string {
  return `${hostname()}:${pid}`;
}
