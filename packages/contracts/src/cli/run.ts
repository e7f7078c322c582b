import type { CommandIo } from './contracts-check-command.js';
import { contractsCheckUsage } from './contracts-check-usage.js';
import { eventspecVersion } from './eventspec-version.js';
import { exitCodes } from './exit-codes.js';
import { topologyCheckUsage } from './topology-check-usage.js';

const usage = `Usage: eventspec <command>

Commands:
  contracts check   compare the contracts with a baseline; fail on a breaking change
  topology check    compare the topology AsyncAPI documents declare with the flows tests observed
  replay            replay a recorded history through upcasters and a decider, projection or process manager
                    (eventspec replay --help)

Options:
  -v, --version     print the version
  -h, --help        show this help

${contractsCheckUsage}

${topologyCheckUsage}`;

/** Dispatches an `eventspec` command line and returns the exit code; unexpected errors are reported, not thrown. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === undefined || group === '--help' || group === '-h') {
    io.out(usage);
    return group === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (group === '--version' || group === '-v') {
    io.out(`${eventspecVersion()}\n`);
    return exitCodes.ok;
  }
  if (group === 'contracts' && command === 'check') {
    try {
      // Each command loads only what it uses: the gate runs as a new process in CI, where loading is time.
      const { contractsCheck } = await import('./contracts-check-command.js');
      return await contractsCheck(rest, io);
    } catch (error) {
      io.err(`eventspec: unexpected error, please report it: ${(error as Error).stack ?? String(error)}\n`);
      return exitCodes.brokenInput;
    }
  }
  if (group === 'topology' && command === 'check') {
    try {
      const { topologyCheck } = await import('./topology-check-command.js');
      return await topologyCheck(rest, io);
    } catch (error) {
      io.err(`eventspec: unexpected error, please report it: ${(error as Error).stack ?? String(error)}\n`);
      return exitCodes.brokenInput;
    }
  }
  if (group === 'replay') {
    try {
      const { replayCommand } = await import('@eventspec/core/replay');
      return await replayCommand(argv.slice(1), io);
    } catch (error) {
      io.err(`eventspec: unexpected error, please report it: ${(error as Error).stack ?? String(error)}\n`);
      return exitCodes.brokenInput;
    }
  }
  io.err(`eventspec: unknown command "${argv.join(' ')}".\n\n${usage}`);
  return exitCodes.usage;
}
