import type { ChannelParameter, ContractOperation } from '../../model/contract.js';

type Json = Record<string, unknown>;

/** A channel as eventspec reads it, from an AsyncAPI 2.x or 3.0 document. */
export interface DocumentChannel {
  /** The channel's key in the document (its address, in 2.x). */
  id: string;
  address: string | undefined;
  /** What each `{param}` of the address accepts (2.x: the parameter's `schema`). */
  parameters: Record<string, ChannelParameter> | undefined;
  bindings: Json | undefined;
  /** The raw channel object: 3.0 messages, and where `x-eventspec-*` fields must not be. */
  object: Json;
}

/** One message of one channel, with the place it is written and what the application does with it. */
export interface DocumentMessage {
  channel: DocumentChannel;
  message: Json;
  /** The path of the message in the dereferenced document: `['channels', 'orders', 'messages', 'placed']`. */
  path: string[];
  operations: ContractOperation[];
}

/**
 * Every message of every channel of a dereferenced AsyncAPI document, 2.x or 3.0, with the operations that
 * send or receive it. In 2.x a channel's `subscribe` operation means the application sends (others
 * subscribe to it), `publish` that it receives; its `message` may be a `oneOf` list.
 */
export function documentMessages(json: Json, major: 2 | 3): DocumentMessage[] {
  const application = String((json.info as Json | undefined)?.title ?? 'the application');
  const channels = Object.entries((json.channels ?? {}) as Record<string, Json>);
  return major === 3
    ? channels.flatMap(([id, channel]) => messagesV3(json, id, channel, application))
    : channels.flatMap(([id, channel]) => messagesV2(id, channel, application));
}

function messagesV3(json: Json, id: string, object: Json, application: string): DocumentMessage[] {
  const channel: DocumentChannel = {
    id,
    address: typeof object.address === 'string' ? object.address : undefined,
    parameters: parametersOf(object.parameters, (p) => p),
    bindings: object.bindings as Json | undefined,
    object,
  };
  // An operation on this channel; or one whose reply travels here (the reply goes the other way).
  const operations = Object.entries((json.operations ?? {}) as Record<string, Json>).flatMap(
    ([operation, op]): [string, Json][] => {
      if (op.channel === object) return [[operation, op]];
      const reply = op.reply as Json | undefined;
      if (reply?.channel !== object) return [];
      const action = op.action === 'send' ? 'receive' : op.action === 'receive' ? 'send' : op.action;
      return [[`${operation} (reply)`, { action, messages: reply.messages }]];
    },
  );
  return Object.entries((object.messages ?? {}) as Record<string, Json>).map(([key, message]) => ({
    channel,
    message,
    path: ['channels', id, 'messages', key],
    operations: operations
      .filter(([, op]) => !Array.isArray(op.messages) || op.messages.includes(message))
      .flatMap(([operation, op]) =>
        op.action === 'send' || op.action === 'receive'
          ? [{ action: op.action, application, operation }]
          : [],
      ),
  }));
}

function messagesV2(id: string, object: Json, application: string): DocumentMessage[] {
  const channel: DocumentChannel = {
    id,
    address: id,
    parameters: parametersOf(object.parameters, (p) => (p.schema ?? {}) as Json),
    bindings: object.bindings as Json | undefined,
    object,
  };
  const found: DocumentMessage[] = [];
  for (const [verb, action] of [
    ['subscribe', 'send'],
    ['publish', 'receive'],
  ] as const) {
    const operation = object[verb] as Json | undefined;
    if (operation?.message === undefined) continue;
    const base = ['channels', id, verb, 'message'];
    const message = operation.message as Json;
    const list: [Json, string[]][] = Array.isArray(message.oneOf)
      ? (message.oneOf as Json[]).map((m, i) => [m, [...base, 'oneOf', String(i)]])
      : [[message, base]];
    const named = { action, application, operation: String(operation.operationId ?? `${verb} ${id}`) };
    for (const [m, path] of list) {
      const twin = found.find((f) => f.message === m);
      if (twin) twin.operations.push(named);
      else found.push({ channel, message: m, path, operations: [named] });
    }
  }
  return found;
}

function parametersOf(
  raw: unknown,
  definition: (parameter: Json) => Json,
): Record<string, ChannelParameter> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const parameters: Record<string, ChannelParameter> = {};
  for (const [name, parameter] of Object.entries(raw as Record<string, Json>)) {
    const def = definition(parameter);
    const read: ChannelParameter = {};
    if (Array.isArray(def.enum)) read.enum = def.enum;
    if (def.const !== undefined) read.const = def.const;
    if (typeof def.pattern === 'string') read.pattern = def.pattern;
    if (typeof parameter.description === 'string') read.description = parameter.description;
    parameters[name] = read;
  }
  return parameters;
}
