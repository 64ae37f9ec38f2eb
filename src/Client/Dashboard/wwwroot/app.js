// AutoPipe's live dashboard: one EventSource (/events) pushes a snapshot, then an update about twice a second.
// Every text that comes from a campaign (job ids, failure messages, config_type, worker names) is set as text
// (textContent, or canvas text inside the charts), never parsed as HTML.
(function () {
  'use strict';

  var COLORS = { completed: '#2f9e44', retried: '#f08c00', corrected: '#7048e8', failed: '#e03131', interrupted: '#adb5bd', running: '#1c7ed6' };
  var OUTCOMES = ['completed', 'retried', 'corrected', 'failed', 'interrupted', 'running'];
  var BARS_KEPT = 1500;
  var FAILURES_KEPT = 100;
  var CARDS_SHOWN = 12;

  var state = { message: null, bars: [], failures: [], ended: false };
  // For scripts and tests: the page's state as it renders it (read-only use).
  window.autopipe = state;

  function $(id) { return document.getElementById(id); }

  function text(element, value) {
    element.textContent = value == null ? '' : String(value);
    return element;
  }

  function make(tag, className, value) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (value != null) { element.textContent = String(value); }
    return element;
  }

  function number(n) { return Math.round(n).toLocaleString('en-US'); }

  function duration(seconds) {
    if (seconds == null || !isFinite(seconds)) { return '-'; }
    if (seconds < 60) { return seconds.toFixed(seconds < 10 ? 1 : 0) + ' s'; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s'; }
    if (seconds < 86400) { return Math.floor(seconds / 3600) + ' h ' + Math.round((seconds % 3600) / 60) + ' min'; }
    return (seconds / 86400).toFixed(1) + ' days';
  }

  function rate(perSecond) {
    if (perSecond == null || !isFinite(perSecond) || perSecond <= 0) { return '-'; }
    if (perSecond >= 1) { return (perSecond >= 100 ? number(perSecond) : perSecond.toFixed(1)) + ' /s'; }
    if (perSecond * 60 >= 1) { return (perSecond * 60).toFixed(1) + ' /min'; }
    return (perSecond * 3600).toFixed(1) + ' /h';
  }

  function clock(ms) {
    var d = new Date(ms);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function significant(x) {
    if (x === 0) { return '0'; }
    var a = Math.abs(x);
    return a >= 1e4 || a < 1e-2 ? x.toExponential(1) : x.toPrecision(3).replace(/\.?0+$/, '');
  }

  function safeLink(url) { return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null; }

  // ---- charts --------------------------------------------------------------------------------------------------
  var charts = {};

  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init($(id), null, { renderer: 'canvas' }); }
    return charts[id];
  }

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
    cards.forEach(function (c) { if (c.chart) { c.chart.resize(); } });
  });

  // A tooltip built from elements with textContent: ECharts would set a returned string as HTML.
  function tip(lines) {
    var box = make('div', 'tip');
    lines.forEach(function (line, i) {
      if (line == null || line === '') { return; }
      box.appendChild(i === 0 ? make('b', null, line) : make('div', null, line));
    });
    return box;
  }

  function renderBar(params, api) {
    var lane = api.value(0);
    var start = api.coord([api.value(1), lane]);
    var end = api.coord([api.value(2), lane]);
    var height = Math.max(2, api.size([0, 1])[1] * 0.72);
    var shape = echarts.graphic.clipRectByRect(
      { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1.5), height: height },
      { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
    // A thin white edge keeps one attempt apart from the next in its lane.
    return shape && { type: 'rect', shape: shape, style: { fill: COLORS[OUTCOMES[api.value(3)]], stroke: shape.width > 4 ? '#fff' : null, lineWidth: 1 } };
  }

  function laneLabels(message) {
    // On the slurm executor a lane also names the Slurm job it runs now.
    var slurm = {};
    message.inFlight.forEach(function (c) { if (c.slurmJob) { slurm[c.lane] = c.slurmJob; } });
    return message.lanes.map(function (lane) { return slurm[lane] ? lane + ' \u00b7 slurm ' + slurm[lane] : lane; });
  }

  function drawStream(message) {
    var index = {};
    message.lanes.forEach(function (lane, i) { index[lane] = i; });
    var items = [];
    var details = [];
    var now = message.now;
    var first = now;
    state.bars.forEach(function (b) {
      if (index[b.lane] === undefined) { return; }
      items.push([index[b.lane], b.start, b.end, OUTCOMES.indexOf(b.outcome)]);
      details.push([b.job + ' attempt ' + b.attempt, b.outcome + (b.kind ? ': ' + b.kind : ''), b.lane, duration((b.end - b.start) / 1000), b.message]);
      first = Math.min(first, b.start);
    });
    message.inFlight.forEach(function (c) {
      if (index[c.lane] === undefined) { return; }
      items.push([index[c.lane], c.start, now, 5]);
      details.push([c.job + ' attempt ' + c.attempt, 'running for ' + duration((now - c.start) / 1000), c.lane, c.detail]);
      first = Math.min(first, c.start);
    });
    // At least a few seconds across, and a little room after now.
    if (first > now - 3000) { first = now - 3000; }
    var last = now + (now - first) * 0.01;
    chart('stream').setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 6, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'item', confine: true,
        formatter: function (p) { return tip(details[p.dataIndex] || []); },
      },
      xAxis: {
        type: 'time', min: first, max: last, axisLine: { show: false },
        splitLine: { show: true, lineStyle: { color: '#eef0f3' } },
        axisLabel: { color: '#6b7280', hideOverlap: true },
      },
      yAxis: {
        type: 'category', data: laneLabels(message), inverse: true,
        axisTick: { show: false }, axisLine: { lineStyle: { color: '#ced4da' } },
        axisLabel: { color: '#343a40', width: 190, overflow: 'truncate', fontFamily: 'DejaVu Sans Mono, monospace', fontSize: 11, hideOverlap: true },
      },
      series: [{ type: 'custom', renderItem: renderBar, encode: { x: [1, 2], y: 0 }, data: items, clip: true, progressive: 0 }],
    }, { notMerge: true, lazyUpdate: true });
  }

  function drawHistogram(id, histogram, color) {
    var labels = [];
    var counts = [];
    var first = histogram.counts.findIndex(function (c) { return c > 0; });
    var last = histogram.counts.length - 1;
    while (last > 0 && histogram.counts[last] === 0) { last--; }
    if (first < 0) { first = 0; last = -1; }
    for (var i = first; i <= last; i++) {
      labels.push(significant(histogram.low + (i + 0.5) * histogram.width));
      counts.push(histogram.counts[i]);
    }
    chart(id).setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 8, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', confine: true, formatter: function (p) { return tip(['around ' + p[0].name, number(p[0].value) + ' in this bin']); } },
      xAxis: { type: 'category', data: labels, axisLabel: { color: '#6b7280', hideOverlap: true }, axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } }, axisLabel: { color: '#6b7280' } },
      series: [{ type: 'bar', data: counts, barCategoryGap: '8%', itemStyle: { color: color } }],
      graphic: histogram.count > 0 ? [] : [{ type: 'text', left: 'center', top: 'middle', style: { text: 'no rows yet', fill: '#adb5bd', fontSize: 12 } }],
    }, { notMerge: true, lazyUpdate: true });
  }

  // ---- calculations in flight -----------------------------------------------------------------------------------
  var cards = new Map();

  function drawCard(entry, c, now) {
    entry.root.className = 'card' + (c.attempt > 1 ? ' retry' : '');
    text(entry.job, c.job);
    entry.job.title = c.job;
    text(entry.attempt, 'attempt ' + c.attempt + ' of ' + c.maxAttempts);
    var meta = [c.lane];
    if (c.formula) { meta.push(c.formula); }
    if (c.configType) { meta.push('config_type ' + c.configType); }
    text(entry.meta, meta.join(' \u00b7 '));
    text(entry.detail, (c.detail ? c.detail + ' \u00b7 ' : '') + 'running for ' + duration((now - c.start) / 1000));
    var scf = c.scf;
    entry.scf.dataset.iterations = scf ? scf.length : 0;
    if (!scf) {
      entry.scf.hidden = true;
      return;
    }
    entry.scf.hidden = false;
    if (!entry.chart) { entry.chart = echarts.init(entry.scf, null, { renderer: 'canvas' }); }
    var points = [];
    scf.forEach(function (a, i) { if (a > 0) { points.push([i + 1, a]); } });
    entry.chart.setOption({
      animation: false,
      grid: { left: 4, right: 10, top: 16, bottom: 2, containLabel: true },
      title: { text: 'SCF accuracy (Ry) per iteration', left: 2, top: 0, textStyle: { fontSize: 10, fontWeight: 'normal', color: '#6b7280' } },
      tooltip: { trigger: 'axis', confine: true, formatter: function (p) { return tip(['iteration ' + p[0].value[0], p[0].value[1].toExponential(2) + ' Ry']); } },
      xAxis: { type: 'value', min: 1, max: Math.max(points.length, 2), minInterval: 1, axisLabel: { fontSize: 9, color: '#6b7280' }, splitLine: { show: false } },
      yAxis: { type: 'log', logBase: 10, axisLabel: { fontSize: 9, color: '#6b7280', formatter: function (v) { return v.toExponential(0); } }, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series: [{
        type: 'line', data: points, symbolSize: 4, lineStyle: { width: 1.5, color: COLORS.running }, itemStyle: { color: COLORS.running },
        markLine: c.scfTarget ? { silent: true, symbol: 'none', label: { show: false }, lineStyle: { type: 'dashed', color: COLORS.completed }, data: [{ yAxis: c.scfTarget }] } : undefined,
      }],
    }, { notMerge: true, lazyUpdate: true });
  }

  function drawInFlight(message) {
    var shown = message.inFlight.slice(0, CARDS_SHOWN);
    var keep = new Set();
    var container = $('inflight');
    shown.forEach(function (c) {
      var key = c.job + '\u0000' + c.attempt;
      keep.add(key);
      var entry = cards.get(key);
      if (!entry) {
        var root = make('div', 'card');
        var head = make('div', 'head');
        entry = { root: root, job: make('span', 'job'), attempt: make('span', 'attempt'), meta: make('div', 'meta'), detail: make('div', 'detail'), scf: make('div', 'scf') };
        head.appendChild(entry.job);
        head.appendChild(entry.attempt);
        root.appendChild(head);
        root.appendChild(entry.meta);
        root.appendChild(entry.detail);
        root.appendChild(entry.scf);
        cards.set(key, entry);
      }
      container.appendChild(entry.root);
      drawCard(entry, c, message.now);
    });
    cards.forEach(function (entry, key) {
      if (!keep.has(key)) {
        if (entry.chart) { entry.chart.dispose(); }
        entry.root.remove();
        cards.delete(key);
      }
    });
    $('no-inflight').hidden = message.running > 0;
    text($('inflight-more'), message.running > shown.length ? 'showing ' + shown.length + ' of ' + number(message.running) : '');
  }

  // ---- failures and corrections -----------------------------------------------------------------------------------
  function failureItem(f) {
    var item = make('li', 'failure ' + f.outcome);
    var head = make('div', 'head');
    head.appendChild(make('span', 'job', f.job));
    head.appendChild(make('span', 'kind', 'attempt ' + f.attempt + ' of ' + f.maxAttempts + (f.kind ? ' \u00b7 ' + f.kind : '')));
    head.appendChild(make('span', 'what', f.outcome === 'failed' ? 'failed for good' : f.outcome === 'corrected' ? 'corrected' : 'retried'));
    head.appendChild(make('span', 'time', clock(f.at)));
    item.appendChild(head);
    item.appendChild(make('div', 'message', f.message));
    item.lastChild.title = f.message;
    if (f.change) { item.appendChild(make('div', 'change', 'next attempt: ' + f.change.replace(/ -> /g, ' \u2192 '))); }
    if (f.reason) {
      // The reason repeats the message; say only what it adds (how many attempts it took).
      var said = (f.kind ? f.kind + ': ' : '') + f.message;
      var rest = f.reason.indexOf(said) === 0 ? f.reason.slice(said.length).replace(/^[\s(]+|[)\s]+$/g, '') : f.reason;
      if (rest) { item.appendChild(make('div', 'reason', rest)); }
    }
    return item;
  }

  function addFailures(list, fresh) {
    var container = $('failures');
    fresh.forEach(function (f) {
      container.insertBefore(failureItem(f), container.firstChild);
    });
    while (container.childElementCount > FAILURES_KEPT) { container.lastChild.remove(); }
    $('no-failures').hidden = container.childElementCount > 0;
  }

  // ---- the whole page ---------------------------------------------------------------------------------------------
  function drawHeader(m) {
    document.body.dataset.status = m.status;
    document.title = (m.campaign || 'AutoPipe') + ' \u2014 AutoPipe dashboard';
    text($('campaign'), m.campaign || 'waiting for a campaign');
    text($('status'), m.status);
    var runtime = $('runtime');
    runtime.replaceChildren();
    if (m.runtime === 'temporal') {
      runtime.appendChild(document.createTextNode('Temporal \u00b7 workflow '));
      var link = safeLink(m.temporalUi);
      var id = make(link ? 'a' : 'span', null, m.workflowId || 'autopipe-' + m.campaign);
      if (link) { id.href = link; id.target = '_blank'; id.rel = 'noopener noreferrer'; }
      runtime.appendChild(id);
    } else if (m.campaign) {
      runtime.appendChild(document.createTextNode('embedded \u00b7 ' + (m.executor || 'local') + ' executor \u00b7 ' + (m.calculator || '')));
    }
    if (m.slurmJobs.length > 0) {
      runtime.appendChild(document.createTextNode(' \u00b7 Slurm jobs ' + m.slurmJobs.slice(0, 8).join(', ') + (m.slurmJobs.length > 8 ? ', ...' : '')));
    }
    text($('workdir'), m.workdir);
    var pending = m.total - m.completed - m.failed;
    text($('completed'), number(m.completed));
    text($('failed'), number(m.failed));
    text($('pending'), number(pending));
    text($('running'), number(m.running));
    text($('total'), number(m.total));
    text($('rate'), m.status === 'running' ? rate(m.rate) : '-');
    text($('eta'), m.status === 'running' ? duration(m.eta) : m.status === 'finished' ? 'done' : '-');
    text($('core-hours'), m.coreHours === 0 ? '0' : m.coreHours < 10 ? m.coreHours.toPrecision(2) : number(m.coreHours));
    $('failed').className = 'value' + (m.failed > 0 ? ' bad' : '');
    $('core-hours').title = m.coresPerCalculation + ' core(s) a calculation';
    text($('attempts'), number(m.attempts));
    text($('retries'), number(m.failedAttempts));
    text($('corrected'), number(m.corrected));
    $('bar-completed').style.width = (m.total ? 100 * m.completed / m.total : 0) + '%';
    $('bar-failed').style.width = (m.total ? 100 * m.failed / m.total : 0) + '%';
    text($('results'), number(m.results) + ' row(s) in results.db');
    text($('failure-count'), m.failedAttempts > 0 ? number(m.failedAttempts) + ' failed attempt(s)' : '');
  }

  var drawPending = false;

  function draw() {
    drawPending = false;
    var m = state.message;
    if (!m) { return; }
    if (!window.echarts) {
      // Connected before the charting library has loaded: draw once it has.
      drawPending = true;
      window.setTimeout(draw, 50);
      return;
    }
    drawHeader(m);
    drawInFlight(m);
    // The charts at most once a second while updates pour in (thousands of calculations a second): the page must
    // not take the machine from the run it watches. At DFT pace every update is drawn, and the last state always is.
    var now = Date.now();
    var busy = lastBars > 50;
    if (!busy || now - lastCharts >= 1000 || m.status !== 'running') {
      lastCharts = now;
      drawStream(m);
      drawHistogram('energy', m.energyPerAtom, '#1c7ed6');
      drawHistogram('forces', m.forceMagnitudes, '#0ca678');
    } else if (!chartsPending) {
      chartsPending = true;
      window.setTimeout(function () { chartsPending = false; drawPending = true; draw(); }, 1000 - (now - lastCharts));
    }
  }

  var lastCharts = 0;
  var lastBars = 0;
  var chartsPending = false;

  function receive(m, snapshot) {
    if (snapshot) {
      state.bars = [];
      state.failures = [];
      $('failures').replaceChildren();
    }
    Array.prototype.push.apply(state.bars, m.bars);
    if (state.bars.length > BARS_KEPT) { state.bars.splice(0, state.bars.length - BARS_KEPT); }
    // Newest first; a snapshot's come newest first, an update's oldest first.
    Array.prototype.unshift.apply(state.failures, snapshot ? m.failures : m.failures.slice().reverse());
    if (state.failures.length > FAILURES_KEPT) { state.failures.length = FAILURES_KEPT; }
    addFailures(state.failures, snapshot ? m.failures.slice().reverse() : m.failures);
    lastBars = m.bars.length;
    state.message = m;
    state.ended = m.status === 'finished' || m.status === 'stopped';
    if (!drawPending) {
      drawPending = true;
      window.requestAnimationFrame(draw);
    }
  }

  function connect() {
    var events = new EventSource('events');
    events.addEventListener('snapshot', function (e) { receive(JSON.parse(e.data), true); text($('connection'), 'live'); });
    events.addEventListener('update', function (e) { receive(JSON.parse(e.data), false); });
    events.addEventListener('error', function () {
      text($('connection'), state.ended ? 'the server has stopped; the last state stays on the page' : 'reconnecting...');
    });
  }

  connect();
}());
