import { EventspecUsageError } from '../errors/eventspec-error.js';

type ErrorClass = abstract new (...args: never[]) => Error;
type MessageCheck = string | RegExp | ((error: Error) => boolean);

/** The arguments of `thenError`: an error class, a message check, both, or neither. */
export type ErrorExpectation = [] | [ErrorClass | MessageCheck] | [ErrorClass, MessageCheck];

/** An error expectation read from its arguments. */
export interface WantedError {
  errorClass?: ErrorClass;
  message?: MessageCheck;
}

/** Reads `thenError`'s arguments, telling an Error class from a predicate. */
export function errorExpectation(args: ErrorExpectation): WantedError {
  const [first, second] = args as unknown[];
  if (args.length === 0) return {};
  if (args.length > 2) throw tooManyArguments(args.length);
  for (const arg of args) if (isNonErrorClass(arg)) throw notAnErrorClass(arg as { name: string });
  if (isErrorClass(first)) {
    if (second !== undefined && (!isMessageCheck(second) || isErrorClass(second))) throw badArgument(second);
    return second === undefined
      ? { errorClass: first }
      : { errorClass: first, message: second as MessageCheck };
  }
  if (!isMessageCheck(first) || args.length > 1) throw badArgument(first);
  return { message: first as MessageCheck };
}

/** `OutOfStock with a message containing "sku-1"`. */
export function describeErrorExpectation(wanted: WantedError): string {
  const name = wanted.errorClass?.name ?? 'any error';
  const { message } = wanted;
  if (message === undefined) return name;
  if (typeof message === 'string') return `${name} with a message containing ${JSON.stringify(message)}`;
  if (message instanceof RegExp) return `${name} with a message matching ${message}`;
  return `${name} accepted by ${message.name || 'the predicate'}`;
}

/** Why `error` is not the wanted one, or `undefined` when it is. */
export function mismatchOf(wanted: WantedError, error: Error): string | undefined {
  if (wanted.errorClass && !(error instanceof wanted.errorClass))
    return `expected an instance of ${wanted.errorClass.name}`;
  const { message } = wanted;
  if (typeof message === 'string' && !error.message.includes(message)) {
    return `expected a message containing ${JSON.stringify(message)}`;
  }
  if (message instanceof RegExp && !message.test(error.message))
    return `expected a message matching ${message}`;
  if (typeof message === 'function' && !message(error))
    return `${message.name || 'the predicate'} rejected it`;
  return undefined;
}

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && (value === Error || value.prototype instanceof Error);
}

/** A class (not a predicate function) whose instances are not Errors. */
function isNonErrorClass(value: unknown): boolean {
  if (typeof value !== 'function' || isErrorClass(value)) return false;
  return /^class[\s{]/.test(Function.prototype.toString.call(value));
}

function isMessageCheck(value: unknown): boolean {
  return typeof value === 'string' || value instanceof RegExp || typeof value === 'function';
}

function notAnErrorClass(value: { name: string }): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_BAD_ERROR_EXPECTATION',
    `thenError() got the class ${value.name || '(anonymous)'}, which does not extend Error, so nothing decide ` +
      `throws can be an instance of it. Make it extend Error (class ${value.name || 'MyError'} extends Error), ` +
      'or check the thrown error with a predicate: thenError((error) => …).',
  );
}

function tooManyArguments(count: number): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_BAD_ERROR_EXPECTATION',
    `thenError() takes at most two arguments (an Error class and a message check), but got ${count}. ` +
      'Write thenError(OutOfStock, "sku-1"); to check more, use a predicate: ' +
      'thenError(OutOfStock, (error) => error.message.includes("a") && error.message.includes("b")).',
  );
}

function badArgument(value: unknown): EventspecUsageError {
  return new EventspecUsageError(
    'EVENTSPEC_SPEC_BAD_ERROR_EXPECTATION',
    `thenError() got ${typeof value} where it takes an Error class and/or a message check. ` +
      'Write thenError(), thenError(OutOfStock), thenError(OutOfStock, "sku-1"), thenError(/sku-\\d/) ' +
      'or thenError(OutOfStock, (error) => error.sku === "sku-1").',
  );
}
