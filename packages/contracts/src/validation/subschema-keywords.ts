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
