import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { EventspecUsageError } from '@eventspec/core/internal';

type ParserModule = Pick<typeof import('@asyncapi/parser'), 'Parser'>;

const install =
  'install @asyncapi/parser to use AsyncAPI documents (loadAsyncApi, asyncApiFromText, *.asyncapi.yaml files in a contracts folder): npm install --save-dev @asyncapi/parser';

let entry: string | undefined;

/** The file `@asyncapi/parser` resolves to from here (resolved once per process); throws when not installed. */
export function parserEntry(): string {
  entry ??= createRequire(import.meta.url).resolve('@asyncapi/parser');
  return entry;
}

/**
 * Imports the optional `@asyncapi/parser`; when it is not installed, a usage error that says to install it
 * instead of Node's ERR_MODULE_NOT_FOUND.
 */
export async function loadParser(
  importer: () => Promise<ParserModule> = () => import(pathToFileURL(parserEntry()).href),
): Promise<ParserModule> {
  try {
    return await importer();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new EventspecUsageError(
      'EVENTSPEC_ASYNCAPI_PARSER_MISSING',
      `${install[0]!.toUpperCase()}${install.slice(1)}.`,
      {
        cause: error,
      },
    );
  }
}
