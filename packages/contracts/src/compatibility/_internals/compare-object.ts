import type { Alternative } from './alternative.js';
import type { Checker, Level } from './checker.js';
import { declaresProperty, forbidsAll, matchesPattern, propertyNodes } from './effective.js';
import { exampleOf, objectExample } from './example-of.js';
import { patternSamples } from './examples.js';
import { broken, lift, merge, type Outcome, unproven } from './outcome.js';
import type { SchemaNode } from './schema-node.js';

/** Object inclusion: required, property counts, each property, and the properties nobody declared. */
export function compareObject(checker: Checker, level: Level, a: Alternative, b: Alternative): Outcome {
  let cached: Record<string, unknown> | undefined | null = null;
  const base = () => {
    if (cached === null) cached = objectExample(checker, a, 0);
    return cached ?? {};
  };
  const embed = (name: string) => (w: unknown) => [{ ...base(), [name]: w }];
  const outcomes: Outcome[] = [];
  const check = (rule: string, detail: string, candidates: unknown[]) => {
    const witnesses = checker.witnesses(level, candidates);
    outcomes.push(
      witnesses.length > 0
        ? broken(rule, detail, witnesses)
        : unproven(
            `${detail}, but no value accepted by one schema and rejected by the other was found (${rule})`,
          ),
    );
  };

  for (const name of b.required) {
    if (a.required.has(name)) continue;
    const { [name]: _dropped, ...without } = base();
    check('required-added', `"${name}" is required`, [without]);
  }
  if (b.minProperties > Math.max(a.minProperties, a.required.size)) {
    check('min-properties-raised', `objects must have at least ${b.minProperties} properties`, [base()]);
  }
  if (b.maxProperties !== undefined && (a.maxProperties === undefined || a.maxProperties > b.maxProperties)) {
    const bigger: Record<string, unknown> = { ...base() };
    for (let i = 0; Object.keys(bigger).length <= b.maxProperties && i < b.maxProperties + 2; i++) {
      const value = exampleOf(checker, propertyNodes(a, `extra${i}`), 1);
      if (value !== undefined) bigger[`extra${i}`] = value;
    }
    check('max-properties-lowered', `objects may have at most ${b.maxProperties} properties`, [bigger]);
  }

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
    outcomes.push(lift(outcome, name, embed(name)));
  }
  outcomes.push(compareUndeclared(checker, a, b, names, embed));
  return merge(...outcomes);
}

function compareUndeclared(
  checker: Checker,
  a: Alternative,
  b: Alternative,
  names: ReadonlySet<string>,
  embed: (name: string) => (w: unknown) => unknown[],
): Outcome {
  const aPatterns = [...new Set(a.objects.flatMap((s) => s.patterns.map(([p]) => p)))];
  const bPatterns = [...new Set(b.objects.flatMap((s) => s.patterns.map(([p]) => p)))];
  const all = [...aPatterns, ...bPatterns];
  const fresh = ['undeclaredProperty', 'x_extra', 'zz', '_', 'A b', '0'].find(
    (n) => !names.has(n) && !all.some((p) => matchesPattern(p, n)),
  );
  const outcomes: Outcome[] = [];
  const compare = (name: string, sub: SchemaNode[], sup: SchemaNode[]) => {
    if (forbidsAll(sub)) return;
    let outcome = checker.includes(sub, sup);
    if (forbidsAll(sup))
      outcome = retag(
        outcome,
        'closed-content-model',
        'properties that were not declared are rejected (closed content model)',
        true,
      );
    outcomes.push(lift(outcome, name, embed(name)));
  };
  if (fresh !== undefined) compare(fresh, propertyNodes(a, fresh), propertyNodes(b, fresh));
  else if (all.length > 0)
    outcomes.push(unproven('every probe property name matches a patternProperties pattern'));
  for (const pattern of bPatterns) {
    const name = patternSamples(pattern).find((n) => !names.has(n));
    if (name === undefined) continue;
    const sup = nodesOfPattern(b, pattern);
    if (aPatterns.length === 0 && fresh !== undefined) compare(name, propertyNodes(a, fresh), sup);
    else if (aPatterns.includes(pattern)) compare(name, nodesOfPattern(a, pattern), sup);
    else
      outcomes.push(unproven(`patternProperties "${pattern}" is new and the old schema has other patterns`));
  }
  for (const pattern of aPatterns) {
    if (bPatterns.includes(pattern)) continue;
    const name = patternSamples(pattern).find((n) => !names.has(n));
    if (name === undefined) continue;
    compare(
      name,
      nodesOfPattern(a, pattern),
      b.objects.flatMap((s) => (s.additional ? [s.additional] : [])),
    );
  }
  return merge(...outcomes);
}

function nodesOfPattern(alt: Alternative, pattern: string): SchemaNode[] {
  return alt.objects.flatMap((s) => s.patterns.filter(([p]) => p === pattern).map(([, node]) => node));
}

function retag(outcome: Outcome, rule: string, detail: string, replace = false): Outcome {
  return {
    ...outcome,
    breaks: outcome.breaks.map((b) =>
      b.path.length === 0 ? { ...b, rule, detail: replace ? detail : `${detail}; ${b.detail}` } : b,
    ),
  };
}
