// Topology check of 100 channels: checkTopology (with its text report and SVG graph) on a declared graph of
// 100 channels — half of them templates — 20 applications and 1,600 flows, against 20,000 observed flows
// (concrete topics), beside the floor of the same run: an exact-key hash join of the same observed flows to
// the same declared flows, the least any checker must do. Loading the documents through @asyncapi/parser is
// timed apart: it is the parser's cost, paid once per run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTopology, formatTopologyText, loadDeclaredTopology, renderTopologySvg } from '../dist/index.js';

const applications = Array.from({ length: 20 }, (_, i) => `service-${i}`);
const channels = Array.from({ length: 100 }, (_, i) =>
  i % 2 === 0 ? `topic-${i}` : `area-${i}.{id}.events`,
);
const flows = [];
for (const [c, channel] of channels.entries()) {
  for (let t = 0; t < 4; t++) {
    const type = `Event${c}x${t}`;
    const source = 'bench#/operations/x';
    flows.push({
      application: applications[c % 20],
      action: 'send',
      type,
      version: 1 + (t % 2),
      channel,
      source,
    });
    for (let r = 1; r <= 3; r++)
      flows.push({
        application: applications[(c + r * 7) % 20],
        action: 'receive',
        type,
        version: 1 + (t % 2),
        channel,
        source,
      });
  }
}
const declared = { flows, applications };
const concrete = (channel, n) => channel.replace('{id}', `k-${n}`);
const observed = [];
for (let n = 0; n < 50; n++)
  for (const f of flows)
    if (f.action === 'send')
      observed.push({
        from: f.application,
        to: flows.filter((r) => r.action === 'receive' && r.type === f.type).map((r) => r.application),
        type: f.type,
        version: f.version,
        channel: concrete(f.channel, n),
      });

function floor() {
  const keys = new Set(flows.map((f) => `${f.application}|${f.action}|${f.type}|${f.version}|${f.channel}`));
  let hits = 0;
  for (const o of observed) {
    const channel = o.channel.replace(/\.k-\d+\./, '.{id}.');
    if (keys.has(`${o.from}|send|${o.type}|${o.version}|${channel}`)) hits++;
    for (const to of o.to) if (keys.has(`${to}|receive|${o.type}|${o.version}|${channel}`)) hits++;
  }
  return hits;
}
function check() {
  const report = checkTopology({ declared, observed });
  if (!report.ok) throw new Error(formatTopologyText(report));
  return formatTopologyText(report).length + renderTopologySvg(report).length;
}
const median = (run) => {
  run();
  const times = [];
  for (let i = 0; i < 11; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times;
};
const base = median(floor);
const topology = median(check);

// The same 100 channels as 20 AsyncAPI 3 documents, loaded through the parser.
const dir = mkdtempSync(join(tmpdir(), 'eventspec-topology-bench-'));
const files = applications.map((application) => {
  const own = flows.filter((f) => f.application === application);
  const ids = [...new Set(own.map((f) => f.channel))];
  const yaml = [`asyncapi: 3.0.0`, `info: { title: ${application}, version: 1.0.0 }`, 'channels:'];
  for (const [i, channel] of ids.entries()) {
    yaml.push(`  c${i}:`, `    address: '${channel}'`, '    messages:');
    for (const f of own.filter((o) => o.channel === channel))
      yaml.push(
        `      ${f.type}: { name: ${f.type}, x-eventspec-version: ${f.version}, payload: { type: object } }`,
      );
  }
  yaml.push('operations:');
  for (const [i, channel] of ids.entries())
    for (const action of ['send', 'receive'])
      if (own.some((o) => o.channel === channel && o.action === action)) {
        const messages = own.filter((o) => o.channel === channel && o.action === action);
        yaml.push(
          `  ${action}${i}:`,
          `    action: ${action}`,
          `    channel: { $ref: '#/channels/c${i}' }`,
          '    messages:',
        );
        for (const m of messages) yaml.push(`      - $ref: '#/channels/c${i}/messages/${m.type}'`);
      }
  const file = join(dir, `${application}.asyncapi.yaml`);
  writeFileSync(file, `${yaml.join('\n')}\n`);
  return file;
});
const started = performance.now();
const loaded = await loadDeclaredTopology(files);
const loading = performance.now() - started;
rmSync(dir, { recursive: true, force: true });
if (loaded.flows.length !== flows.length)
  throw new Error(`loaded ${loaded.flows.length} flows, expected ${flows.length}`);

console.table([
  { what: 'exact-key hash join (floor)', 'median ms': base[5].toFixed(2) },
  { what: 'checkTopology + text + SVG', 'median ms': topology[5].toFixed(2) },
]);
console.log(
  `topology check of 100 channels (1,600 declared flows, ${observed.length.toLocaleString('en')} observed): ${topology[5].toFixed(1)} ms median of 11 ` +
    `(min ${topology[0].toFixed(1)}, max ${topology[10].toFixed(1)}; target < 200 ms), ${(topology[5] / base[5]).toFixed(1)}× the floor; ` +
    `loading its 20 AsyncAPI documents through @asyncapi/parser: ${loading.toFixed(0)} ms (once per run)`,
);
