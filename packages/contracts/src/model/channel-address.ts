import type { Channel, ChannelParameter } from './contract.js';

/** The topic or exchange of a channel, as written (an address template keeps its `{param}` segments). */
export function channelName(channel: Channel): string {
  return channel.kind === 'topic' ? channel.topic : channel.exchange;
}

const patterns = new WeakMap<Channel, { regex: RegExp; names: string[] }>();

function addressPattern(channel: Channel & { kind: 'topic' }): { regex: RegExp; names: string[] } {
  let pattern = patterns.get(channel);
  if (pattern === undefined) {
    const names: string[] = [];
    const parts = channel.topic.split(/(\{[^{}]+\})/);
    const source = parts
      .map((part, i) => {
        if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        const name = part.slice(1, -1);
        names.push(name);
        const values = channel.parameters?.[name]?.enum;
        return Array.isArray(values)
          ? `(${values.map((v) => String(v).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`
          : '(.+?)';
      })
      .join('');
    pattern = { regex: new RegExp(`^${source}$`, 'u'), names };
    patterns.set(channel, pattern);
  }
  return pattern;
}

/** Whether a parameter value satisfies what its definition says: `enum`, `const`, `pattern`. */
function parameterAccepts(parameter: ChannelParameter | undefined, value: string): boolean {
  if (parameter === undefined) return true;
  if (Array.isArray(parameter.enum) && !parameter.enum.map(String).includes(value)) return false;
  if (parameter.const !== undefined && String(parameter.const) !== value) return false;
  if (typeof parameter.pattern === 'string' && !new RegExp(parameter.pattern, 'u').test(value)) return false;
  return true;
}

/**
 * Whether a concrete destination is on the channel: equal to its topic or exchange, or — for an AsyncAPI
 * address template (`lights.{streetlightId}.on`) — each `{param}` filled with a value its parameter accepts.
 */
export function channelMatches(channel: Channel, destination: string): boolean {
  if (channel.kind === 'exchange' || channel.parameters === undefined)
    return channelName(channel) === destination;
  const { regex, names } = addressPattern(channel);
  const match = regex.exec(destination);
  if (match === null) return false;
  return names.every(
    (name, i) => match[i + 1] !== '' && parameterAccepts(channel.parameters?.[name], match[i + 1]!),
  );
}

/** The channel in words, for a violation: `"lights.{id}.on" (id: one of "a", "b")`. */
export function describeChannel(channel: Channel): string {
  const name = JSON.stringify(channelName(channel));
  if (channel.kind === 'exchange' || channel.parameters === undefined) return name;
  const rules = Object.entries(channel.parameters)
    .map(([param, def]) => {
      if (Array.isArray(def.enum))
        return `${param}: one of ${def.enum.map((v) => JSON.stringify(v)).join(', ')}`;
      if (typeof def.pattern === 'string') return `${param}: matching /${def.pattern}/`;
      return undefined;
    })
    .filter((r) => r !== undefined);
  return rules.length > 0 ? `${name} (${rules.join('; ')})` : name;
}
