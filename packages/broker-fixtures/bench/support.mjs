// Timing helpers for the broker benchmarks: wall-clock medians (these are I/O bound, not CPU bound).

/** Runs `fn` `times` times, sequentially; returns the durations in ms. */
export async function timeEach(times, fn) {
  const durations = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn(i);
    durations.push(performance.now() - start);
  }
  return durations;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Prints rows `{ name, samples, median, p90, ratio }` as a table, ratio against `baseline` (a row name). */
export function printTable(title, rows, baseline) {
  const base = rows.find((row) => row.name === baseline);
  console.log(`\n${title}`);
  console.table(
    rows.map((row) => ({
      case: row.name,
      samples: row.samples,
      'median ms': row.median === undefined ? '—' : Number(row.median.toFixed(1)),
      'p90 ms': row.p90 === undefined ? '—' : Number(row.p90.toFixed(1)),
      ...(row.total === undefined ? {} : { 'total s': Number((row.total / 1000).toFixed(1)) }),
      [`× ${baseline}`]:
        base && row.median !== undefined ? Number((row.median / base.median).toFixed(2)) : '—',
      note: row.note ?? '',
    })),
  );
}

export function row(name, durations, extra = {}) {
  return {
    name,
    samples: durations.length,
    median: median(durations),
    p90: percentile(durations, 90),
    ...extra,
  };
}
