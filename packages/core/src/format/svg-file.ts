import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `text` as a file-name stem: lower case, each run of other characters one dash, no dash at either end, at
 * most `max` characters; `fallback` when nothing is left.
 */
export function fileSlug(text: string, fallback: string, max = Number.POSITIVE_INFINITY): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, max) || fallback
  );
}

/**
 * Writes the picture `render()` draws to `folder/fileName`, making the folder; returns the file's path, or
 * `undefined` when it cannot be written: a picture never replaces the failure it illustrates.
 */
export function writeSvgFile(folder: string, fileName: string, render: () => string): string | undefined {
  try {
    mkdirSync(folder, { recursive: true });
    const file = join(folder, fileName);
    writeFileSync(file, render());
    return file;
  } catch {
    return undefined;
  }
}
