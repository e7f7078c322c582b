const groupBrand: unique symbol = Symbol('eventspec.inAnyOrder');

/** Patterns that must each match one event of a run of events, in any order. */
export interface InAnyOrder<Pattern> {
  readonly [groupBrand]: true;
  readonly patterns: readonly Pattern[];
}

/**
 * Inside `thenMatch([...])`: these patterns match the next `patterns.length` events in any order, each
 * event matched by exactly one pattern.
 * @example thenMatch([{ type: 'OrderPlaced' }, inAnyOrder([{ type: 'StockReserved' }, { type: 'PaymentRequested' }])])
 */
export function inAnyOrder<Pattern>(patterns: readonly Pattern[]): InAnyOrder<Pattern> {
  return { [groupBrand]: true, patterns };
}

/** Whether a `thenMatch` item is an {@link inAnyOrder} group. */
export function isInAnyOrder<Pattern>(item: unknown): item is InAnyOrder<Pattern> {
  return typeof item === 'object' && item !== null && groupBrand in item;
}
