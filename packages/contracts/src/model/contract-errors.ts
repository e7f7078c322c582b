import { EventspecError } from '@eventspec/core/internal';

/** One thing wrong with a contract source: the file, the place in it, and what to change. */
export interface InputProblem {
  /** The file (or document) the problem is in. */
  file: string;
  /** A JSON pointer to the place in the file, `''` for the whole file. */
  pointer: string;
  /** 1-based line and column, when known (JSON syntax errors). */
  line?: number;
  column?: number;
  message: string;
}

/** Renders a problem as `file:line:col: message` or `file at /pointer: message`. */
export function formatInputProblem(problem: InputProblem): string {
  if (problem.line !== undefined)
    return `${problem.file}:${problem.line}:${problem.column ?? 1}: ${problem.message}`;
  return `${problem.file}${problem.pointer ? ` at ${problem.pointer}` : ''}: ${problem.message}`;
}

/**
 * Thrown when contracts cannot be loaded: invalid JSON or JSON Schema, an unresolvable `$ref`, a malformed
 * AsyncAPI or pact file, two contracts claiming one `Type@version`. Lists every problem found, not only
 * the first.
 */
export class ContractInputError extends EventspecError {
  override name = 'ContractInputError';
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      'EVENTSPEC_CONTRACT_INPUT_INVALID',
      `The contracts cannot be loaded (${count}):\n${problems.map((p) => `  - ${formatInputProblem(p)}`).join('\n')}\nFix the files above; nothing was checked.`,
    );
    this.problems = problems;
  }
}

/** 1-based line and column of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Parses JSON, turning a syntax error into an {@link InputProblem} with line and column. */
export function parseJsonSource(
  text: string,
  file: string,
): { ok: true; value: unknown } | { ok: false; problem: InputProblem } {
  if (text.charCodeAt(0) === 0xfeff)
    return {
      ok: false,
      problem: {
        file,
        pointer: '',
        line: 1,
        column: 1,
        message:
          'the file starts with a UTF-8 byte order mark (BOM), which JSON does not allow; save it as UTF-8 without BOM',
      },
    };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const token = /^Unexpected token '(.)'/u.exec(message)?.[1];
    const offset = position
      ? Number(position[1])
      : token !== undefined
        ? outsideStrings(text, token)
        : text.length;
    const reason = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/^JSON\.parse: /, '')
      .replace(/^(Unexpected token '.'),.* is not valid JSON$/su, '$1');
    return {
      ok: false,
      problem: { file, pointer: '', ...lineAndColumn(text, offset), message: `invalid JSON: ${reason}` },
    };
  }
}

/** The offset of the first `token` outside string literals (V8 names an unexpected token, not where it is). */
function outsideStrings(text: string, token: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === token) return i;
  }
  return text.length;
}
