import { formatInline } from '@eventspec/core/internal';
import type { ErrorObject } from 'ajv';

/** The part of a message a violation is in. */
export type MessagePart = 'data' | 'key' | 'headers' | 'envelope' | 'channel';

/** One way a message breaks its contract: where, what was expected there, and what was found. */
export interface ContractViolation {
  part: MessagePart;
  /** Where in the message, as a user writes it: `data.items[0].price`. */
  path: string;
  /** The JSON Schema keyword that failed (`type`, `required`, `format`, …). */
  keyword: string;
  /** What the contract expects there, in words. */
  expected: string;
  /** What the message holds there (`undefined` when missing). */
  actual: unknown;
  /**
   * For a failed `oneOf` / `anyOf`: the alternative that came closest (fewest violations, the deepest
   * first), 1-based, of how many, with its own violations.
   */
  closest?: { shape: number; of: number; violations: ContractViolation[] };
}

/**
 * Renders a violation on one line: `data.total: expected a number, got "12.50"`; a failed `oneOf` / `anyOf`
 * adds its closest alternative and why that one fails.
 */
export function formatViolation(violation: ContractViolation): string {
  const got =
    violation.keyword === 'required' ? 'it is missing' : `got ${formatInline(violation.actual, 60)}`;
  const { closest } = violation;
  const why = closest
    ? `; closest is shape ${closest.shape} of ${closest.of}, where ${closest.violations.map(formatViolation).join('; ')}`
    : '';
  return `${violation.path}: expected ${violation.expected}, ${got}${why}`;
}

/**
 * Turns ajv's raw error list into violations a user can act on: one per problem; the errors inside a
 * `oneOf` / `anyOf` are kept only for the alternative that came closest.
 */
export function describeAjvErrors(part: MessagePart, errors: readonly ErrorObject[]): ContractViolation[] {
  const combinators = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => `${e.schemaPath}/`);
  const kept = errors.filter(
    (e) => e.keyword !== 'if' && !combinators.some((prefix) => e.schemaPath.startsWith(prefix)),
  );
  return kept.map((error) => {
    const violation = describe(part, error);
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return violation;
    const closest = closestShape(part, error, errors);
    return closest ? { ...violation, closest } : violation;
  });
}

/** The alternative of a failed combinator with the fewest violations (the one reaching deepest on a tie). */
function closestShape(
  part: MessagePart,
  combinator: ErrorObject,
  errors: readonly ErrorObject[],
): ContractViolation['closest'] {
  const prefix = `${combinator.schemaPath}/`;
  const byShape = new Map<number, ErrorObject[]>();
  for (const error of errors) {
    if (!error.schemaPath.startsWith(prefix)) continue;
    const shape = Number(error.schemaPath.slice(prefix.length).split('/')[0]);
    if (!Number.isInteger(shape)) continue;
    byShape.set(shape, [...(byShape.get(shape) ?? []), error]);
  }
  if (byShape.size === 0) return undefined;
  const of = Array.isArray(combinator.schema) ? combinator.schema.length : byShape.size;
  const depth = (list: ErrorObject[]) => Math.max(...list.map((e) => e.instancePath.split('/').length));
  const [shape, shapeErrors] = [...byShape].sort(
    ([a, x], [b, y]) => x.length - y.length || depth(y) - depth(x) || a - b,
  )[0]!;
  return { shape: shape + 1, of, violations: describeAjvErrors(part, shapeErrors) };
}

function describe(part: MessagePart, error: ErrorObject): ContractViolation {
  const params = error.params as Record<string, unknown>;
  const segments = pointerSegments(error.instancePath);
  let actual: unknown = error.data;
  let expected: string;
  switch (error.keyword) {
    case 'type':
      expected = article(String(params.type).replace(/,/g, ' or '));
      break;
    case 'required':
      segments.push(String(params.missingProperty));
      expected = 'a value (the property is required)';
      actual = undefined;
      break;
    case 'additionalProperties':
      segments.push(String(params.additionalProperty));
      expected = 'no such property (the contract does not allow additional properties)';
      actual = (error.data as Record<string, unknown>)[String(params.additionalProperty)];
      break;
    case 'enum':
      expected = `one of ${(params.allowedValues as unknown[]).map((v) => formatInline(v, 30)).join(', ')}`;
      break;
    case 'const':
      expected = `exactly ${formatInline(params.allowedValue, 60)}`;
      break;
    case 'format':
      expected = `a string in "${params.format}" format`;
      break;
    case 'pattern':
      expected = `a string matching /${params.pattern}/`;
      break;
    case 'anyOf':
    case 'oneOf': {
      const passing = params.passingSchemas as number[] | null | undefined;
      expected = Array.isArray(passing)
        ? `a value matching exactly one of the allowed shapes, but it matches shapes ${passing.map((i) => i + 1).join(' and ')}`
        : `a value matching ${error.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the allowed shapes`;
      break;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      expected = `a number ${params.comparison} ${params.limit}`;
      break;
    case 'multipleOf':
      expected = `a multiple of ${params.multipleOf}`;
      break;
    case 'minLength':
    case 'maxLength':
      expected = `a string of ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${params.limit} characters`;
      break;
    case 'minItems':
    case 'maxItems':
      expected = `an array of ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${params.limit} items`;
      break;
    case 'minProperties':
    case 'maxProperties':
      expected = `an object with ${error.keyword === 'minProperties' ? 'at least' : 'at most'} ${params.limit} properties`;
      break;
    case 'uniqueItems':
      expected = `unique items (items ${params.j} and ${params.i} are equal)`;
      break;
    case 'false schema':
      expected = 'nothing here (the schema forbids any value)';
      break;
    default:
      expected = error.message ? error.message.replace(/^must /, 'a value that must ') : error.keyword;
  }
  return { part, path: renderPath(part, segments), keyword: error.keyword, expected, actual };
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** JSON pointer → segments, unescaping `~1` and `~0`. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Renders `data` + segments as `data.items[0].price`. */
export function renderPath(root: string, segments: readonly (string | number)[]): string {
  let text = root;
  for (const segment of segments) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
