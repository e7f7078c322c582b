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
 * Follows a local `$ref` the parser left in its output (it does when a source file name is given and one
 * object is reached twice), up to 32 hops; anything else comes back as it is.
 */
function follow(root: Json, value: unknown): Json {
  let current = value;
  for (let hop = 0; hop < 32; hop++) {
    const ref = (current as Json | null)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) break;
    current = ref
      .slice(2)
      .split('/')
      .map((part) => decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((at, part) => (at as Json | undefined)?.[part], root);
  }
  return (typeof current === 'object' && current !== null ? current : {}) as Json;
}

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
    const channel = follow(json, operation.channel);
    const action = operation.action;
    if (action !== 'send' && action !== 'receive') continue; // the parser reports it
    const address = channelAddress(channel, file, pointer, problems);
    if (address === undefined) continue;
    const listed = Array.isArray(operation.messages)
      ? (operation.messages as unknown[]).map((m) => follow(json, m))
      : [];
    const ofChannel = Object.entries((channel.messages ?? {}) as Record<string, unknown>).map(
      ([key, message]) => [key, follow(json, message)] as const,
    );
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
    flows.push(...replyFlows(json, operation, address, { application, file, pointer, problems }));
  }
  return flows;
}

/**
 * The reply of a request/reply operation goes the other way: the receiver of the request sends it, the sender
 * receives it, on the reply's channel (the request's when the reply names none). A reply whose address is only
 * known at run time (`address.location`) has no channel to match and is left out.
 */
function replyFlows(
  json: Json,
  operation: Json,
  requestChannel: string,
  at: { application: string; file: string; pointer: string; problems: InputProblem[] },
): DeclaredFlow[] {
  if (operation.reply === undefined) return [];
  const reply = follow(json, operation.reply);
  const channel = reply.channel === undefined ? undefined : follow(json, reply.channel);
  if (channel === undefined && reply.address !== undefined) return [];
  const address = channel === undefined ? requestChannel : channel.address;
  if (typeof address !== 'string' || address === '') return [];
  const listed = Array.isArray(reply.messages) ? (reply.messages as unknown[]) : [];
  const messages = (
    listed.length > 0 ? listed : Object.values((channel?.messages ?? {}) as Record<string, unknown>)
  ).map((message) => follow(json, message));
  const action = operation.action === 'send' ? 'receive' : 'send';
  const flows: DeclaredFlow[] = [];
  for (const [i, message] of messages.entries()) {
    const read = messageOf(message, at.file, `${at.pointer}/reply/messages/${i}`, at.problems);
    if (read)
      flows.push({
        application: at.application,
        action,
        ...read,
        channel: address,
        source: `${at.file}#${at.pointer}/reply`,
      });
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
  for (const [address, raw] of Object.entries((json.channels ?? {}) as Record<string, unknown>)) {
    const channel = follow(json, raw);
    for (const [verb, action] of [
      ['subscribe', 'send'],
      ['publish', 'receive'],
    ] as const) {
      if (channel[verb] === undefined) continue;
      const operation = follow(json, channel[verb]);
      const pointer = `/channels/${pointerPart(address)}/${verb}`;
      const message = operation.message === undefined ? undefined : follow(json, operation.message);
      const messages = Array.isArray(message?.oneOf)
        ? (message.oneOf as unknown[]).map((one) => follow(json, one))
        : message
          ? [message]
          : [];
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
