import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { z } from 'zod';
import { Agent, Runner, tool } from '../../src/index.js';
import { ScriptedModel, functionCall, textMessage } from '../../src/testing/index.js';
import { LocalTraceProcessor, flushTraces, setTraceProcessors } from '../../src/tracing/index.js';
import { startTraceViewer } from '../../src/cli/trace-viewer/server.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.AGENTRUN_REQUIRE_SERVICES === '1';
const missing = !existsSync(CHROMIUM);
if (missing && required) throw new Error(`${CHROMIUM} is missing and AGENTRUN_REQUIRE_SERVICES=1: install Debian's chromium package`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Debian's Chromium, headless, with the flags a closed network needs. */
function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Records two real runs through the Runner: a tool run and one whose model call fails. */
async function recordRuns(dbPath: string): Promise<void> {
  const processor = new LocalTraceProcessor({ path: dbPath });
  setTraceProcessors([processor]);
  const getWeather = tool({
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      await sleep(8);
      return `Rainy in ${city}, 7°C`;
    },
  });
  const forecaster = new Agent({
    name: 'Forecaster',
    tools: [getWeather],
    model: new ScriptedModel(
      [
        { output: [functionCall('get_weather', { city: 'Oslo' })], usage: { inputTokens: 42, outputTokens: 9 } },
        { output: [textMessage('It is rainy in Oslo.')], usage: { inputTokens: 60, outputTokens: 7 } },
      ],
      { latencyMs: 12 },
    ),
  });
  await Runner.run(forecaster, 'Weather in <b>Oslo</b>?', { runConfig: { workflowName: 'Weather workflow', groupId: 'thread_42' } });
  const broken = new Agent({ name: 'Broken', model: new ScriptedModel([new Error('Model request failed with HTTP 500')], { latencyMs: 5 }) });
  await Runner.run(broken, 'hello', { runConfig: { workflowName: 'Failing workflow' } }).catch(() => undefined);
  await flushTraces();
  processor.shutdown();
  setTraceProcessors([]);
}

