/** The viewer's stylesheet (inlined into the page; the page loads nothing else). */
export const PAGE_STYLE = `
:root { --bg:#f8fafc; --panel:#fff; --line:#e2e8f0; --text:#0f172a; --muted:#64748b; --accent:#4f46e5; --err:#dc2626;
  --agent:#6366f1; --generation:#0ea5e9; --response:#0ea5e9; --function:#10b981; --mcp_tools:#14b8a6; --handoff:#f59e0b; --guardrail:#a855f7; --custom:#64748b; }
* { box-sizing: border-box; }
body { margin:0; font:13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--text); background:var(--bg); }
header { display:flex; align-items:center; gap:12px; padding:10px 16px; background:#0f172a; color:#f8fafc; }
header h1 { font-size:15px; margin:0; font-weight:600; }
header .db { color:#94a3b8; font-family:ui-monospace, monospace; font-size:12px; flex:1; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
button { font:inherit; cursor:pointer; border:1px solid var(--line); background:var(--panel); border-radius:6px; padding:4px 10px; }
header button { background:#1e293b; color:#f8fafc; border-color:#334155; }
main { display:grid; grid-template-columns: minmax(450px, 34%) 1fr; grid-template-rows: minmax(0, 1fr) auto; height:calc(100vh - 44px); }
#runs { grid-row: 1 / span 2; overflow:auto; border-right:1px solid var(--line); background:var(--panel); }
table { width:100%; border-collapse:collapse; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); white-space:nowrap; }
th { position:sticky; top:0; background:#f1f5f9; font-weight:600; color:var(--muted); font-size:12px; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
tr.run { cursor:pointer; }
tr.run:hover { background:#eef2ff; }
tr.run.selected { background:#e0e7ff; }
td.wf { max-width:150px; overflow:hidden; text-overflow:ellipsis; font-weight:500; }
.status-ok { color:#059669; } .status-err { color:var(--err); font-weight:600; }
#run { overflow:auto; padding:12px 16px; }
#run h2 { margin:0 0 2px; font-size:16px; }
.meta { color:var(--muted); font-size:12px; margin-bottom:10px; font-family:ui-monospace, monospace; }
.empty { color:var(--muted); padding:24px; text-align:center; }
.timeline { border:1px solid var(--line); border-radius:8px; background:var(--panel); }
.axis, .span-row { display:grid; grid-template-columns: 280px 1fr; }
.axis { border-bottom:1px solid var(--line); height:24px; position:sticky; top:0; background:var(--panel); z-index:1; }
.axis .track { position:relative; }
.tick { position:absolute; top:0; bottom:0; white-space:nowrap; border-left:1px solid var(--line); font-size:11px; color:var(--muted); padding:4px 0 0 3px; }
.span-row { cursor:pointer; border-bottom:1px solid #f1f5f9; }
.span-row:hover { background:#f8fafc; }
.span-row.selected { background:#eef2ff; }
.label { padding:4px 8px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.badge { display:inline-block; font-size:10px; text-transform:uppercase; letter-spacing:.03em; color:#fff; border-radius:4px; padding:0 5px; margin-right:6px; }
.track { position:relative; min-height:26px; }
.bar { position:absolute; top:6px; height:14px; border-radius:3px; min-width:2px; }
.bar.error { outline:2px solid var(--err); outline-offset:1px; }
.bar-time { position:absolute; top:6px; line-height:14px; font-size:11px; color:var(--muted); white-space:nowrap; }
.err-mark { color:var(--err); font-weight:700; margin-left:4px; }
#details { grid-column:2; border-top:1px solid var(--line); background:var(--panel); overflow:auto; padding:12px 16px; max-height:45vh; }
#details h3 { margin:0 0 8px; font-size:14px; }
dl { display:grid; grid-template-columns: 110px 1fr; gap:2px 12px; margin:0 0 10px; }
dt { color:var(--muted); } dd { margin:0; font-family:ui-monospace, monospace; word-break:break-all; }
.section h4 { margin:10px 0 4px; font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
pre { margin:0; background:#f1f5f9; border-radius:6px; padding:8px; overflow:auto; max-height:260px; font-size:12px; white-space:pre-wrap; word-break:break-word; }
.error-box { border:1px solid #fecaca; background:#fef2f2; color:#991b1b; border-radius:6px; padding:8px; }
`;
