// A vitest reporter for this repository's own runs (`pnpm test`): the default reporter shows how many tests
// a file skipped, not why. This one ends the run with each reason once — the note of `skip(reason)`, or the
// "— skipped: …" that a skipped describe carries in its name — with how many tests and files it covers,
// so a run without Docker, images or brokers says what it could not test and how to turn it on.

const SKIPPED_SUITE = / — skipped: (.*)$/;

function reasonOf(test) {
  const note = test.result().note;
  if (note) return note;
  for (let suite = test.parent; suite.type === 'suite'; suite = suite.parent) {
    const match = SKIPPED_SUITE.exec(suite.name);
    if (match) return match[1];
  }
  return undefined;
}

export default class SkipReasonsReporter {
  onTestRunEnd(testModules) {
    const reasons = new Map();
    let silent = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        if (test.result().state !== 'skipped' || test.options.mode === 'todo') continue;
        const reason = reasonOf(test);
        if (!reason) {
          silent++;
          continue;
        }
        const entry = reasons.get(reason) ?? { tests: 0, files: new Set() };
        entry.tests++;
        entry.files.add(`${module.project.name} ${module.relativeModuleId}`);
        reasons.set(reason, entry);
      }
    }
    if (reasons.size === 0 && silent === 0) return;
    const lines = ['', 'skipped, and why:'];
    for (const [reason, { tests, files }] of reasons) {
      const count = `${tests} ${tests === 1 ? 'test' : 'tests'} in ${files.size} ${files.size === 1 ? 'file' : 'files'}`;
      lines.push(`  ${count}: ${reason}`);
    }
    if (silent)
      lines.push(`  ${silent} ${silent === 1 ? 'test' : 'tests'} skipped without a reason (skipIf / .skip)`);
    process.stdout.write(`${lines.join('\n')}\n\n`);
  }
}
