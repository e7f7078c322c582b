import type { Alternative } from './alternative.js';
import type { Checker, Level } from './checker.js';
import { compareDependencies } from './compare-dependencies.js';
import { compareUndeclared } from './compare-undeclared.js';
import { declaresProperty, forbidsAll, propertyNodes } from './effective.js';
import { exampleOf, objectExample } from './example-of.js';
import { type ObjectContext, retag } from './object-context.js';
import { broken, lift, merge, type Outcome, unproven } from './outcome.js';

/** Object inclusion: required, property counts, dependencies, each property, and the properties nobody declared. */
export function compareObject(checker: Checker, level: Level, a: Alternative, b: Alternative): Outcome {
  let cached: Record<string, unknown> | undefined | null = null;
  const base = () => {
    if (cached === null) cached = objectExample(checker, a, 0);
    return cached ?? {};
  };
  // The object a witness found at `name` is embedded in: the other required properties only (`name` is the
  // witness; building its example too cost 8 levels of examples per level of a deep schema).
  const around = new Map<string, Record<string, unknown>>();
  const baseAround = (name: string) => {
    if (a.dependentRequired.length > 0 || a.dependentSchemas.length > 0) return base();
    let found = around.get(name);
    if (found === undefined) {
      found = objectExample(checker, a, 0, name) ?? {};
      around.set(name, found);
    }
    return found;
  };
  const context: ObjectContext = {
    checker,
    level,
    base,
    embed: (name) => (w) => [{ ...baseAround(name), [name]: w }],
    check: (rule, detail, candidates) => {
      const witnesses = checker.witnesses(level, candidates);
      return witnesses.length > 0
        ? broken(rule, detail, witnesses)
        : unproven(
            `${detail}, but no value accepted by one schema and rejected by the other was found (${rule})`,
          );
    },
  };
  const outcomes: Outcome[] = [];
  for (const name of b.required) {
    if (a.required.has(name)) continue;
    const { [name]: _dropped, ...without } = base();
    outcomes.push(context.check('required-added', `"${name}" is required`, [without]));
  }
  outcomes.push(compareCounts(context, a, b));
  outcomes.push(compareDependencies(context, a, b));

  const names = new Set<string>([...a.required, ...b.required]);
  for (const shape of [...a.objects, ...b.objects])
    for (const name of shape.properties.keys()) names.add(name);
  for (const name of names) {
    const sub = propertyNodes(a, name);
    if (forbidsAll(sub)) continue;
    let outcome = checker.includes(sub, propertyNodes(b, name));
    if (!declaresProperty(a, name) && declaresProperty(b, name))
      outcome = retag(
        outcome,
        'open-content-model',
        `"${name}" was not declared before, so old messages may hold any value there (open content model)`,
      );
    else if (declaresProperty(a, name) && !declaresProperty(b, name) && forbidsAll(propertyNodes(b, name)))
      outcome = retag(
        outcome,
        'closed-content-model',
        `"${name}" is not declared and undeclared properties are rejected (closed content model)`,
        true,
      );
    outcomes.push(lift(outcome, name, context.embed(name)));
  }
  outcomes.push(compareUndeclared(context, a, b, names));
  return merge(...outcomes);
}

/** `minProperties` / `maxProperties`: proven from the subset's own counts, required names or closed shape. */
function compareCounts(context: ObjectContext, a: Alternative, b: Alternative): Outcome {
  const { checker, base } = context;
  const outcomes: Outcome[] = [];
  if (b.minProperties > Math.max(a.minProperties, a.required.size)) {
    outcomes.push(
      context.check('min-properties-raised', `objects must have at least ${b.minProperties} properties`, [
        base(),
      ]),
    );
  }
  const most = mostProperties(a);
  if (b.maxProperties !== undefined && (most === undefined || most > b.maxProperties)) {
    const bigger: Record<string, unknown> = { ...base() };
    const declared = a.objects.flatMap((shape) => [...shape.properties.keys()]);
    const names = [...declared, ...Array.from({ length: b.maxProperties + 2 }, (_, i) => `extra${i}`)];
    for (const name of names) {
      if (Object.keys(bigger).length > b.maxProperties) break;
      if (name in bigger) continue;
      const value = exampleOf(checker, propertyNodes(a, name), 1);
      if (value !== undefined) bigger[name] = value;
    }
    outcomes.push(
      context.check('max-properties-lowered', `objects may have at most ${b.maxProperties} properties`, [
        bigger,
      ]),
    );
  }
  return merge(...outcomes);
}

/** The most properties an object of the alternative can have: its `maxProperties`, or a closed shape's names. */
function mostProperties(a: Alternative): number | undefined {
  let most = a.maxProperties;
  for (const shape of a.objects) {
    if (shape.patterns.length > 0 || shape.additional === undefined || !forbidsAll([shape.additional]))
      continue;
    const open = [...shape.properties.entries()].filter(([name]) => !forbidsAll(propertyNodes(a, name)));
    most = most === undefined ? open.length : Math.min(most, open.length);
  }
  return most;
}
