import { PAGE_STYLE } from './page-style.js';
import { PAGE_SCRIPT } from './page-script.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The viewer's single self-contained page (no external assets). */
export function renderViewerPage(options: { dbPath: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>agentrun traces</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>agentrun traces</h1><span class="db" title="trace database">${escapeHtml(options.dbPath)}</span><button id="refresh" type="button">Refresh</button></header>
<main>
  <section id="runs" aria-label="Runs">
    <table>
      <thead><tr><th>Workflow</th><th>Started</th><th class="num">Duration</th><th class="num">Spans</th><th>Status</th></tr></thead>
      <tbody id="runs-body"></tbody>
    </table>
  </section>
  <section id="run" aria-label="Run timeline">
    <h2 id="run-title"></h2>
    <div class="meta" id="run-meta"></div>
    <div class="timeline" id="timeline"><div class="empty">Select a run.</div></div>
  </section>
  <aside id="details" aria-label="Span details"><div class="empty">Click a span to see its details.</div></aside>
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
