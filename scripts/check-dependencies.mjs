#!/usr/bin/env node
// The dependency rules of the workspace, checked on the sources (part of `pnpm lint`):
// - @eventspec/core imports only fast-check and Node's built-ins: no contracts, no vitest, no ajv;
// - a package imports another package by name, never through a relative path into it, and only a package
//   its package.json declares; the packages depend on each other without a cycle;
// - inside a package, no cycle between the folders of src/ (specs → causality → specs), types included.
// Cycles between files at run time are printed as warnings (an `import type` back to a caller, as the schema
// checker's parts have, is not one): they work in ESM, but each is a file that wants splitting.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const corePackages = new Set(['fast-check']);
const problems = [];
const warnings = [];

const packages = readdirSync(join(root, 'packages'))
  .sort()
  .map((name) => {
    const dir = join(root, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const declared = new Set(
      [manifest.dependencies, manifest.peerDependencies].flatMap((deps) => Object.keys(deps ?? {})),
    );
    return { name: manifest.name, dir, declared, files: sourceFiles(join(dir, 'src')) };
  });

const packageEdges = new Map(packages.map((p) => [p.name, new Set()]));
for (const pkg of packages) {
  const fileEdges = new Map();
  for (const file of pkg.files) {
    const from = relative(pkg.dir, file);
    const targets = new Map();
    for (const { specifier, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
        if (!target.startsWith(join(pkg.dir, 'src') + sep)) {
          problems.push(
            `${pkg.name}: ${from} imports '${specifier}', outside its src/: import the package by name`,
          );
        } else targets.set(target, (targets.get(target) ?? true) && typeOnly);
        continue;
      }
      const dependency = packageName(specifier);
      if (dependency === undefined) continue;
      if (pkg.name === '@eventspec/core' && !corePackages.has(dependency)) {
        problems.push(
          `@eventspec/core: ${from} imports '${specifier}'; core depends on ${[...corePackages].join(', ')} and Node only (contracts, vitest and ajv belong to the other packages)`,
        );
      } else if (dependency !== pkg.name && !pkg.declared.has(dependency)) {
        problems.push(`${pkg.name}: ${from} imports '${specifier}', which its package.json does not declare`);
      }
      if (packageEdges.has(dependency) && dependency !== pkg.name) packageEdges.get(pkg.name).add(dependency);
    }
    fileEdges.set(file, targets);
  }
  const src = join(pkg.dir, 'src');
  const folderOf = (file) => relative(src, file).split(sep).slice(0, -1)[0] ?? '.';
  const folderEdges = new Map();
  const example = new Map();
  for (const [file, targets] of fileEdges) {
    for (const target of targets.keys()) {
      const [a, b] = [folderOf(file), folderOf(target)];
      if (a === b || a === '.' || b === '.') continue;
      if (!folderEdges.has(a)) folderEdges.set(a, new Set());
      folderEdges.get(a).add(b);
      if (!example.has(`${a}>${b}`))
        example.set(`${a}>${b}`, `${relative(src, file)} → ${relative(src, target)}`);
    }
  }
  for (const group of cycles(folderEdges)) {
    const cycle = shortestCycle(group, folderEdges);
    const steps = cycle.map((a, i) => example.get(`${a}>${cycle[(i + 1) % cycle.length]}`));
    problems.push(
      `${pkg.name}: the folders ${[...cycle, cycle[0]].join(' → ')} import each other in a cycle (${steps.join('; ')}): move what both need to one of them, or below both`,
    );
  }
  const runtimeEdges = new Map(
    [...fileEdges].map(([file, targets]) => [
      file,
      [...targets].filter(([, typeOnly]) => !typeOnly).map(([t]) => t),
    ]),
  );
  for (const cycle of cycles(runtimeEdges)) {
    warnings.push(
      `${pkg.name}: the files ${[...cycle, cycle[0]].map((f) => relative(src, f)).join(' → ')} import each other in a cycle: move what they share to a file of its own`,
    );
  }
}
for (const cycle of cycles(packageEdges))
  problems.push(`the packages ${[...cycle, cycle[0]].join(' → ')} depend on each other in a cycle`);

for (const warning of warnings) console.warn(`warning: ${warning}`);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(
  `check-dependencies: ${packages.length} packages, ${packages.reduce((n, p) => n + p.files.length, 0)} files, no folder or package cycle, no forbidden import`,
);

/** The .ts files under a folder. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** What a file imports or re-exports, statically or with import(); `typeOnly` for `import type`. */
function importsOf(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found = [];
  for (const match of code.matchAll(
    /(?:^|[;\s])(import|export)(\s+type)?\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  ))
    found.push({ specifier: match[3], typeOnly: match[2] !== undefined });
  for (const match of code.matchAll(/(?:^|[;\s])import\s*['"]([^'"]+)['"]/g))
    found.push({ specifier: match[1], typeOnly: false });
  for (const match of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ specifier: match[1], typeOnly: false });
  return found;
}

/** A shortest cycle through the first node of a strongly connected group (breadth first). */
function shortestCycle(group, edges) {
  const members = new Set(group);
  const start = group[0];
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [];
        for (let at = node; at !== undefined; at = previous.get(at)) path.unshift(at);
        return path;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return group;
}

/** `@scope/name` or `name` of a bare specifier; undefined for Node's built-ins. */
function packageName(specifier) {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0])) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Each strongly connected group of more than one node (Tarjan), in a stable order. */
function cycles(edges) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const found = [];
  const visit = (node) => {
    state.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (!state.has(next)) {
        visit(next);
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
      } else if (state.get(next).onStack)
        state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
    }
    if (state.get(node).low === state.get(node).index) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        group.push(member);
      } while (member !== node);
      if (group.length > 1) found.push(group.reverse());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}
