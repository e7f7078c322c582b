import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CommandIo } from './contracts-check-command.js';

/** A report file the command was asked to write. */
export interface ReportFile {
  /** `JUnit`, `Markdown`: how messages name it. */
  kind: string;
  path: string;
  text: () => string;
}

/**
 * Writes each report, creating its folder; a report that cannot be written is said on stderr (the verdict
 * printed before it stands). Returns whether every report was written.
 */
export async function writeReports(
  io: CommandIo,
  reports: readonly (ReportFile | undefined | '' | false)[],
): Promise<boolean> {
  let ok = true;
  for (const report of reports) {
    if (!report) continue;
    const path = resolve(io.cwd, report.path);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, report.text());
    } catch (error) {
      ok = false;
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'EEXIST' || code === 'ENOTDIR'
          ? `${code}: a file stands where a folder of the path should be`
          : (code ?? (error as Error).message);
      io.err(
        `eventspec contracts check: cannot write the ${report.kind} report to ${report.path} (${reason}); pass a path in a folder you can write to. The verdict above stands.\n`,
      );
    }
  }
  return ok;
}