test('trace viewer lists runs, draws the timeline and shows span details in Chromium', { skip: missing ? `${CHROMIUM} not installed (set AGENTRUN_REQUIRE_SERVICES=1 to make this fail)` : false, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentrun-viewer-'));
  const dbPath = join(dir, 'traces.db');
  await recordRuns(dbPath);
  const viewer = await startTraceViewer({ dbPath });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(viewer.url)) problems.push(`external request: ${r.url()}`);
    });
    await page.goto(viewer.url);

    // The run list: newest first, with span counts and the error flag.
    const rows = page.locator('tr.run');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    assert.deepEqual(await page.locator('tr.run td.wf').allTextContents(), ['Failing workflow', 'Weather workflow']);
    const failing = rows.filter({ hasText: 'Failing workflow' });
    assert.equal(await failing.locator('[data-status]').getAttribute('data-status'), 'error');
    assert.match((await failing.textContent())!, /2 errors/);
    const weather = rows.filter({ hasText: 'Weather workflow' });
    assert.equal(await weather.locator('[data-status]').getAttribute('data-status'), 'ok');
    assert.equal((await weather.locator('td.num').nth(1).textContent())!.trim(), '4');
    assert.match((await weather.locator('td.num').first().textContent())!, /ms$/);

    // Open the weather run: spans in tree order, children indented under the agent, bars in time order.
    await weather.click();
    await page.locator('#run-title', { hasText: 'Weather workflow' }).waitFor();
    assert.match((await page.locator('#run-meta').textContent())!, /thread_42/);
    const spanRows = page.locator('.span-row');
    await spanRows.nth(3).waitFor();
    assert.deepEqual(await spanRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-span-type'))), ['agent', 'generation', 'function', 'generation']);
    const indents = await spanRows.evaluateAll((els) => els.map((e) => parseFloat((e.querySelector('.label') as HTMLElement).style.paddingLeft)));
    assert.ok(indents[1]! > indents[0]! && indents[2] === indents[1], `indents ${indents}`);
    const bars = await spanRows.evaluateAll((els) => els.map((e) => (e.querySelector('.bar') as HTMLElement).getBoundingClientRect()).map((r) => ({ x: r.x, w: r.width })));
    assert.ok(bars[0]!.w > bars[1]!.w, 'the agent bar spans its children');
    assert.ok(bars[1]!.x < bars[2]!.x && bars[2]!.x < bars[3]!.x, 'bars follow start times');
    assert.ok(bars[3]!.x + bars[3]!.w <= bars[0]!.x + bars[0]!.w + 1, 'children end inside the agent bar');

    // Click the tool span: the details panel shows its input and output.
    await spanRows.nth(2).click();
    const details = page.locator('#details');
    await details.locator('h3', { hasText: 'get_weather' }).waitFor();
    assert.equal(await details.locator('[data-section=input] pre').textContent(), '{"city":"Oslo"}');
    assert.equal(await details.locator('[data-section=output] pre').textContent(), 'Rainy in Oslo, 7°C');
    assert.ok(await spanRows.nth(2).evaluate((e) => e.classList.contains('selected')));

    // A model span: usage, and HTML in the input shown as text.
    await spanRows.nth(1).click();
    await details.locator('[data-section=usage]').waitFor();
    assert.match((await details.locator('[data-section=usage] pre').textContent())!, /"inputTokens": 42/);
    assert.match((await details.locator('[data-section=input] pre').textContent())!, /<b>Oslo<\/b>/);
    assert.equal(await details.locator('b').count(), 0, 'span data is never rendered as HTML');
    assert.match((await details.locator('[data-section=output] pre').textContent())!, /"name": "get_weather"/);

    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/trace-viewer.png', fullPage: true });

    // The failing run: its error span is marked and its error shown.
    await failing.click();
    await page.locator('#run-title', { hasText: 'Failing workflow' }).waitFor();
    const errorRow = page.locator('.span-row[data-span-type=generation]');
    assert.equal(await errorRow.locator('.bar.error').count(), 1);
    await errorRow.click();
    await details.locator('[data-section=error]').waitFor();
    assert.match((await details.locator('[data-section=error]').textContent())!, /HTTP 500.*"type": "Error"/s);

    // Reloading with a run id in the URL opens that run.
    const weatherId = await weather.getAttribute('data-trace-id');
    await page.goto(`${viewer.url}#${weatherId}`);
    await page.locator('#run-title', { hasText: 'Weather workflow' }).waitFor();

    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await viewer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('viewer JSON API: list, one trace, unknown id, unknown path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentrun-viewer-api-'));
  const dbPath = join(dir, 'traces.db');
  await recordRuns(dbPath);
  const viewer = await startTraceViewer({ dbPath });
  try {
    const list = (await (await fetch(`${viewer.url}api/traces`)).json()) as { data: Array<{ traceId: string; workflowName: string; spanCount: number; errorCount: number }> };
    // The failing run has two error spans: the model call and the agent span it ended.
    assert.deepEqual(list.data.map((t) => [t.workflowName, t.spanCount, t.errorCount]), [['Failing workflow', 2, 2], ['Weather workflow', 4, 0]]);
    const limited = (await (await fetch(`${viewer.url}api/traces?limit=1&offset=1`)).json()) as { data: Array<{ workflowName: string }> };
    assert.deepEqual(limited.data.map((t) => t.workflowName), ['Weather workflow']);
    const one = await fetch(`${viewer.url}api/traces/${list.data[1]!.traceId}`);
    assert.equal(one.status, 200);
    const body = (await one.json()) as { trace: { workflowName: string; groupId: string }; spans: Array<{ type: string }> };
    assert.equal(body.trace.groupId, 'thread_42');
    assert.equal(body.spans.length, 4);
    assert.equal((await fetch(`${viewer.url}api/traces/trace_nope`)).status, 404);
    assert.equal((await fetch(`${viewer.url}nope`)).status, 404);
    // Requests for another host name (DNS rebinding) are refused.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${viewer.url}api/traces`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 403);
    const page = await fetch(viewer.url);
    assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/);
    const html = await page.text();
    assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)=/, 'no external assets');
  } finally {
    await viewer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the demo, run as a user would, shows up in the viewer with its agents, tools and handoff (Chromium)', { skip: missing ? `${CHROMIUM} not installed (set AGENTRUN_REQUIRE_SERVICES=1 to make this fail)` : false, timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentrun-viewer-demo-'));
  const dbPath = join(dir, 'traces.db');
  // Offline on purpose: no OpenAI key, so the demo drives its scripted server.
  const env: NodeJS.ProcessEnv = { ...process.env, AGENTRUN_TRACE_DB: dbPath };
  delete env.OPENAI_API_KEY;
  delete env.AGENTRUN_TRACES;
  const demo = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { env, timeout: 60_000 }, (error, stdout) => {
      if (error && error.code === undefined) reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout });
    });
  });
  assert.equal(demo.code, 0, demo.stdout);
  assert.match(demo.stdout, /\[offline\]/);
  assert.match(demo.stdout, /final output \(Refunds agent\): Done: order 1234 is refunded/);

  const viewer = await startTraceViewer({ dbPath });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
    await page.goto(viewer.url);
    const run = page.locator('tr.run', { hasText: 'Support demo' });
    await run.waitFor();
    assert.equal((await run.locator('td.num').nth(1).textContent())!.trim(), '9');
    await run.click();
    await page.locator('#run-title', { hasText: 'Support demo' }).waitFor();
    const spanRows = page.locator('.span-row');
    await spanRows.nth(8).waitFor();
    assert.deepEqual(
      await spanRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-span-type'))),
      ['agent', 'generation', 'function', 'generation', 'handoff', 'agent', 'generation', 'function', 'generation'],
    );
    const labels = await spanRows.evaluateAll((els) => els.map((e) => (e.querySelector('.label') as HTMLElement).textContent ?? ''));
    assert.match(labels[0]!, /Triage agent/);
    assert.match(labels[2]!, /lookup_order/);
    assert.match(labels[5]!, /Refunds agent/);
    assert.match(labels[7]!, /issue_refund/);
    await spanRows.nth(4).click();
    await page.locator('#details', { hasText: 'Refunds agent' }).waitFor();
    await spanRows.nth(7).click();
    await page.locator('#details [data-section=output] pre', { hasText: 'RF-1234-01' }).waitFor();
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/trace-viewer-demo.png', fullPage: true });
  } finally {
    await browser.close();
    await viewer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
