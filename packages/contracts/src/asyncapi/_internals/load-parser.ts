import { EventspecUsageError } from '@eventspec/core';

type ParserModule = Pick<typeof import('@asyncapi/parser'), 'Parser'>;

const install =
  'install @asyncapi/parser to use AsyncAPI documents (loadAsyncApi, asyncApiFromText, *.asyncapi.yaml files in a contracts folder): npm install --save-dev @asyncapi/parser';

/**
 * Imports the optional `@asyncapi/parser`; when it is not installed, a usage error that says to install it
 * instead of Node's ERR_MODULE_NOT_FOUND.
 */
export async function loadParser(
  importer: () => Promise<ParserModule> = () => import('@asyncapi/parser'),
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
