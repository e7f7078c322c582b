import { EventspecUsageError } from '@eventspec/core/internal';

/** A contract's identity: the message type and its schema version, written `OrderPlaced@2`. */
export interface ContractId {
  type: string;
  version: number;
}

const idPattern = /^([A-Za-z_][\w.:-]*)@(\d+)$/;

/** Parses `OrderPlaced@2`; throws an {@link EventspecUsageError} naming the expected form otherwise. */
export function parseContractId(text: string): ContractId {
  const match = idPattern.exec(text);
  if (!match) {
    throw new EventspecUsageError(
      'EVENTSPEC_CONTRACT_ID_INVALID',
      `"${text}" is not a contract id. Write the message type and its version as "Type@version", e.g. "OrderPlaced@2".`,
      { actual: text, expected: 'Type@version' },
    );
  }
  return { type: match[1]!, version: Number(match[2]) };
}

/** Renders a contract id as `OrderPlaced@2`. */
export function formatContractId(id: ContractId): string {
  return `${id.type}@${id.version}`;
}
