import type { Alternative } from './alternative.js';
import { dialectOfRoot } from './dialect-keywords.js';
import { forbidsAll, propertyNodes } from './effective.js';
import { exampleOf } from './example-of.js';
import type { ObjectContext } from './object-context.js';
import { broken, merge, type Outcome, proven, unproven } from './outcome.js';
import { hasRef, jsonEqual, type SchemaNode, stripAnnotations } from './schema-node.js';

/**
 * `dependentRequired` / `dependentSchemas` (and draft-07 `dependencies`) of the superset side. A rule
 * holds when the subset has the same rule, requires the dependent name, or never has the trigger; a
 * dependent schema also holds when every subset object with the trigger is proven to match it.
 * Otherwise a counterexample is an object with the trigger and without what the rule asks.
 */
export function compareDependencies(context: ObjectContext, a: Alternative, b: Alternative): Outcome {
  const outcomes: Outcome[] = [];
  for (const [name, needs] of b.dependentRequired) {
    if (forbidsAll(propertyNodes(a, name))) continue;
    for (const need of needs) {
      if (need === name || a.required.has(need) || impliedBy(a, name).has(need)) continue;
      const candidate = withTrigger(context, a, name);
      if (candidate !== undefined) delete candidate[need];
      outcomes.push(
        context.check(
          'dependent-required-added',
          `when "${name}" is present, "${need}" is required`,
          candidate === undefined ? [] : [candidate],
        ),
      );
    }
  }
  for (const [name, node] of b.dependentSchemas) {
    if (forbidsAll(propertyNodes(a, name))) continue;
    if (a.dependentSchemas.some(([n, x]) => n === name && sameNode(x, node))) continue;
    outcomes.push(compareDependentSchema(context, name, node));
  }
  return merge(...outcomes);
}

/** The names the subset requires whenever `name` is present (its `dependentRequired`, followed transitively). */
function impliedBy(a: Alternative, name: string): Set<string> {
  const implied = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const [trigger, needs] of a.dependentRequired) {
      if (trigger !== current) continue;
      for (const need of needs) {
        if (implied.has(need)) continue;
        implied.add(need);
        stack.push(need);
      }
    }
  }
  return implied;
}

/** The base object with the trigger property (and what the subset's own rules require with it). */
function withTrigger(
  context: ObjectContext,
  a: Alternative,
  name: string,
): Record<string, unknown> | undefined {
  const object: Record<string, unknown> = { ...context.base() };
  for (const key of [name, ...impliedBy(a, name)]) {
    if (key in object) continue;
    const value = exampleOf(context.checker, propertyNodes(a, key), 1);
    if (value === undefined) return undefined;
    object[key] = value;
  }
  return object;
}

const triggers = new Map<string, SchemaNode>();

/** A node requiring one property, stable per name (the checker memoises by node identity). */
function triggerNode(name: string): SchemaNode {
  let node = triggers.get(name);
  if (node === undefined) {
    const schema = { required: [name] };
    node = { schema, root: schema };
    triggers.set(name, node);
  }
  return node;
}

function compareDependentSchema(context: ObjectContext, name: string, node: SchemaNode): Outcome {
  const { checker, level } = context;
  const detail = `when "${name}" is present, the object must match dependentSchemas["${name}"]`;
  const outcome = checker.includes([...level.sub, triggerNode(name)], [node]);
  if (outcome.breaks.length === 0 && outcome.unproven.length === 0) return proven;
  const breaks = outcome.breaks
    .map((b) => ({ ...b, witnesses: checker.witnesses(level, b.witnesses) }))
    .filter((b) => b.witnesses.length > 0);
  if (breaks.length > 0)
    return {
      breaks: breaks.map((b) => ({
        ...b,
        rule: 'dependent-schema-added',
        detail: `${detail}: ${b.detail}`,
      })),
      unproven: [],
    };
  const candidates = outcome.breaks.flatMap((b) => b.witnesses);
  const direct = checker.witnesses(level, candidates);
  if (direct.length > 0) return broken('dependent-schema-added', detail, direct);
  if (outcome.unproven.length > 0)
    return {
      breaks: [],
      unproven: outcome.unproven.map((u) => ({ ...u, reason: `${detail}: ${u.reason}` })),
    };
  return unproven(`${detail}, but no object accepted by one schema and rejected by the other was found`);
}

function sameNode(x: SchemaNode, y: SchemaNode): boolean {
  if (dialectOfRoot(x.root) !== dialectOfRoot(y.root)) return false;
  if (!jsonEqual(stripAnnotations(x.schema), stripAnnotations(y.schema))) return false;
  return !hasRef(y.schema) || jsonEqual(x.root, y.root);
}
