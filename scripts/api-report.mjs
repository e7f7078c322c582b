#!/usr/bin/env node
// The public API of each package, one report per entry point of its package.json `exports`
// (packages/<name>/api/<entry>.api.md): every exported name with its declaration as the built .d.ts has it
// (comments removed), sorted by name, plus the module augmentations the entry brings (vitest matchers).
//
// --check exits 1 when a report differs from the built declarations (`pnpm lint`, after `pnpm build`);
// --write rewrites the reports. An API change is then a reviewed diff of packages/*/api/*.api.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2];
if (mode !== '--check' && mode !== '--write') {
  console.error('usage: api-report.mjs --check | --write');
  process.exit(2);
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
const problems = [];
let reports = 0;

// Packages whose API is not recorded yet (broker-fixtures: its classes are being reshaped).
const unrecorded = new Set(['broker-fixtures']);

for (const name of readdirSync(join(root, 'packages')).sort()) {
  if (unrecorded.has(name)) continue;
  const dir = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = Object.entries(manifest.exports ?? {})
    .filter(([, target]) => typeof target === 'object' && target.types)
    .map(([subpath, target]) => ({
      specifier: `${manifest.name}${subpath === '.' ? '' : subpath.slice(1)}`,
      file: join(dir, 'api', `${subpath === '.' ? 'index' : subpath.slice(2).replaceAll('/', '-')}.api.md`),
      types: join(dir, target.types),
    }));
  const missing = entries.filter((e) => !existsSync(e.types));
  if (missing.length > 0) {
    for (const e of missing) problems.push(`${relative(root, e.types)} is missing: run \`pnpm build\` first`);
    continue;
  }
  for (const { file, text } of packageReports(entries, dir)) {
    reports++;
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (old === text) continue;
    if (mode === '--write') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    } else problems.push(`${relative(root, file)} differs from the built API:\n${lineDiff(old, text)}`);
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  if (mode === '--check')
    console.error('\nIf the API change is meant, run `pnpm api:write` and commit the reports with it.');
  process.exit(1);
}
console.log(`api-report: ${reports} entry points ${mode === '--write' ? 'written' : 'match their reports'}`);

/** The reports of a package's entry points, from one program over all of them. */
function packageReports(entries, packageDir) {
  const program = ts.createProgram(
    entries.map((e) => e.types),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      types: [],
      noEmit: true,
    },
  );
  const checker = program.getTypeChecker();
  const exportsOf = new Map(
    entries.map((e) => [
      e,
      checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(e.types))),
    ]),
  );
  const exportedAnywhere = new Set([...exportsOf.values()].flat().map((s) => resolved(s, checker)));
  return entries.map((entry) => {
    const exports = exportsOf.get(entry);
    const blocks = exports
      .sort((a, b) => (a.getName() < b.getName() ? -1 : a.getName() > b.getName() ? 1 : 0))
      .map((symbol) => declarationOf(symbol, checker));
    const unexported = unexportedReferences(exports, exportedAnywhere, checker, packageDir);
    const augmentations = [...new Set(closure(program.getSourceFile(entry.types), program))]
      .filter((file) => file.fileName.startsWith(packageDir) && !file.fileName.includes('/node_modules/'))
      .flatMap((file) =>
        file.statements
          .filter((s) => ts.isModuleDeclaration(s) && ts.isStringLiteral(s.name))
          .map((s) => print(s, file)),
      );
    const lines = [
      `# API of \`${entry.specifier}\``,
      '',
      'Generated from the built declarations by `pnpm api:write`; `pnpm lint` fails when it is out of date.',
      'A change to this file is a change to the public API: review it as one.',
      '',
      '```ts',
      blocks.join('\n\n'),
      '```',
    ];
    if (unexported.length > 0)
      lines.push(
        '',
        'Types the API names but no entry point exports (a user cannot name them):',
        '',
        ...unexported.map((n) => `- \`${n}\``),
      );
    if (augmentations.length > 0)
      lines.push('', 'Module augmentations it brings:', '', '```ts', augmentations.join('\n\n'), '```');
    return { file: entry.file, text: `${lines.join('\n')}\n` };
  });
}

/** The declaration files an entry point loads, itself first. */
function closure(source, program, seen = new Set()) {
  if (!source || seen.has(source)) return seen;
  seen.add(source);
  for (const ref of source.imports ?? []) {
    const resolution = ts.resolveModuleName(
      ref.text,
      source.fileName,
      program.getCompilerOptions(),
      ts.sys,
    ).resolvedModule;
    if (resolution) closure(program.getSourceFile(resolution.resolvedFileName), program, seen);
  }
  return seen;
}

function resolved(symbol, checker) {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** `export <declaration>` of one exported symbol; a type-only export or a rename is noted. */
function declarationOf(symbol, checker) {
  const name = symbol.getName();
  let typeOnly = false;
  let target = symbol;
  while (target.flags & ts.SymbolFlags.Alias) {
    const specifier = target.declarations?.[0];
    if (
      specifier &&
      ts.isExportSpecifier(specifier) &&
      (specifier.isTypeOnly || specifier.parent.parent.isTypeOnly)
    )
      typeOnly = true;
    target = checker.getImmediateAliasedSymbol(target) ?? checker.getAliasedSymbol(target);
  }
  const notes = [];
  if (target.getName() !== name && target.getName() !== 'default') notes.push(`exported as ${name}`);
  if (typeOnly && target.flags & ts.SymbolFlags.Value) notes.push('type-only export');
  const text = (target.declarations ?? []).map((node) => {
    const file = node.getSourceFile();
    if (ts.isVariableDeclaration(node)) {
      const flags = node.parent.flags & ts.NodeFlags.Const ? 'const' : 'let';
      return `declare ${flags} ${print(node, file)};`;
    }
    return print(node, file).replace(/^export (default )?/, '');
  });
  return [...notes.map((n) => `// ${n}`), ...text].join('\n');
}

/** Types of this package that exported declarations refer to but no entry point of it exports. */
function unexportedReferences(exports, exported, checker, packageDir) {
  const resolve = (symbol) => resolved(symbol, checker);
  const found = new Set();
  const visit = (node) => {
    if (ts.isConstructorDeclaration(node) && ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal'))
      return;
    if (
      ts.isPropertyDeclaration(node) &&
      node.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)
    )
      return;
    const name = ts.isTypeReferenceNode(node)
      ? node.typeName
      : ts.isExpressionWithTypeArguments(node)
        ? node.expression
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : undefined;
    const symbol = name && checker.getSymbolAtLocation(name);
    if (symbol) {
      const target = resolve(symbol);
      const file = target.declarations?.[0]?.getSourceFile().fileName ?? '';
      const local = file.startsWith(packageDir) && !file.includes('/node_modules/');
      if (local && !exported.has(target) && !(target.flags & ts.SymbolFlags.TypeParameter))
        found.add(target.getName());
    }
    ts.forEachChild(node, visit);
  };
  for (const symbol of exports) for (const node of resolve(symbol).declarations ?? []) visit(node);
  return [...found].sort();
}

function print(node, file) {
  return printer.printNode(ts.EmitHint.Unspecified, node, file).replace(/ {4}/g, '  ');
}

/** The lines only one side has, in order: enough to see what changed. */
function lineDiff(old, next) {
  const before = old.split('\n');
  const after = next.split('\n');
  const kept = new Set(before);
  const added = new Set(after);
  return [
    ...before.filter((l) => !added.has(l)).map((l) => `  - ${l}`),
    ...after.filter((l) => !kept.has(l)).map((l) => `  + ${l}`),
  ]
    .slice(0, 40)
    .join('\n');
}
