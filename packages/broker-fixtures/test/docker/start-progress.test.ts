import { describe, expect, test } from 'vitest';
import { type StartProgress, stderrProgress } from '../../src/index.js';

const event = (phase: StartProgress['phase'], elapsedMs: number): StartProgress => ({
  broker: 'kafka',
  image: 'apache/kafka:4.1.1',
  phase,
  strategy: 'log line /Kafka Server started/',
  elapsedMs,
});

describe('start progress', () => {
  test('a long start reports the image, the wait strategy and the time elapsed, then ready', () => {
    const lines: string[] = [];
    const report = stderrProgress((line) => lines.push(line));
    for (const [phase, ms] of [
      ['image', 0],
      ['starting', 40],
      ['waiting', 2000],
      ['waiting', 4000],
      ['ready', 5230],
    ] as const) {
      report(event(phase, ms));
    }
    expect(lines.join('')).toMatchInlineSnapshot(`
      "[eventspec] kafka apache/kafka:4.1.1: waiting (log line /Kafka Server started/) — 2.0 s
      [eventspec] kafka apache/kafka:4.1.1: waiting (log line /Kafka Server started/) — 4.0 s
      [eventspec] kafka apache/kafka:4.1.1: ready — 5.2 s
      "
    `);
  });

  test('a quick start stays silent', () => {
    const lines: string[] = [];
    const report = stderrProgress((line) => lines.push(line));
    report(event('image', 0));
    report(event('starting', 10));
    report(event('ready', 900));
    expect(lines).toEqual([]);
  });
});
