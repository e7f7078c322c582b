import { createHash } from 'node:crypto';
import { fileSlug, writeSvgFile } from '../format/svg-file.js';
import { typeName } from '../format/type-name.js';
import { describeMessage } from '../specs/describe-scenario.js';
import { renderMessageFlowSvg } from './message-flow-svg.js';
import type { FaultNote } from './planned-bus.js';
import type { FlowEntry, Rejection } from './system-run.js';

/** Where the sequence diagram of a failing system scenario is written unless `svgDir` says otherwise. */
export const defaultSystemSvgDir = '.eventspec/system';

/**
 * The file name of a scenario's diagram: the type under test, kebab-case, and a short hash of its given and
 * when, so the same scenario writes the same file run after run and two scenarios do not overwrite each other.
 */
export function flowSvgName(history: readonly unknown[], trigger: unknown, suffix = ''): string {
  const stem = fileSlug(typeName(trigger).replace(/([a-z0-9])([A-Z])/g, '$1-$2'), 'system', 60);
  const hash = createHash('sha1')
    .update([...history, trigger].map((message) => describeMessage(message, 10_000)).join('\n'))
    .digest('hex')
    .slice(0, 8);
  return `${stem}-${hash}${suffix}.svg`;
}

/**
 * Writes the diagram to `folder/fileName`; returns the path, or `undefined` when it cannot be written (the
 * failure is about the system, not about the file system).
 */
export function writeMessageFlowSvg(
  folder: string,
  fileName: string,
  flow: readonly FlowEntry[],
  rejections: readonly Rejection[],
  faults: readonly FaultNote[],
  title: string,
): string | undefined {
  return writeSvgFile(folder, fileName, () => renderMessageFlowSvg(flow, rejections, faults, title));
}
