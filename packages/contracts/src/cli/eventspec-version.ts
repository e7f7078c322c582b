import { readFileSync } from 'node:fs';

/** The version of the installed package, as `eventspec --version` prints it. */
export function eventspecVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return `${manifest.name} ${manifest.version}`;
}
