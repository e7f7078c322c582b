// The report's inline style and script: one file, no external assets, readable offline.

export const reportStyle = `
:root { --ink: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --bg: #f7f8fb; --ok: #1f7a3d; --fail: #b42318;
  --ok-bg: #e8f5ec; --fail-bg: #fdecea; --accent: #3454d1; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg); display: grid; grid-template-columns: 280px 1fr; min-height: 100vh; }
.sidebar { position: sticky; top: 0; height: 100vh; overflow: auto; background: #fff; border-right: 1px solid var(--line); padding: 20px 16px; }
.brand { font-weight: 700; font-size: 18px; letter-spacing: .02em; margin-bottom: 14px; color: var(--accent); }
#search { width: 100%; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; font-size: 14px; }
.sidebar h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 20px 0 6px; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar a { display: flex; justify-content: space-between; padding: 5px 8px; border-radius: 5px; color: var(--ink); text-decoration: none; font-size: 14px; }
.sidebar a:hover { background: var(--bg); }
.sidebar a.fail { color: var(--fail); font-weight: 600; }
.sidebar .count { color: var(--muted); font-size: 12px; }
main { padding: 28px 36px; max-width: 1100px; }
header.page h1 { margin: 0 0 6px; font-size: 26px; }
.summary { font-size: 15px; color: var(--ok); margin: 0; }
.summary.has-failures { color: var(--fail); font-weight: 600; }
.generated { color: var(--muted); font-size: 13px; }
.subject { margin-top: 34px; }
.subject h2 { font-size: 21px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
.subject h2 small { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 8px; }
.subject h3 { font-size: 14px; color: var(--muted); margin: 18px 0 8px; font-family: ui-monospace, monospace; }
.scenario { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--ok); border-radius: 6px; padding: 12px 16px; margin: 10px 0; }
.scenario.failed { border-left-color: var(--fail); }
.scenario.on-purpose { border-left-color: #b7791f; }
.scenario header { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.badge { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 10px; }
.badge.passed { background: var(--ok-bg); color: var(--ok); }
.badge.failed { background: var(--fail-bg); color: var(--fail); }
.badge.on-purpose { background: #fdf3e1; color: #8a5a00; }
.test { font-weight: 600; }
.file { color: var(--muted); font-size: 12px; margin-left: auto; }
.gwt { display: grid; grid-template-columns: 70px 1fr; gap: 4px 12px; margin: 10px 0 0; font-size: 14px; }
.gwt dt { font-weight: 700; color: var(--accent); }
.gwt dd { margin: 0; }
.gwt ul { margin: 0; padding-left: 18px; }
code { overflow-wrap: anywhere; font-family: ui-monospace, "SF Mono", Menlo, monospace; font-size: 13px; }
.none { color: var(--muted); }
.failure { background: #1e2230; color: #e6e9ef; padding: 12px 14px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12.5px; line-height: 1.45; }
.diff-changed { color: #ff8a80; } .diff-missing { color: #ffb74d; } .diff-unexpected { color: #ff8a80; }
.diff-same { color: #81c784; } .diff-field { color: #ffd54f; }
.empty { color: var(--muted); }
.timeline { font-size: 13px; margin: 6px 0; }
.schema summary { cursor: pointer; color: var(--accent); font-size: 13px; }
.schema pre { background: var(--bg); padding: 10px; border-radius: 6px; overflow-x: auto; }
.timeline-svg { margin: 10px 0 0; overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
@media (max-width: 800px) { body { grid-template-columns: 1fr; } .sidebar { position: static; height: auto; } }
`;

export const reportScript = `
(function () {
  var input = document.getElementById('search');
  var none = document.getElementById('no-match');
  input.addEventListener('input', function () {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll('.subject').forEach(function (subject) {
      var visible = 0;
      subject.querySelectorAll('.scenario').forEach(function (scenario) {
        var match = !query || scenario.getAttribute('data-search').indexOf(query) >= 0;
        scenario.hidden = !match;
        if (match) visible++;
      });
      subject.hidden = visible === 0;
      var link = document.querySelector('[data-subject="' + subject.id + '"]');
      if (link) link.parentElement.hidden = visible === 0;
      shown += visible;
    });
    none.hidden = shown > 0;
  });
})();
`;
