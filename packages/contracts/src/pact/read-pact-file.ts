import { readFile } from 'node:fs/promises';
import { ContractInputError, type InputProblem, parseJsonSource } from '../model/contract-errors.js';

/** One asynchronous message interaction of a pact file. */
export interface PactMessageInteraction {
  description: string;
  /**
   * The contract the interaction is about: the id eventspec's `MessagePact` writes in the metadata
   * (`contract`), or — once matched by `matchPactInteractions` — an id or a type.
   */
  contract?: string;
  /** How the contract was found when the pact does not name it: `its "messageType" metadata`, … */
  matchedBy?: string;
  providerStates: { name: string; params?: Record<string, unknown> }[];
  /** The example the consumer was tested with (the pact's `contents`, a message's `data`): the fields it reads. */
  content: unknown;
  metadata: Record<string, unknown>;
  /** Where in the file: `/interactions/0`. */
  pointer: string;
}

/** The parts of a V3/V4 message pact eventspec uses. */
export interface MessagePactFile {
  file: string;
  consumer: string;
  provider: string;
  interactions: PactMessageInteraction[];
}

/** Reads message pact files; a malformed one is a {@link ContractInputError} naming the file and place. */
export async function readMessagePacts(files: readonly string[]): Promise<MessagePactFile[]> {
  const problems: InputProblem[] = [];
  const pacts: MessagePactFile[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      problems.push({
        file,
        pointer: '',
        message: `cannot read the pact file (${error.code ?? error.message})`,
      });
      return undefined;
    });
    if (text === undefined) continue;
    const parsed = parseJsonSource(text, file);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      continue;
    }
    const read = readPact(parsed.value, file);
    problems.push(...read.problems);
    if (read.pact) pacts.push(read.pact);
  }
  if (problems.length > 0) throw new ContractInputError(problems);
  return pacts;
}

function readPact(value: unknown, file: string): { pact?: MessagePactFile; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const pact = value as Record<string, unknown> | null;
  const name = (party: string) => (pact?.[party] as { name?: unknown } | undefined)?.name;
  if (typeof pact !== 'object' || pact === null)
    return { problems: [{ file, pointer: '', message: 'a pact file holds a JSON object' }] };
  const consumer = name('consumer');
  const provider = name('provider');
  if (typeof consumer !== 'string')
    problems.push({ file, pointer: '/consumer/name', message: 'missing the consumer name' });
  if (typeof provider !== 'string')
    problems.push({ file, pointer: '/provider/name', message: 'missing the provider name' });
  const list = pact.interactions ?? pact.messages;
  if (!Array.isArray(list))
    problems.push({
      file,
      pointer: '/interactions',
      message: 'expected an array of interactions (V4) or messages (V3)',
    });
  const interactions: PactMessageInteraction[] = [];
  for (const [index, raw] of (Array.isArray(list) ? list : []).entries()) {
    const pointer = `/${pact.interactions ? 'interactions' : 'messages'}/${index}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ file, pointer, message: `expected an interaction object, got ${JSON.stringify(raw)}` });
      continue;
    }
    const interaction = raw as Record<string, unknown>;
    if (interaction.type !== undefined && interaction.type !== 'Asynchronous/Messages') continue;
    if (typeof interaction.description !== 'string') {
      problems.push({
        file,
        pointer: `${pointer}/description`,
        message: 'every interaction needs a description',
      });
      continue;
    }
    const contents = interaction.contents as { content?: unknown } | unknown;
    const content = pact.interactions ? (contents as { content?: unknown } | undefined)?.content : contents;
    // Pact JS writes `metadata`; the V3 specification (and Pact JVM) `metaData`.
    const rawMetadata = interaction.metadata ?? interaction.metaData ?? {};
    // V3 and V4 write `providerStates`; older message pacts one `providerState` name.
    const rawStates =
      interaction.providerStates ??
      (typeof interaction.providerState === 'string' ? [{ name: interaction.providerState }] : []);
    if (typeof rawMetadata !== 'object' || rawMetadata === null || Array.isArray(rawMetadata)) {
      problems.push({
        file,
        pointer: `${pointer}/metadata`,
        message: 'expected an object of metadata entries',
      });
      continue;
    }
    if (
      !Array.isArray(rawStates) ||
      rawStates.some((s) => typeof (s as { name?: unknown } | null)?.name !== 'string')
    ) {
      problems.push({
        file,
        pointer: `${pointer}/providerStates`,
        message: 'expected an array of provider states, each with a "name"',
      });
      continue;
    }
    const metadata = rawMetadata as Record<string, unknown>;
    const states = rawStates as { name: string; params?: Record<string, unknown> }[];
    const found: PactMessageInteraction = {
      description: interaction.description,
      providerStates: states,
      content,
      metadata,
      pointer,
    };
    if (typeof metadata.contract === 'string') found.contract = metadata.contract;
    interactions.push(found);
  }
  if (problems.length > 0) return { problems };
  return {
    pact: { file, consumer: consumer as string, provider: provider as string, interactions },
    problems,
  };
}
