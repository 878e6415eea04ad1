// report.html: one self-contained page (inline style, script and data; no network fetches).
// Colours follow Ansible's: ok green, changed yellow, failed/unreachable red, skipped cyan,
// rescued magenta, ignored blue (darkened to read on white).
import { CLIENT_SCRIPT } from './client.ts';
import type { ReportView } from './view.ts';

const STYLE = `
:root { --ok:#1a7f37; --changed:#9a6700; --failed:#cf222e; --unreachable:#a40e26; --skipped:#0a7ea4; --rescued:#a626a4; --ignored:#0550ae;
  --ok-bg:#dafbe1; --changed-bg:#fff3bf; --failed-bg:#ffebe9; --unreachable-bg:#ffd8d3; --skipped-bg:#ddf4ff; --rescued-bg:#fbefff; --ignored-bg:#ddeeff;
  --line:#d0d7de; --muted:#57606a; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color:#1f2328; background:var(--bg); }
header { background:#24292f; color:#fff; padding:14px 24px; }
header h1 { margin:0 0 6px; font-size:18px; font-weight:600; word-break:break-all; }
header h1 small { color:#8c959f; font-weight:400; margin-right:8px; }
#meta { display:flex; flex-wrap:wrap; gap:6px 14px; align-items:center; color:#d0d7de; }
#command { display:block; margin-top:6px; color:#afb8c1; font-size:12px; white-space:pre-wrap; word-break:break-all; }
main { padding:16px 24px 40px; max-width:1400px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 16px; margin-bottom:16px; }
h2 { font-size:15px; margin:0 0 10px; }
h2 small { font-size:12px; font-weight:400; margin-left:8px; }
pre { font:12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; margin:4px 0; white-space:pre-wrap; word-break:break-word; }
.muted, .zero { color:var(--muted); }
.badge, .chip { display:inline-block; border-radius:10px; padding:0 8px; font-size:12px; font-weight:600; line-height:20px; }
.chip { margin-left:6px; }
.s-ok { background:var(--ok-bg); color:var(--ok); } .s-changed { background:var(--changed-bg); color:var(--changed); }
.s-failed { background:var(--failed-bg); color:var(--failed); } .s-unreachable { background:var(--unreachable-bg); color:var(--unreachable); }
.s-skipped { background:var(--skipped-bg); color:var(--skipped); } .s-ignored { background:var(--ignored-bg); color:var(--ignored); }
.s-rescued { background:var(--rescued-bg); color:var(--rescued); }
.c-ok { color:var(--ok); } .c-changed { color:var(--changed); } .c-failed, .c-unreachable { color:var(--failed); font-weight:600; }
.c-skipped { color:var(--skipped); } .c-rescued { color:var(--rescued); } .c-ignored { color:var(--ignored); }
#failures { border-color:var(--failed); border-left-width:4px; }
#failures h2 { color:var(--failed); }
.failure { padding:6px 0; border-top:1px solid #eee; } .failure:first-of-type { border-top:0; }
.failure .task { font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:12px; }
pre.msg { background:#fff8f8; border-left:3px solid var(--failed); padding:4px 8px; }
pre.error { color:var(--failed); }
#filters { display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; position:sticky; top:0; z-index:2; }
#filters input[type=search] { font:inherit; padding:4px 8px; border:1px solid var(--line); border-radius:6px; width:240px; }
.toggle { border-radius:10px; padding:1px 8px; font-size:12px; font-weight:600; cursor:pointer; user-select:none; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:3px 8px; border-bottom:1px solid #eaeef2; vertical-align:top; }
th { font-size:12px; color:var(--muted); font-weight:600; }
.num { text-align:right; font-variant-numeric:tabular-nums; width:1%; white-space:nowrap; }
td.host { font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:13px; white-space:nowrap; width:1%; }
.scroll { max-height:420px; overflow:auto; }
#timeline-axis { position:relative; height:18px; margin-left:180px; border-bottom:1px solid var(--line); font-size:11px; color:var(--muted); }
#timeline-axis span { position:absolute; transform:translateX(-50%); white-space:nowrap; }
#timeline-axis span:first-child { transform:none; } #timeline-axis span:last-child { transform:translateX(-100%); }
.tl-row { display:flex; align-items:center; height:20px; }
.tl-row:nth-child(odd) { background:#fafbfc; }
.tl-host { width:180px; flex:none; font:12px ui-monospace, "DejaVu Sans Mono", monospace; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; padding-right:8px; }
.tl-track { position:relative; flex:1; height:14px; }
.bar { position:absolute; top:0; height:14px; min-width:3px; border-radius:2px; border:1px solid rgba(0,0,0,.15); }
.bar.s-ok { background:#4ac26b; } .bar.s-changed { background:#d4a72c; } .bar.s-failed, .bar.s-unreachable { background:#cf222e; }
.bar.s-skipped { background:#54aeff; } .bar.s-ignored { background:#0969da; } .bar.s-rescued { background:#a626a4; }
details.task { border-top:1px solid #eaeef2; padding:4px 0; }
details.task.bad > summary .tname { color:var(--failed); }
summary { cursor:pointer; display:flex; align-items:center; flex-wrap:wrap; gap:2px; }
.tname { font:13px ui-monospace, "DejaVu Sans Mono", monospace; font-weight:600; margin-right:4px; }
.tdur { margin-left:auto; color:var(--muted); font-size:12px; font-variant-numeric:tabular-nums; min-width:64px; text-align:right; }
.span { position:relative; width:160px; height:8px; background:#eaeef2; border-radius:4px; margin-left:10px; }
.span i { position:absolute; top:0; height:8px; min-width:2px; background:#8c959f; border-radius:4px; }
.diffmark { background:#eaeef2; color:#57606a; }
table.results { margin:6px 0 4px 18px; width:calc(100% - 18px); }
td.detail { width:auto; }
pre.diff { background:#f6f8fa; border:1px solid var(--line); border-radius:6px; padding:6px 8px; }
pre.diff .da { color:#116329; background:#dafbe1; } pre.diff .dd { color:#82071e; background:#ffebe9; }
pre.diff .dc { color:#0550ae; } pre.diff .dh { color:var(--muted); font-weight:600; }
`;

/** JSON that is safe inside <script>: no `</script>` or `<!--` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function renderReportPage(view: ReportView): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>warren report · ${escapeHtml(view.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1><small>warren run</small>${escapeHtml(view.title)}</h1><div id="meta"></div><code id="command"></code></header>
<main>
<div id="errors"></div>
<section id="failures" hidden><h2>Failures (<span id="failures-count">0</span>)</h2><div id="failure-list"></div></section>
<section id="filters"><input id="host-filter" type="search" placeholder="filter hosts: web, db1, …" aria-label="filter hosts"><span id="status-filters"></span></section>
<section id="recap"><h2>PLAY RECAP</h2><div class="scroll"><table id="recap-table"></table></div></section>
<section id="timeline"><h2>Timeline <small class="muted">one bar per task and host, coloured by status; hover a bar for the task</small></h2><div id="timeline-axis"></div><div class="scroll" id="timeline-rows"></div></section>
<section id="tasks"><h2>Tasks</h2><div id="task-list"></div></section>
</main>
<script id="report-data" type="application/json">${scriptJson(view)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
