import type { SchemaDialect } from '../../validation/schema-dialect.js';

const jsonSchemaFormat = /^application\/(vnd\.aai\.asyncapi(\+json|\+yaml)?|schema\+json|schema\+yaml)/;
const versionParameter = /;\s*version\s*=\s*([^;\s]+)/;

const versions: Readonly<Record<string, SchemaDialect>> = {
  'draft-04': 'draft-04',
  'draft-06': 'draft-06',
  'draft-07': 'draft-07',
  '2019-09': '2019-09',
  'draft-2019-09': '2019-09',
  '2020-12': '2020-12',
  'draft-2020-12': '2020-12',
};

/**
 * What a payload's `schemaFormat` says of its JSON Schema dialect: the dialect a JSON Schema format's
 * `version` names (`application/schema+json;version=draft-07`); undefined when it names none (an AsyncAPI
 * Schema format, or no version), so the payload's `$schema` or the 2020-12 default decides.
 */
export function dialectOfSchemaFormat(
  format: string,
): SchemaDialect | undefined | 'not json schema' | 'unknown version' {
  if (!jsonSchemaFormat.test(format)) return 'not json schema';
  if (!format.startsWith('application/schema+')) return undefined;
  const version = versionParameter.exec(format)?.[1];
  if (version === undefined) return undefined;
  return versions[version] ?? 'unknown version';
}
