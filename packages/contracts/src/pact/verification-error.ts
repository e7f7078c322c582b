import { EventspecError } from '@eventspec/core/internal';

/**
 * The error of a failed provider verification: Pact's mismatches per interaction (sorted, as Pact reports
 * them in no fixed order) and the produced messages that break their contracts.
 */
export function verificationError(error: unknown, contractProblems: string[]): EventspecError {
  const lines: string[] = [];
  if (error === undefined)
    lines.push('  Every pact interaction passed, but the producers break their own contracts.');
  else
    try {
      const report = JSON.parse((error as Error).message) as {
        errors?: {
          interaction: string;
          mismatch?: { mismatches?: { mismatch: string; path?: string; key?: string }[] } | string;
        }[];
      };
      for (const failure of report.errors ?? []) {
        lines.push(`  ${failure.interaction}`);
        const mismatches = typeof failure.mismatch === 'object' ? (failure.mismatch.mismatches ?? []) : [];
        // Pact reports mismatches in no fixed order: sort them so the output is stable.
        const rendered = mismatches.map(
          (m) => `    - ${m.path ?? (m.key ? `metadata ${m.key}` : '')}: ${m.mismatch}`,
        );
        lines.push(...rendered.sort());
        if (typeof failure.mismatch === 'string') lines.push(`    - ${failure.mismatch}`);
      }
    } catch {
      lines.push(`  ${(error as Error).message ?? String(error)}`);
    }
  if (contractProblems.length > 0)
    lines.push('  Contract violations:', ...contractProblems.map((p) => `  ${p}`));
  return new EventspecError(
    'EVENTSPEC_PACT_VERIFICATION_FAILED',
    `Pact verification of the producers failed:\n${lines.join('\n')}\nThe producer no longer sends what a consumer expects: fix the producer, or agree a new contract version with the consumer.`,
    { cause: error },
  );
}
