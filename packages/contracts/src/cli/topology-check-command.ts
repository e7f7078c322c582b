import { dirname, resolve } from 'node:path';
import { writeSvgFile } from '@eventspec/core/internal';
import { checkTopology } from '../topology/check-topology.js';
import { loadDeclaredTopology } from '../topology/declared-topology.js';
import {
  formatTopologyJunit,
  formatTopologyMarkdown,
  formatTopologyText,
} from '../topology/format-topology.js';
import { readObservedFlows } from '../topology/observed-flows-file.js';
import type { TopologyDriftKind } from '../topology/topology-drift.js';
import { TopologyInputError } from '../topology/topology-input-error.js';
import { renderTopologySvg } from '../topology/topology-svg.js';
import type { CommandIo } from './contracts-check-command.js';
import { exitCodes } from './exit-codes.js';
import { topologyCheckUsage } from './topology-check-usage.js';

const kinds: readonly TopologyDriftKind[] = [
  'undeclared-send',
  'undeclared-receive',
  'unobserved',
  'no-producer',
  'undeclared-version',
];

interface TopologyArgs {
  asyncapi: string[];
  observed: string[];
  format: string;
  svg?: string;
  ignore: TopologyDriftKind[];
}

/** `eventspec topology check`: exit 0 without drift, 1 with drift, 2 on unreadable input, 64 on usage errors. */
export async function topologyCheck(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${topologyCheckUsage}\n`);
    return exitCodes.ok;
  }
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.err(`eventspec topology check: ${parsed}\n\n${topologyCheckUsage}\n`);
    return exitCodes.usage;
  }
  const at = (file: string) => resolve(io.cwd, file);
  let report: ReturnType<typeof checkTopology>;
  try {
    const declared = await loadDeclaredTopology(parsed.asyncapi.map(at));
    const observed = await readObservedFlows(parsed.observed.map(at));
    report = checkTopology({ declared, observed, ignore: parsed.ignore });
  } catch (error) {
    if (!(error instanceof TopologyInputError)) throw error;
    io.err(`${error.message}\n`);
    return exitCodes.brokenInput;
  }
  if (parsed.format === 'markdown') io.out(formatTopologyMarkdown(report));
  else if (parsed.format === 'junit') io.out(formatTopologyJunit(report, parsed.ignore));
  else io.out(formatTopologyText(report));
  if (parsed.svg !== undefined) {
    const file = at(parsed.svg);
    const written = writeSvgFile(dirname(file), file.slice(dirname(file).length + 1), () =>
      renderTopologySvg(report),
    );
    if (written === undefined) io.err(`eventspec topology check: cannot write the SVG to ${parsed.svg}\n`);
  }
  // Exit code 1 is the same as a breaking change of `contracts check`: the CI gate fails.
  return report.ok ? exitCodes.ok : exitCodes.breakingChange;
}

/** Reads the options, where `--asyncapi` and `--observed` take every file up to the next option. */
function parse(args: readonly string[]): TopologyArgs | string {
  const out: TopologyArgs = { asyncapi: [], observed: [], format: 'text', ignore: [] };
  let list: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s) as [string, string?]) : [arg];
    const value = () => inline ?? args[++i];
    if (flag === '--asyncapi' || flag === '--observed') {
      list = flag === '--asyncapi' ? out.asyncapi : out.observed;
      if (inline !== undefined) list.push(inline);
    } else if (flag === '--format' || flag === '--svg' || flag === '--ignore') {
      list = undefined;
      const given = value();
      if (given === undefined || given.startsWith('--')) return `${flag} needs a value`;
      if (flag === '--format') {
        if (!['text', 'markdown', 'junit'].includes(given))
          return `--format is "${given}"; use text, markdown or junit`;
        out.format = given;
      } else if (flag === '--svg') out.svg = given;
      else if (kinds.includes(given as TopologyDriftKind)) out.ignore.push(given as TopologyDriftKind);
      else return `--ignore "${given}" is no drift kind; use one of ${kinds.join(', ')}`;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (list) list.push(arg);
    else return `unexpected argument "${arg}"`;
  }
  if (out.asyncapi.length === 0) return '--asyncapi needs at least one AsyncAPI document';
  if (out.observed.length === 0) return '--observed needs at least one file of observed flows';
  return out;
}
