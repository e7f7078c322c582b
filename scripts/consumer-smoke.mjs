#!/usr/bin/env node
// Consumer smoke test: the packages as a user meets them. Packs every package of packages/, then in a fresh
// folder outside the workspace runs the setup commands of docs/getting-started.md (npm, with the packed
// tarballs in place of the registry's @eventspec packages), writes every file the page shows whole, and runs
// `vitest run` and `tsc --noEmit` with moduleResolution nodenext and bundler. Then checks that npm warns about
// vitest 4, which is outside the peer range. Skips (exit 0, saying so) only when the npm registry cannot be
// reached. npm's own cache (~/.npm) keeps the downloads between runs.
//
//   node scripts/consumer-smoke.mjs [--keep]     (--keep leaves the temporary project for inspection)
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const page = readFileSync(join(root, 'docs/getting-started.md'), 'utf8');
const keep = process.argv.includes('--keep');
const started = performance.now();
const timings = [];
const warnings = [];

// The downloads come from npm's cache when it has them; no audit or funding requests.
const npmEnv = {
  ...process.env,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

const ping = run('npm', ['ping'], { cwd: tmpdir(), timeout: 30_000, allowFailure: true });
if (ping.status !== 0) {
  console.log(
    `consumer smoke test SKIPPED: the npm registry cannot be reached (npm ping: ${firstLine(ping.stderr || ping.stdout) || `exit ${ping.status}`}).`,
  );
  process.exit(0);
}

for (const folder of readdirSync(join(root, 'packages'))) {
  if (!existsSync(join(root, 'packages', folder, 'dist'))) {
    console.error(
      `consumer smoke test FAILED: packages/${folder}/dist is missing: run \`pnpm run build\` first.`,
    );
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'eventspec-consumer-'));
try {
  const tarballs = step('pack the packages', () => packPackages(join(work, 'packs')));
  step('check what the tarballs hold', () => checkTarballs(tarballs));
  const project = step('run the setup commands of docs/getting-started.md', () => setUp(tarballs));
  const files = step('write the files the page shows', () => writeFiles(project));
  step('vitest run', () => run('npx', ['vitest', 'run', '--reporter=dot'], { cwd: project }));
  step("tsc --noEmit (the page's tsconfig: nodenext)", () =>
    run('npx', ['tsc', '--noEmit'], { cwd: project }),
  );
  step('tsc --noEmit (moduleResolution bundler)', () =>
    run('npx', ['tsc', '--noEmit', '--module', 'preserve', '--moduleResolution', 'bundler'], {
      cwd: project,
    }),
  );
  step('npm warns that vitest 4 is outside the peer range', () => refusesVitest4(project));
  const versions = installedVersions(project);
  for (const warning of warnings) console.log(`  warning: ${warning}`);
  console.log(
    `consumer smoke test passed: ${files.length} files from docs/getting-started.md, ${versions} (${seconds(performance.now() - started)} in all)`,
  );
} catch (error) {
  console.error(`consumer smoke test FAILED: ${error.message}`);
  if (!keep) console.error('  (run with --keep to inspect the temporary project)');
  process.exitCode = 1;
} finally {
  for (const { name, ms } of timings) console.log(`  ${seconds(ms).padStart(6)}  ${name}`);
  if (keep) console.log(`  project kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** `pnpm pack` of every published package; returns package name → tarball path. */
function packPackages(destination) {
  mkdirSync(destination, { recursive: true });
  const tarballs = new Map();
  for (const folder of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', folder);
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest.private) continue;
    run('pnpm', ['pack', '--pack-destination', destination], { cwd: dir });
    const file = `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
    tarballs.set(manifest.name, join(destination, file));
  }
  if (tarballs.size === 0) throw new Error('no package to pack under packages/');
  return tarballs;
}

/** What a user of the tarball expects besides the code: a README and a LICENSE (reported, not failed). */
function checkTarballs(tarballs) {
  for (const [name, file] of tarballs) {
    const entries = run('tar', ['tzf', file], { cwd: root }).stdout.split('\n');
    for (const wanted of ['README', 'LICENSE']) {
      if (!entries.some((entry) => entry.toUpperCase().startsWith(`PACKAGE/${wanted}`)))
        warnings.push(`${name}: the tarball has no ${wanted}`);
    }
  }
}

/** Runs the page's setup block (after `<!-- consumer-setup -->`) with the tarballs for @eventspec packages. */
function setUp(tarballs) {
  const block = /<!-- consumer-setup -->\n```sh\n([\s\S]*?)```/.exec(page)?.[1];
  if (!block) throw new Error('docs/getting-started.md has no setup block after <!-- consumer-setup -->');
  const named = new Set(block.match(/@eventspec\/[\w-]+/g) ?? []);
  for (const name of named) {
    if (!tarballs.has(name))
      throw new Error(`the page installs ${name}, which is not a package of packages/`);
  }
  // Packages the named ones depend on come from their tarballs too (overrides), not from the registry.
  const overrides = [...tarballs]
    .filter(([name]) => !named.has(name))
    .map(([name, file]) => `npm pkg set 'overrides.${name}=file:${file}'`);
  const script = block
    .replace(/@eventspec\/[\w-]+/g, (name) => tarballs.get(name))
    .replace(/^(npm install[^\n]*)$/m, (install) => [...overrides, install].join('\n'));
  const parent = join(work, 'consumer');
  mkdirSync(parent, { recursive: true });
  run('sh', ['-e', '-c', script], { cwd: parent });
  const project = /^mkdir (\S+)/m.exec(block)?.[1];
  if (!project) throw new Error('the setup block does not create the project folder (mkdir …)');
  return join(parent, project);
}

/** Every whole-file snippet of the page (`<!-- snippet: examples/getting-started/<path> -->`), as shown. */
function writeFiles(project) {
  const prefix = 'examples/getting-started/';
  const whole = /<!-- snippet: ([^#\s]+) -->\n```\w*\n([\s\S]*?)```\n<!-- \/snippet -->/g;
  const written = [];
  for (const [, source, body] of page.matchAll(whole)) {
    if (!source.startsWith(prefix)) continue;
    const path = source.slice(prefix.length);
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), body);
    written.push(path);
  }
  if (!written.includes('vitest.config.ts') || !written.some((path) => path.endsWith('.test.ts')))
    throw new Error(`the page shows too few whole files to run: ${written.join(', ') || 'none'}`);
  return written;
}

function refusesVitest4(project) {
  // Asked for by name, npm installs it anyway, but says the plugin's peer range does not allow it.
  const install = run('npm', ['install', '-D', 'vitest@4', '--dry-run'], {
    cwd: project,
    allowFailure: true,
  });
  const output = `${install.stdout}\n${install.stderr}`;
  if (!/ERESOLVE[\s\S]*peer vitest@"\^5[^"]*" from @eventspec\/vitest-plugin/.test(output))
    throw new Error(`npm took vitest 4 beside the plugin without a peer-range warning:\n${tail(output)}`);
}

function installedVersions(project) {
  const version = (name) => {
    try {
      return JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  return `vitest ${version('vitest')}, typescript ${version('typescript')}, node ${process.versions.node}`;
}

function step(name, body) {
  const at = performance.now();
  try {
    return body();
  } finally {
    timings.push({ name, ms: performance.now() - at });
  }
}

function run(command, args, { cwd, timeout = 600_000, allowFailure = false }) {
  const result = spawnSync(command, args, { cwd, env: npmEnv, encoding: 'utf8', timeout });
  if (!allowFailure && result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}) in ${cwd}:\n${tail(`${result.stdout ?? ''}\n${result.stderr ?? ''}`)}`,
    );
  }
  return result;
}

function tail(text) {
  return text.trim().split('\n').slice(-40).join('\n');
}

function firstLine(text) {
  return (text ?? '').trim().split('\n').at(-1) ?? '';
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}
