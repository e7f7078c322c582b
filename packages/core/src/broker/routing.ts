import type { ExchangeType } from './broker.js';

/**
 * Whether a binding `pattern` routes `routingKey` on an exchange of `type`: exact match on `direct`,
 * dot-separated words with `*` (one word) and `#` (zero or more words) on `topic`, always on `fanout`.
 */
export function routes(type: ExchangeType, pattern: string, routingKey: string): boolean {
  if (type === 'fanout') return true;
  if (type === 'direct') return pattern === routingKey;
  return matchWords(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function matchWords(pattern: string[], p: number, words: string[], w: number): boolean {
  if (p === pattern.length) return w === words.length;
  const part = pattern[p];
  if (part === '#') {
    for (let skip = w; skip <= words.length; skip++) if (matchWords(pattern, p + 1, words, skip)) return true;
    return false;
  }
  if (w === words.length) return false;
  return (part === '*' || part === words[w]) && matchWords(pattern, p + 1, words, w + 1);
}
