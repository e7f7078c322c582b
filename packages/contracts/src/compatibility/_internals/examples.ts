import fc from 'fast-check';
import type { Alternative, JsonType } from './alternative.js';

/** A valid sample of each format ajv-formats asserts. */
export const formatSamples: Readonly<Record<string, string>> = {
  'date-time': '2024-01-02T03:04:05Z',
  'iso-date-time': '2024-01-02T03:04:05Z',
  date: '2024-01-02',
  time: '03:04:05Z',
  'iso-time': '03:04:05Z',
  duration: 'P1D',
  email: 'a@example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/a',
  'uri-reference': '/a',
  'uri-template': 'https://example.com/{a}',
  url: 'https://example.com/a',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  'json-pointer': '/a',
  'relative-json-pointer': '0',
  regex: '^a$',
  byte: 'YQ==',
  int32: '1',
  int64: '1',
  float: '1.5',
  double: '1.5',
  password: 'secret',
  binary: 'a',
};

const generic = ['', 'a', 'A', '0', ' ', 'x y', 'é', 'a-1', 'ab', 'not-a-valid-value', 'a@b', '2024-13-45'];

/** Samples of strings matching a pattern (seeded, so a run is reproducible). */
export function patternSamples(pattern: string, count = 12): string[] {
  try {
    const samples = fc.sample(fc.stringMatching(new RegExp(pattern, 'u')), {
      numRuns: count * 3,
      seed: 20_260_101,
    });
    const unreadable = (s: string) => s.replace(/[A-Za-z0-9_-]/g, '').length;
    return [...new Set(samples)]
      .sort((a, b) => unreadable(a) - unreadable(b) || a.length - b.length)
      .slice(0, count);
  } catch {
    return [];
  }
}

/** String candidates around both schemas' lengths, formats and patterns. */
export function stringCandidates(a: Alternative, others: readonly Alternative[] = []): string[] {
  const out = new Set<string>(generic);
  const lengths = new Set<number>([0, 1, 2, a.minLength, a.minLength + 1]);
  if (a.maxLength !== undefined) lengths.add(a.maxLength).add(Math.max(0, a.maxLength - 1));
  for (const b of others) {
    lengths.add(Math.max(0, b.minLength - 1));
    if (b.maxLength !== undefined) lengths.add(b.maxLength + 1);
  }
  for (const n of lengths) if (n <= 10_000) out.add('a'.repeat(n));
  for (const f of [...a.formats, ...others.flatMap((b) => b.formats)]) {
    const sample = formatSamples[f];
    if (sample !== undefined) out.add(sample);
  }
  for (const p of [...a.patterns, ...others.flatMap((b) => b.patterns)]) {
    for (const s of patternSamples(p)) {
      out.add(s);
      for (const n of lengths) if (s.length < n && n <= 10_000) out.add(s + 'a'.repeat(n - s.length));
    }
  }
  return [...out];
}

/** Number candidates around both schemas' bounds and multiples; integers only when `type` is `integer`. */
export function numberCandidates(a: Alternative, others: readonly Alternative[], type: JsonType): number[] {
  const points = [0, 1, -1, 2, 10, 100, 1_000_000, -1_000_000, 0.5, -0.5, 1.5, 2.25];
  const bounds: number[] = [];
  for (const alt of [a, ...others]) {
    if (alt.minimum) bounds.push(alt.minimum.value);
    if (alt.maximum) bounds.push(alt.maximum.value);
    for (const m of alt.multipleOf) points.push(m, 2 * m, 3 * m, 1.5 * m, m / 2);
  }
  for (const p of bounds)
    points.push(p, p - 1, p + 1, p - 0.5, p + 0.5, p - 0.001, p + 0.001, Math.floor(p), Math.ceil(p));
  for (const m of a.multipleOf) {
    for (const p of bounds) {
      const k = Math.floor(p / m);
      points.push((k - 1) * m, k * m, (k + 1) * m, (k + 2) * m);
    }
  }
  if (a.minimum && a.maximum) points.push((a.minimum.value + a.maximum.value) / 2);
  const unique = [...new Set(points.filter((n) => Number.isFinite(n)))];
  const wanted = type === 'integer' ? unique.filter(Number.isInteger) : unique;
  if (type === 'number') wanted.sort((x, y) => Number(Number.isInteger(x)) - Number(Number.isInteger(y)));
  return wanted;
}
