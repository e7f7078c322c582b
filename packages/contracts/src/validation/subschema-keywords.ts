/**
 * Where a JSON Schema (any dialect) holds subschemas: keywords whose value is one schema, a list of schemas
 * (`items` is either, by dialect), or a map of names to schemas. Walkers of schemas read them from here.
 */
export const subschemaKeywords = {
  one: [
    'additionalProperties',
    'additionalItems',
    'items',
    'contains',
    'not',
    'if',
    'then',
    'else',
    'propertyNames',
    'unevaluatedProperties',
    'unevaluatedItems',
  ],
  lists: ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'],
  maps: ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'],
} as const satisfies Record<string, readonly string[]>;

/** Whether `keyword` holds one subschema (as {@link subschemaKeywords} `.one` lists). */
export const holdsOneSchema = (keyword: string): boolean =>
  (subschemaKeywords.one as readonly string[]).includes(keyword);
/** Whether `keyword` holds a list of subschemas. */
export const holdsSchemaList = (keyword: string): boolean =>
  (subschemaKeywords.lists as readonly string[]).includes(keyword);
/** Whether `keyword` holds a map of names to subschemas. */
export const holdsSchemaMap = (keyword: string): boolean =>
  (subschemaKeywords.maps as readonly string[]).includes(keyword);

/** One object subschema of a schema and its JSON pointer (`''` for the root). */
export interface SubschemaAt {
  pointer: string;
  schema: object;
}

/** Every object subschema of `root` (itself included) with its JSON pointer, walked without recursion. */
export function subschemasOf(root: object): SubschemaAt[] {
  const nodes: SubschemaAt[] = [];
  const stack: SubschemaAt[] = [{ pointer: '', schema: root }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (seen.has(current.schema)) continue;
    seen.add(current.schema);
    nodes.push(current);
    for (const [key, value] of Object.entries(current.schema)) {
      const at = `${current.pointer}/${escapePointerToken(key)}`;
      if (holdsSchemaList(key) && Array.isArray(value))
        value.forEach((sub, i) => {
          if (isObjectSchema(sub)) stack.push({ pointer: `${at}/${i}`, schema: sub });
        });
      else if (holdsOneSchema(key) && isObjectSchema(value)) stack.push({ pointer: at, schema: value });
      else if (holdsSchemaMap(key) && isObjectSchema(value))
        for (const [name, sub] of Object.entries(value))
          if (isObjectSchema(sub)) stack.push({ pointer: `${at}/${escapePointerToken(name)}`, schema: sub });
    }
  }
  return nodes;
}

/** A key as one token of a JSON pointer (`~` and `/` escaped). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObjectSchema(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
