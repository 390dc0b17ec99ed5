/**
 * The viewer's browser script (inlined into the page). Plain ES2017 with no template literals, so it
 * can live in this TS string. All span content is inserted as text, never as HTML: traces hold
 * model and tool data, which must not be able to run script in the viewer.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var state = { traces: [], traceId: null, spans: [], selectedSpanId: null };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) for (var k in props) {
      if (k === 'text') node.textContent = props[k];
      else if (k === 'class') node.className = props[k];
      else if (k === 'style') node.setAttribute('style', props[k]);
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), props[k]);
      else node.setAttribute(k, props[k]);
    }
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  // ISO times carry microseconds; Date.parse keeps only milliseconds.
  function toMs(iso) {
    if (!iso) return null;
    var base = Date.parse(iso);
    var m = /\\.\\d{3}(\\d{1,3})/.exec(iso);
    return m ? base + Number((m[1] + '00').slice(0, 3)) / 1000 : base;
  }
  function fmtDuration(ms) {
    if (ms == null || isNaN(ms)) return '\\u2014';
    if (ms < 1) return Math.round(ms * 1000) + ' \\u00b5s';
    if (ms < 1000) return (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + ' ms';
    return (ms / 1000).toFixed(2) + ' s';
  }
  function fmtTime(iso) { return iso ? new Date(toMs(iso)).toLocaleString() : '\\u2014'; }
  // Compact form for the run list: the time alone for today's runs.
  function fmtShort(iso) {
    if (!iso) return '\\u2014';
    var d = new Date(toMs(iso));
    return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleDateString() + ' ' + d.toLocaleTimeString();
  }
  function color(type) { return 'var(--' + (type || 'custom') + ', var(--custom))'; }
  function json(value) { try { return JSON.stringify(value, null, 2); } catch (e) { return String(value); } }

  function getJson(url) {
    return fetch(url, { headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
      return r.json();
    });
  }

  function loadList() {
    return getJson('api/traces').then(function (body) {
      state.traces = body.data;
      renderList();
      var wanted = decodeURIComponent(location.hash.slice(1));
      if (wanted && wanted !== state.traceId) return loadTrace(wanted);
      if (!state.traceId && state.traces.length) return loadTrace(state.traces[0].traceId);
    }).catch(showError);
  }

  function renderList() {
    var body = $('runs-body');
    body.textContent = '';
    if (!state.traces.length) {
      body.appendChild(el('tr', null, [el('td', { colspan: '5', class: 'empty', text: 'No runs recorded yet. Run with AGENTRUN_TRACES=local.' })]));
      return;
    }
    state.traces.forEach(function (t) {
      var failed = t.errorCount > 0;
      body.appendChild(el('tr', {
        class: 'run' + (t.traceId === state.traceId ? ' selected' : ''),
        'data-trace-id': t.traceId,
        title: t.traceId,
        onclick: function () { location.hash = encodeURIComponent(t.traceId); },
      }, [
        el('td', { class: 'wf', text: t.workflowName }),
        el('td', { text: fmtShort(t.startedAt), title: fmtTime(t.startedAt) }),
        el('td', { class: 'num', text: fmtDuration(t.durationMs) }),
        el('td', { class: 'num', text: String(t.spanCount) }),
        el('td', { class: failed ? 'status-err' : 'status-ok', 'data-status': failed ? 'error' : 'ok',
          text: failed ? '\\u26a0 ' + t.errorCount + ' error' + (t.errorCount > 1 ? 's' : '') : 'ok' }),
      ]));
    });
  }

  function loadTrace(id) {
    return getJson('api/traces/' + encodeURIComponent(id)).then(function (body) {
      state.traceId = id;
      state.trace = body.trace;
      state.spans = body.spans;
      state.selectedSpanId = null;
      renderList();
      renderTimeline();
      renderDetails(null);
    }).catch(showError);
  }

  // Depth-first order: each span followed by its children, siblings by start time.
  function ordered(spans) {
    var byId = {}, children = {}, roots = [];
    spans.forEach(function (s) { byId[s.spanId] = s; });
    spans.forEach(function (s) {
      if (s.parentId && byId[s.parentId]) (children[s.parentId] = children[s.parentId] || []).push(s);
      else roots.push(s);
    });
    var byStart = function (a, b) { return (toMs(a.startedAt) || 0) - (toMs(b.startedAt) || 0); };
    var out = [];
    (function walk(list, depth) {
      list.sort(byStart).forEach(function (s) { out.push({ span: s, depth: depth }); walk(children[s.spanId] || [], depth + 1); });
    })(roots, 0);
    return out;
  }

  function fmtTick(x, step) {
    if (x === 0) return '0';
    if (step >= 1000) return (x / 1000).toFixed(step >= 10000 ? 0 : 1) + ' s';
    var decimals = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
    return x.toFixed(decimals) + ' ms';
  }

  function niceStep(total) {
    var raw = total / 6, pow = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * pow >= raw) return steps[i] * pow;
    return 10 * pow;
  }

  function renderTimeline() {
    var t = state.trace, spans = state.spans;
    $('run-title').textContent = t.workflowName;
    var starts = spans.map(function (s) { return toMs(s.startedAt); }).concat([toMs(t.startedAt)]).filter(function (x) { return x != null; });
    var ends = spans.map(function (s) { return toMs(s.endedAt); }).concat([toMs(t.endedAt)]).filter(function (x) { return x != null; });
    var t0 = Math.min.apply(null, starts), t1 = Math.max.apply(null, ends.concat([t0]));
    var total = Math.max(t1 - t0, 0.001);
    $('run-meta').textContent = t.traceId + (t.groupId ? '  \\u00b7  group ' + t.groupId : '') + '  \\u00b7  ' +
      fmtTime(t.startedAt) + '  \\u00b7  ' + fmtDuration(t1 - t0) + '  \\u00b7  ' + spans.length + ' spans';
    var box = $('timeline');
    box.textContent = '';
    if (!spans.length) { box.appendChild(el('div', { class: 'empty', text: 'This run has no finished spans.' })); return; }
    var axisTrack = el('div', { class: 'track' });
    var step = niceStep(total);
    // Ticks too close to the right edge would be clipped; the last gridline is enough there.
    for (var x = 0; x / total <= 0.93; x += step) {
      axisTrack.appendChild(el('div', { class: 'tick', style: 'left:' + (x / total * 100) + '%', text: fmtTick(x, step) }));
    }
    box.appendChild(el('div', { class: 'axis' }, [el('div', { class: 'label', text: 'span' }), axisTrack]));
    ordered(spans).forEach(function (entry) {
      var s = entry.span;
      var start = toMs(s.startedAt), end = toMs(s.endedAt);
      var left = ((start - t0) / total) * 100, width = Math.max(((end - start) / total) * 100, 0);
      var bar = el('div', { class: 'bar' + (s.error ? ' error' : ''), style: 'left:' + left + '%;width:' + width + '%;background:' + color(s.type) });
      // The duration goes inside a wide bar, else beside it on whichever side has room.
      var place = width > 12 ? 'left:calc(' + left + '% + 6px);color:#fff'
        : left + width > 80 ? 'right:calc(' + (100 - left) + '% + 4px)' : 'left:calc(' + (left + width) + '% + 4px)';
      var time = el('div', { class: 'bar-time', style: place, text: fmtDuration(end - start) });
      var row = el('div', {
        class: 'span-row' + (s.spanId === state.selectedSpanId ? ' selected' : ''),
        'data-span-id': s.spanId, 'data-span-type': s.type, role: 'button', tabindex: '0', title: s.type + ': ' + s.name,
        onclick: function () { selectSpan(s.spanId); },
        onkeydown: function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectSpan(s.spanId); } },
      }, [
        el('div', { class: 'label', style: 'padding-left:' + (8 + entry.depth * 16) + 'px' }, [
          el('span', { class: 'badge', style: 'background:' + color(s.type), text: s.type }),
          s.name,
          s.error ? el('span', { class: 'err-mark', text: '!' }) : null,
        ]),
        el('div', { class: 'track' }, [bar, time]),
      ]);
      box.appendChild(row);
    });
  }

  function selectSpan(id) {
    state.selectedSpanId = id;
    Array.prototype.forEach.call(document.querySelectorAll('.span-row'), function (r) {
      r.classList.toggle('selected', r.getAttribute('data-span-id') === id);
    });
    renderDetails(state.spans.filter(function (s) { return s.spanId === id; })[0] || null);
  }

  var SECTIONS = [['input', 'Input'], ['output', 'Output'], ['usage', 'Usage'], ['data', 'Data'], ['modelConfig', 'Model config']];
  var SKIP = { type: 1, name: 1, input: 1, output: 1, usage: 1, data: 1, modelConfig: 1 };

  function renderDetails(span) {
    var box = $('details');
    box.textContent = '';
    if (!span) { box.appendChild(el('div', { class: 'empty', text: 'Click a span to see its details.' })); return; }
    var d = span.spanData || {};
    var fields = [['Type', span.type], ['Name', span.name], ['Span id', span.spanId], ['Parent', span.parentId || '(trace)'],
      ['Started', fmtTime(span.startedAt)], ['Duration', fmtDuration(toMs(span.endedAt) - toMs(span.startedAt))]];
    Object.keys(d).forEach(function (k) { if (!SKIP[k] && d[k] != null) fields.push([k, typeof d[k] === 'string' ? d[k] : json(d[k])]); });
    var dl = el('dl');
    fields.forEach(function (f) { dl.appendChild(el('dt', { text: f[0] })); dl.appendChild(el('dd', { text: String(f[1]) })); });
    box.appendChild(el('h3', { text: span.name === span.type ? span.type : span.type + ' \\u00b7 ' + span.name }));
    box.appendChild(dl);
    if (span.error) {
      box.appendChild(el('div', { class: 'section', 'data-section': 'error' }, [el('h4', { text: 'Error' }),
        el('div', { class: 'error-box' }, [span.error.message, span.error.data ? el('pre', { text: json(span.error.data) }) : null])]));
    }
    SECTIONS.forEach(function (s) {
      if (d[s[0]] == null) return;
      box.appendChild(el('div', { class: 'section', 'data-section': s[0] }, [el('h4', { text: s[1] }),
        el('pre', { text: typeof d[s[0]] === 'string' ? d[s[0]] : json(d[s[0]]) })]));
    });
  }

  function showError(err) {
    $('timeline').textContent = '';
    $('timeline').appendChild(el('div', { class: 'empty', text: 'Could not load: ' + (err && err.message || err) }));
  }

  window.addEventListener('hashchange', function () {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && id !== state.traceId) loadTrace(id);
  });
  $('refresh').addEventListener('click', loadList);
  loadList();
})();
`;
