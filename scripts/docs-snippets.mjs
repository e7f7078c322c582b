#!/usr/bin/env node
// Keeps the code blocks in docs/*.md (and README.md, packages/*/README.md) identical to regions of tested files.
//
// In a Markdown file:   <!-- snippet: examples/orders/test/cart.test.ts#checkout -->
//                       ```ts
//                       …filled in from the region…
//                       ```
//                       <!-- /snippet -->
// In the source file:   // #region checkout   …   // #endregion checkout
// Without `#region`, the block holds the whole file (region marker lines left out): a file to copy as it is.
//
// --check exits 1 when a block differs from its region (CI); --write rewrites the blocks.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2];
if (mode !== '--check' && mode !== '--write') {
  console.error('usage: docs-snippets.mjs --check | --write');
  process.exit(2);
}

const block = /<!-- snippet: ([^#\s]+?)(?:#([\w-]+))? -->\n```(\w*)\n([\s\S]*?)```\n<!-- \/snippet -->/g;
const markdownFiles = [
  join(root, 'README.md'),
  ...listMarkdown(join(root, 'docs')),
  ...readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name, 'README.md')),
];
const problems = [];
let blocks = 0;

for (const file of markdownFiles) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(block, (whole, source, region, lang, body) => {
    blocks++;
    const code = readRegion(source, region, relative(root, file));
    if (code === undefined) return whole;
    const name = region === undefined ? source : `${source}#${region}`;
    if (code !== body) problems.push(`${relative(root, file)}: the snippet ${name} is out of date`);
    return `<!-- snippet: ${name} -->\n\`\`\`${lang || extname(source).slice(1)}\n${code}\`\`\`\n<!-- /snippet -->`;
  });
  if (mode === '--write' && next !== text) writeFileSync(file, next);
}

if (mode === '--write') {
  const broken = problems.filter((p) => !p.endsWith('out of date'));
  for (const p of broken) console.error(p);
  console.log(`docs-snippets: ${blocks} snippets written`);
  process.exit(broken.length > 0 ? 1 : 0);
}
for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error('Run `pnpm docs:write` to copy the tested code into the docs.');
  process.exit(1);
}
console.log(`docs-snippets: ${blocks} snippets match their tested source`);

function readRegion(source, region, from) {
  let text;
  try {
    text = readFileSync(join(root, source), 'utf8');
  } catch {
    problems.push(`${from}: the snippet names ${source}, which does not exist`);
    return undefined;
  }
  const lines = text.split('\n');
  if (region === undefined) {
    const whole = lines.filter((l) => !/^\s*\/\/ #(end)?region /.test(l)).join('\n');
    return whole.endsWith('\n') ? whole : `${whole}\n`;
  }
  const start = lines.findIndex((l) => l.trim() === `// #region ${region}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${region}`);
  if (start < 0 || end < 0) {
    problems.push(
      `${from}: ${source} has no region "${region}" (// #region ${region} … // #endregion ${region})`,
    );
    return undefined;
  }
  const body = lines.slice(start + 1, end).filter((l) => !/^\s*\/\/ #(end)?region /.test(l));
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return `${body.map((l) => l.slice(indent)).join('\n')}\n`;
}

function listMarkdown(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listMarkdown(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}
