import { EventspecError } from '@eventspec/core/internal';
import { formatInputProblem, type InputProblem } from '../model/contract-errors.js';

/**
 * Thrown when the topology cannot be checked: an AsyncAPI document or a file of observed flows that cannot be
 * read. Lists every problem of every file, each with its place and what to change.
 */
export class TopologyInputError extends EventspecError {
  override name = 'TopologyInputError';
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      'EVENTSPEC_TOPOLOGY_INPUT_INVALID',
      `The topology cannot be checked (${count}):\n${problems.map((p) => `  - ${formatInputProblem(p)}`).join('\n')}\nFix the files above; nothing was checked.`,
    );
    this.problems = problems;
  }
}
