import type { InputProblem } from '../../model/contract-errors.js';
import type { DeclaredFlow } from '../declared-topology.js';

type Json = Record<string, unknown>;

/** The application of a parsed AsyncAPI document and the flows its operations declare, or what is wrong. */
export interface ReadOperations {
  application: string;
  flows: DeclaredFlow[];
  problems: InputProblem[];
}

const pointerPart = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Reads the operations of a document the AsyncAPI parser has validated and dereferenced (`document.json()`).
 * AsyncAPI 2.x operations are named from the other side: `subscribe` is what the application sends (others
 * subscribe to it) and `publish` what it receives (others publish it to the application).
 */
export function readOperations(json: Json, file: string): ReadOperations {
  const problems: InputProblem[] = [];
  const info = (json.info ?? {}) as Json;
  const application = json['x-eventspec-application'] ?? info['x-eventspec-application'] ?? info.title;
  if (typeof application !== 'string' || application.trim() === '') {
    problems.push({
      file,
      pointer: '/info/title',
      message: 'the document names no application: set info.title or x-eventspec-application',
    });
  }
  const version = String(json.asyncapi ?? '');
  const flows = version.startsWith('3.')
    ? readVersion3(json, file, String(application), problems)
    : version.startsWith('2.')
      ? readVersion2(json, file, String(application), problems)
      : [];
  if (!version.startsWith('3.') && !version.startsWith('2.'))
    problems.push({
      file,
      pointer: '/asyncapi',
      message: `AsyncAPI ${version} is not supported; write an AsyncAPI 3 or 2.x document`,
    });
  return { application: String(application), flows, problems };
}

function readVersion3(
  json: Json,
  file: string,
  application: string,
  problems: InputProblem[],
): DeclaredFlow[] {
  const flows: DeclaredFlow[] = [];
  for (const [id, operation] of Object.entries((json.operations ?? {}) as Record<string, Json>)) {
    const pointer = `/operations/${pointerPart(id)}`;
    const channel = (operation.channel ?? {}) as Json;
    const action = operation.action;
    if (action !== 'send' && action !== 'receive') continue; // the parser reports it
    const address = channelAddress(channel, file, pointer, problems);
    if (address === undefined) continue;
    const listed = Array.isArray(operation.messages) ? (operation.messages as Json[]) : [];
    const ofChannel = Object.entries((channel.messages ?? {}) as Record<string, Json>);
    const messages = listed.length > 0 ? listed : ofChannel.map(([, message]) => message);
    if (messages.length === 0)
      problems.push({
        file,
        pointer,
        message: `operation "${id}" has no message: list its messages, or give its channel messages`,
      });
    for (const [i, message] of messages.entries()) {
      const at =
        listed.length > 0
          ? `${pointer}/messages/${i}`
          : `${pointer}/channel/messages/${pointerPart(ofChannel[i]![0])}`;
      const read = messageOf(message, file, at, problems);
      if (read) flows.push({ application, action, ...read, channel: address, source: `${file}#${pointer}` });
    }
  }
  return flows;
}

function readVersion2(
  json: Json,
  file: string,
  application: string,
  problems: InputProblem[],
): DeclaredFlow[] {
  const flows: DeclaredFlow[] = [];
  for (const [address, channel] of Object.entries((json.channels ?? {}) as Record<string, Json>)) {
    for (const [verb, action] of [
      ['subscribe', 'send'],
      ['publish', 'receive'],
    ] as const) {
      const operation = channel[verb] as Json | undefined;
      if (operation === undefined) continue;
      const pointer = `/channels/${pointerPart(address)}/${verb}`;
      const message = (operation.message ?? undefined) as Json | undefined;
      const messages = Array.isArray(message?.oneOf) ? (message.oneOf as Json[]) : message ? [message] : [];
      if (messages.length === 0)
        problems.push({ file, pointer, message: `the ${verb} operation of "${address}" has no message` });
      for (const [i, one] of messages.entries()) {
        const at = Array.isArray(message?.oneOf) ? `${pointer}/message/oneOf/${i}` : `${pointer}/message`;
        const read = messageOf(one, file, at, problems);
        if (read)
          flows.push({ application, action, ...read, channel: address, source: `${file}#${pointer}` });
      }
    }
  }
  return flows;
}

function channelAddress(
  channel: Json,
  file: string,
  pointer: string,
  problems: InputProblem[],
): string | undefined {
  if (typeof channel.address === 'string' && channel.address !== '') return channel.address;
  problems.push({
    file,
    pointer: `${pointer}/channel`,
    message:
      'the channel has no address, so no topic can be matched against it: give the channel an address (a template like "orders.{orderId}" is fine)',
  });
  return undefined;
}

function messageOf(
  message: Json,
  file: string,
  pointer: string,
  problems: InputProblem[],
): { type: string; version: number } | undefined {
  // As the contract loader names a message: its `name`, else its id (the parser's `x-parser-*` names it by its key).
  const type =
    message.name ??
    message.messageId ??
    message['x-parser-unique-object-id'] ??
    message['x-parser-message-name'];
  const version = message['x-eventspec-version'] ?? 1;
  if (typeof type !== 'string' || !/^[A-Za-z_][\w.:-]*$/.test(type)) {
    problems.push({
      file,
      pointer,
      message: 'the message needs a "name" like "OrderPlaced" (its contract type)',
    });
    return undefined;
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    problems.push({
      file,
      pointer: `${pointer}/x-eventspec-version`,
      message: `message "${type}": "x-eventspec-version" is ${JSON.stringify(version)}, but it must be a positive integer (the contract version, 1 when absent)`,
    });
    return undefined;
  }
  return { type, version };
}
