import { escapeXml } from '@eventspec/core/internal';
import type { ContractChange } from '../compatibility/check-registry.js';
import { breakLines, type ConsumerImpacts, describeChange } from './format-human.js';
import { isBreaking, isUnproven, type UpcastRequirements, upcastLines } from './format-upcasts.js';

/** JUnit XML: one test case per changed contract, a failure per break (CI test reports and annotations). */
export function formatJunit(
  changes: readonly ContractChange[],
  options: {
    allowUnproven: boolean;
    consumers?: ConsumerImpacts;
    upcasts?: UpcastRequirements;
    upcasters?: string;
  },
): string {
  const failing = (c: ContractChange) =>
    isBreaking(c, options.upcasts) || (isUnproven(c, options.upcasts) && !options.allowUnproven);
  let failures = changes.filter(failing).length;
  const cases = changes.map((change) => {
    const name = `${change.id} ${change.result.mode} (${describeChange(change)})`;
    const head = `    <testcase classname="eventspec.contracts.${escapeXml(change.id.split('@')[0]!)}" name="${escapeXml(name)}" file="${escapeXml(change.source.replace(/^[^:]+:/, ''))}"`;
    const upcast = options.upcasts?.get(change.id);
    if (upcast?.covered) return `${head}/>`;
    if (change.result.verdict === 'incompatible') {
      const stored = upcast ? upcastLines(upcast, options.upcasters) : [];
      const body = [...change.result.breaks.flatMap(breakLines), ...stored].join('\n');
      const first = change.result.breaks[0]!;
      const missing = upcast?.stored.findIndex((chain) => chain.steps.some((s) => !s.registered)) ?? -1;
      const message = missing >= 0 ? stored[missing]! : `${first.path}: ${first.message}`;
      return `${head}>\n      <failure type="${missing >= 0 ? 'missing-upcaster' : 'breaking-change'}" message="${escapeXml(message)}">${escapeXml(body)}</failure>\n    </testcase>`;
    }
    if (change.result.verdict === 'unproven') {
      const body = [
        ...change.result.unproven.map((u) => `${u.path}: ${u.reason}`),
        ...(upcast ? upcastLines(upcast, options.upcasters) : []),
      ].join('\n');
      const tag = options.allowUnproven ? 'skipped' : 'failure';
      return `${head}>\n      <${tag} type="cannot-prove" message="${escapeXml(`compatibility cannot be proven: ${change.result.unproven[0]!.reason}`)}">${escapeXml(body)}</${tag}>\n    </testcase>`;
    }
    return `${head}/>`;
  });
  for (const change of changes) {
    for (const impact of options.consumers?.get(change.id) ?? []) {
      const name = `${change.id} consumer ${impact.consumer} (reads ${impact.reads.join(', ')})`;
      const head = `    <testcase classname="eventspec.consumers.${escapeXml(impact.consumer)}" name="${escapeXml(name)}" file="${escapeXml(impact.file)}"`;
      if (impact.result.verdict !== 'incompatible') {
        cases.push(`${head}/>`);
        continue;
      }
      failures++;
      const body = impact.result.breaks.flatMap(breakLines).join('\n');
      const first = impact.result.breaks[0]!;
      cases.push(
        `${head}>\n      <failure type="consumer-break" message="${escapeXml(`${first.path}: ${first.message}`)}">${escapeXml(body)}</failure>\n    </testcase>`,
      );
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="eventspec contracts" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="eventspec contracts check" tests="${cases.length}" failures="${failures}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
