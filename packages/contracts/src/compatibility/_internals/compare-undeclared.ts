import type { Alternative } from './alternative.js';
import { forbidsAll, matchesPattern } from './effective.js';
import { patternSamples } from './examples.js';
import { type ObjectContext, retag } from './object-context.js';
import { lift, merge, type Outcome, unproven } from './outcome.js';
import type { SchemaNode } from './schema-node.js';

const maxPatterns = 6;
const probes = ['undeclaredProperty', 'x_extra', 'zz', '_', 'A b', '0', 'x-extra', 'X', 'a1', '$x'];

/**
 * The properties neither side declares by name. Such a name is constrained only by which
 * `patternProperties` patterns (of either side) it matches, so names fall into regions, one per set of
 * matched patterns, and every name of a region meets the same schemas. Each region is compared once:
 * proven for all its names, or broken with a sample name of that region; a region whose comparison fails
 * and where no name can be found stays "cannot prove", naming the patterns.
 */
export function compareUndeclared(
  context: ObjectContext,
  a: Alternative,
  b: Alternative,
  declared: ReadonlySet<string>,
): Outcome {
  const { checker } = context;
  const patterns = [
    ...new Set([...a.objects, ...b.objects].flatMap((shape) => shape.patterns.map(([p]) => p))),
  ];
  if (patterns.length > maxPatterns)
    return unproven(
      `more than ${maxPatterns} patternProperties patterns (${patterns.length}): their overlaps are not analysed`,
    );
  const names = [...probes, ...patterns.flatMap((p) => patternSamples(p))].filter((n) => !declared.has(n));
  const outcomes: Outcome[] = [];
  for (let mask = 0; mask < 1 << patterns.length; mask++) {
    const matched = patterns.filter((_, i) => (mask & (1 << i)) !== 0);
    const sub = regionNodes(a, matched);
    if (forbidsAll(sub)) continue;
    const sup = regionNodes(b, matched);
    let outcome = checker.includes(sub, sup);
    if (outcome.breaks.length === 0 && outcome.unproven.length === 0) continue;
    const name = names.find((n) => patterns.every((p) => matchesPattern(p, n) === matched.includes(p)));
    const region =
      matched.length === 0
        ? 'properties matching no pattern'
        : `properties matching ${matched.map((p) => `/${p}/`).join(' and ')}${matched.length < patterns.length ? ' only' : ''}`;
    if (name === undefined) {
      outcomes.push(
        unproven(`${region} may be rejected, but no such property name was found (patternProperties)`),
      );
      continue;
    }
    if (forbidsAll(sup))
      outcome = retag(
        outcome,
        'closed-content-model',
        matched.length === 0
          ? 'properties that were not declared are rejected (closed content model)'
          : `${region} are rejected (closed content model)`,
        true,
      );
    outcomes.push(lift(outcome, name, context.embed(name)));
  }
  return merge(...outcomes);
}

/** The schemas a property name must meet in an alternative when it matches exactly these patterns and is not declared. */
function regionNodes(alt: Alternative, matched: readonly string[]): SchemaNode[] {
  const nodes: SchemaNode[] = [];
  for (const shape of alt.objects) {
    const own = shape.patterns.filter(([p]) => matched.includes(p));
    if (own.length > 0) nodes.push(...own.map(([, node]) => node));
    else if (shape.additional) nodes.push(shape.additional);
  }
  return nodes;
}
