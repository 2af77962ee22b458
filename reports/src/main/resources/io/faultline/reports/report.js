/* Faultline report: draws the run's timeline, latency and throughput on canvases from the JSON kept
   in the page. No library, no request. What falls into one pixel column of a lane is drawn once (the
   worst outcome wins), so a frame costs the same for 1,000 or 100,000 operations once zoomed out. */
(function () {
  'use strict';
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    document.body.setAttribute('data-faultline-errors', errors.join(' | '));
  });
  var began = performance.now();
  var D = JSON.parse(document.getElementById('faultline-data').textContent);
  var O = D.ops, N = O.s.length;
  var COL = { ok: '#0072B2', fail: '#E69F00', info: '#CC79A7', fault: '#D55E00', susp: '#56B4E9', green: '#009E73', ink: '#1b1b1b' };
  var KC = [COL.ok, COL.fail, COL.info];
  var KN = ['ok', 'fail', 'info'];
  var LEFT = 118, AXIS = 22;
  var END = Math.max(D.end, 1);

  var start = new Float64Array(N), stop = new Float64Array(N), lane = new Int32Array(N), maxDur = 0;
  for (var i = 0; i < N; i++) {
    start[i] = O.s[i] / 1000;
    stop[i] = O.d[i] < 0 ? END : start[i] + O.d[i] / 1000;
    lane[i] = O.p[i] % D.workers;
    if (stop[i] - start[i] > maxDur) maxDur = stop[i] - start[i];
  }

  // Lanes: one per concurrent client, one per node, one per observer → peer that ever suspected.
  var lanes = [], nodeLane = {};
  var y = AXIS;
  for (var w = 0; w < D.workers; w++) { lanes.push({ kind: 'client', label: 'client ' + w, y: y, h: 14 }); y += 14; }
  y += 6;
  D.nodes.forEach(function (n) { nodeLane[n] = lanes.length; lanes.push({ kind: 'node', node: n, label: 'node ' + n, y: y, h: 18 }); y += 18; });
  var pairs = {};
  D.susp.forEach(function (s) { pairs[s.o + ' → ' + s.p] = s; });
  var pairLane = {};
  if (D.susp.length) y += 6;
  Object.keys(pairs).sort().forEach(function (k) {
    pairLane[k] = lanes.length;
    lanes.push({ kind: 'susp', o: pairs[k].o, p: pairs[k].p, label: k, y: y, h: 11 });
    y += 11;
  });
  var TL_H = y + 4;
  var clientLanes = D.workers;

  /** Lanes a fault's band covers: its nodes, and the suspicion lanes whose observer or peer it touches. */
  D.faults.forEach(function (f) {
    f.lanes = [];
    f.nodes.forEach(function (n) { if (nodeLane[n] !== undefined) f.lanes.push(nodeLane[n]); });
    lanes.forEach(function (l, li) {
      if (l.kind === 'susp' && (f.nodes.indexOf(l.o) >= 0 || f.nodes.indexOf(l.p) >= 0)) f.lanes.push(li);
    });
  });

  var view = { a: 0, b: END };
  var tl = document.getElementById('tl'), lat = document.getElementById('lat'), tput = document.getElementById('tput');
  var tip = document.getElementById('tip');

  function setup(canvas, height) {
    var dpr = window.devicePixelRatio || 1;
    var width = Math.max(300, canvas.clientWidth || 1000);
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.height = height + 'px';
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return { ctx: ctx, w: width, h: height };
  }
  function xOf(t, w) { return LEFT + (t - view.a) / (view.b - view.a) * (w - LEFT); }
  function tOf(x, w) { return view.a + (x - LEFT) / (w - LEFT) * (view.b - view.a); }
  function lowerBound(arr, n, v) { var lo = 0, hi = n; while (lo < hi) { var m = (lo + hi) >>> 1; if (arr[m] < v) lo = m + 1; else hi = m; } return lo; }
  function fmt(ms) { return ms >= 1000 ? (ms / 1000).toFixed(ms >= 10000 ? 1 : 2) + ' s' : ms.toFixed(ms >= 10 ? 0 : 1) + ' ms'; }

  function axis(c, top) {
    var ctx = c.ctx, span = view.b - view.a, step = Math.pow(10, Math.floor(Math.log10(span / 6)));
    if (span / step > 14) step *= 5; else if (span / step > 7) step *= 2;
    ctx.fillStyle = '#555'; ctx.font = '11px sans-serif'; ctx.strokeStyle = '#eee'; ctx.lineWidth = 1;
    for (var t = Math.ceil(view.a / step) * step; t <= view.b; t += step) {
      var x = Math.round(xOf(t, c.w)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x, top ? AXIS - 4 : 0); ctx.lineTo(x, c.h); ctx.stroke();
      if (top) ctx.fillText(fmt(t), x + 2, 12);
    }
  }

  function bands(c, lanesOf, fallbackTop, fallbackHeight) {
    var ctx = c.ctx;
    D.faults.forEach(function (f) {
      var x0 = xOf(f.s, c.w), x1 = Math.max(x0 + 2, xOf(f.e, c.w));
      if (x1 < LEFT || x0 > c.w) return;
      x0 = Math.max(LEFT, x0);
      ctx.fillStyle = 'rgba(213,94,0,0.16)'; ctx.strokeStyle = COL.fault; ctx.lineWidth = 1;
      if (lanesOf) {
        f.lanes.forEach(function (li) { var l = lanes[li]; ctx.fillRect(x0, l.y, x1 - x0, l.h); });
        ctx.setLineDash([3, 3]);
        ctx.beginPath(); ctx.moveTo(x0 + 0.5, AXIS); ctx.lineTo(x0 + 0.5, TL_H); ctx.stroke();
        ctx.setLineDash([]);
        var first = f.lanes.length ? lanes[f.lanes[0]] : null;
        if (first && x1 - x0 > 30) { ctx.fillStyle = '#8a3300'; ctx.font = '10px sans-serif'; ctx.fillText('#' + f.id + ' ' + f.kind, x0 + 2, first.y + 9); }
      } else {
        ctx.fillRect(x0, fallbackTop, x1 - x0, fallbackHeight);
      }
    });
  }

  var agg = null;
  function drawTimeline() {
    var c = setup(tl, TL_H), ctx = c.ctx, W = Math.ceil(c.w);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.w, c.h);
    lanes.forEach(function (l, li) { if (li % 2) { ctx.fillStyle = '#f7f7f7'; ctx.fillRect(LEFT, l.y, c.w - LEFT, l.h); } });
    axis(c, true);
    bands(c, true);
    // phases
    ctx.fillStyle = '#777'; ctx.font = '10px sans-serif';
    D.phases.forEach(function (p) { var x = xOf(p.t, c.w); if (x >= LEFT && x <= c.w) { ctx.fillRect(x, AXIS - 6, 1, 6); } });
    // operations
    if (!agg || agg.length < clientLanes * W) agg = new Uint8Array(clientLanes * W); else agg.fill(0);
    var i0 = lowerBound(start, N, view.a - maxDur), scale = (c.w - LEFT) / (view.b - view.a);
    for (var i = i0; i < N && start[i] <= view.b; i++) {
      if (stop[i] < view.a) continue;
      var x0 = LEFT + (start[i] - view.a) * scale, x1 = LEFT + (stop[i] - view.a) * scale;
      if (x0 < LEFT) x0 = LEFT;
      if (x1 > c.w) x1 = c.w;
      var k = O.k[i], l = lanes[lane[i]];
      if (x1 - x0 < 1.5) {
        agg[lane[i] * W + (x0 | 0)] |= 1 << k;
      } else {
        ctx.fillStyle = KC[k];
        ctx.fillRect(x0, l.y + 2, x1 - x0, l.h - 4);
        if (k === 2) { ctx.fillStyle = '#fff'; ctx.fillRect(x0, l.y + 5, x1 - x0, 3); }
      }
    }
    for (var li = 0; li < clientLanes; li++) {
      var l2 = lanes[li], runStart = -1, runFlag = 0;
      for (var x = LEFT; x <= W; x++) {
        var flag = x < W ? agg[li * W + x] : 0;
        var shown = flag & 4 ? 4 : flag & 2 ? 2 : flag & 1 ? 1 : 0;
        if (shown !== runFlag) {
          if (runFlag) { ctx.fillStyle = runFlag === 4 ? COL.info : runFlag === 2 ? COL.fail : COL.ok; ctx.fillRect(runStart, l2.y + 2, x - runStart, l2.h - 4); }
          runStart = x; runFlag = shown;
        }
      }
    }
    // node lifecycle: down or paused stretches hatched, events as symbols
    var sym = { start: '▲', ready: '●', kill: '✕', pause: '‖', resume: '▶', exit: '■' };
    var down = {};
    D.life.forEach(function (m) {
      var l = lanes[nodeLane[m.node]];
      if (m.what === 'kill' || m.what === 'pause' || m.what === 'exit') down[m.node] = m.t;
      else if ((m.what === 'start' || m.what === 'resume') && down[m.node] !== undefined) { hatch(ctx, c, l, down[m.node], m.t); delete down[m.node]; }
    });
    Object.keys(down).forEach(function (n) { hatch(ctx, c, lanes[nodeLane[n]], down[n], END); });
    ctx.font = '12px sans-serif'; ctx.textAlign = 'center';
    D.life.forEach(function (m) {
      var l = lanes[nodeLane[m.node]], x = xOf(m.t, c.w);
      if (x < LEFT || x > c.w) return;
      ctx.fillStyle = m.what === 'kill' ? '#000' : m.what === 'ready' || m.what === 'start' ? COL.green : COL.ink;
      ctx.fillText(sym[m.what] || '?', x, l.y + 14);
    });
    ctx.textAlign = 'left';
    // suspicions, mistakes outlined and crossed
    D.susp.forEach(function (s) {
      var l = lanes[pairLane[s.o + ' → ' + s.p]], x0 = Math.max(LEFT, xOf(s.s, c.w)), x1 = Math.min(c.w, Math.max(xOf(s.e, c.w), x0 + 1));
      if (x1 < LEFT || x0 > c.w) return;
      ctx.fillStyle = COL.susp; ctx.fillRect(x0, l.y + 2, x1 - x0, l.h - 4);
      if (s.m) { ctx.strokeStyle = '#000'; ctx.lineWidth = 1.5; ctx.strokeRect(x0, l.y + 1, Math.max(2, x1 - x0), l.h - 2); ctx.fillStyle = '#000'; ctx.font = '10px sans-serif'; ctx.fillText('✕', x0 - 3, l.y + 9); }
    });
    // the failing op
    if (D.failing) {
      var fx = xOf(D.failing.t, c.w);
      if (fx >= LEFT && fx <= c.w) {
        ctx.strokeStyle = '#000'; ctx.lineWidth = 2; ctx.setLineDash([2, 2]);
        ctx.beginPath(); ctx.moveTo(fx, AXIS); ctx.lineTo(fx, TL_H); ctx.stroke(); ctx.setLineDash([]);
        var fi = D.failing.op;
        if (fi >= 0 && fi < N) { var fl = lanes[lane[fi]]; ctx.beginPath(); ctx.arc(fx, fl.y + fl.h / 2, 7, 0, 2 * Math.PI); ctx.stroke(); }
      }
    }
    // lane labels last, over anything drawn left of the plot
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, LEFT - 2, c.h);
    ctx.fillStyle = COL.ink; ctx.font = '11px sans-serif';
    lanes.forEach(function (l) { ctx.fillText(l.label, 4, l.y + l.h - 3); });
    ctx.fillStyle = '#555'; ctx.fillText(fmt(view.a) + ' – ' + fmt(view.b), 4, 12);
  }

  function hatch(ctx, c, l, t0, t1) {
    var x0 = Math.max(LEFT, xOf(t0, c.w)), x1 = Math.min(c.w, xOf(t1, c.w));
    if (x1 <= x0) return;
    ctx.save(); ctx.beginPath(); ctx.rect(x0, l.y + 3, x1 - x0, l.h - 6); ctx.clip();
    ctx.strokeStyle = '#777'; ctx.lineWidth = 1;
    for (var x = x0 - l.h; x < x1; x += 5) { ctx.beginPath(); ctx.moveTo(x, l.y + l.h); ctx.lineTo(x + l.h, l.y); ctx.stroke(); }
    ctx.restore();
  }

  var latLog = document.getElementById('logscale');
  function drawLatency() {
    var H = 220, c = setup(lat, H), ctx = c.ctx, W = Math.ceil(c.w), top = 8, bottom = H - 18;
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.w, c.h);
    axis(c, false);
    bands(c, false, 0, H);
    var maxLat = 1;
    for (var i = 0; i < N; i++) if (O.k[i] === 0 && O.d[i] / 1000 > maxLat) maxLat = O.d[i] / 1000;
    var log = !latLog || latLog.checked, minLat = 0.1;
    function yOf(ms) {
      if (log) { var v = Math.log(Math.max(ms, minLat) / minLat) / Math.log(maxLat / minLat); return bottom - v * (bottom - top); }
      return bottom - ms / maxLat * (bottom - top);
    }
    var grid = new Uint8Array(W * H);
    var i0 = lowerBound(start, N, view.a), scale = (c.w - LEFT) / (view.b - view.a);
    for (var j = i0; j < N && start[j] <= view.b; j++) {
      if (O.k[j] !== 0) continue;
      var x = (LEFT + (start[j] - view.a) * scale) | 0, yy = yOf(O.d[j] / 1000) | 0;
      if (x >= LEFT && x < W && yy >= 0 && yy < H) grid[yy * W + x] = 1;
    }
    ctx.fillStyle = 'rgba(0,114,178,0.55)';
    for (var gy = 0; gy < H; gy++) for (var gx = LEFT; gx < W; gx++) if (grid[gy * W + gx]) ctx.fillRect(gx, gy, 1.5, 1.5);
    var styles = [['p50', COL.green, []], ['p95', COL.fail, [6, 3]], ['p99', COL.fault, [2, 2]]];
    styles.forEach(function (s) {
      var series = D.lat[s[0]];
      ctx.strokeStyle = s[1]; ctx.lineWidth = s[0] === 'p99' ? 2.5 : 1.8; ctx.setLineDash(s[2]); ctx.beginPath();
      var pen = false;
      for (var b = 0; b < series.length; b++) {
        var v = series[b];
        if (v === null) { pen = false; continue; }
        var bx = xOf((b + 0.5) * D.bucket, c.w);
        if (bx < LEFT - 50 || bx > c.w + 50) { pen = false; continue; }
        if (pen) ctx.lineTo(bx, yOf(v)); else ctx.moveTo(bx, yOf(v));
        pen = true;
      }
      ctx.stroke(); ctx.setLineDash([]);
    });
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, LEFT - 2, c.h);
    ctx.fillStyle = COL.ink; ctx.font = '11px sans-serif';
    (log ? [minLat, 1, 10, 100, 1000, 10000] : [0, maxLat / 2, maxLat]).forEach(function (v) {
      if (v > maxLat) return;
      var yy = yOf(v); ctx.fillText(fmt(v), LEFT - 60, yy + 4); ctx.fillRect(LEFT - 6, yy, 5, 1);
    });
    ctx.fillText('latency', 4, 14);
  }

  function drawThroughput() {
    var H = 160, c = setup(tput, H), ctx = c.ctx, bottom = H - 14, top = 8;
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.w, c.h);
    axis(c, false);
    bands(c, false, 0, H);
    var n = D.tput.ok.length, max = 1;
    for (var b = 0; b < n; b++) max = Math.max(max, D.tput.ok[b] + D.tput.fail[b] + D.tput.info[b]);
    for (var b2 = 0; b2 < n; b2++) {
      var x0 = xOf(b2 * D.bucket, c.w), x1 = xOf((b2 + 1) * D.bucket, c.w);
      if (x1 < LEFT || x0 > c.w) continue;
      x0 = Math.max(LEFT, x0);
      var base = bottom;
      [['ok', COL.ok], ['fail', COL.fail], ['info', COL.info]].forEach(function (s) {
        var h = D.tput[s[0]][b2] / max * (bottom - top);
        if (h > 0) { ctx.fillStyle = s[1]; ctx.fillRect(x0, base - h, Math.max(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0)), h); base -= h; }
      });
    }
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, LEFT - 2, c.h);
    ctx.fillStyle = COL.ink; ctx.font = '11px sans-serif';
    ctx.fillText('ops/s', 4, 14); ctx.fillText(Math.round(max) + '/s', LEFT - 60, top + 8); ctx.fillText('0', LEFT - 20, bottom);
  }

  var pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; drawAll(); });
  }
  function drawAll() { drawTimeline(); drawLatency(); drawThroughput(); }

  function zoom(factor, at) {
    var span = view.b - view.a, min = 0.05;
    var nspan = Math.min(END * 1.2 + 1, Math.max(min, span * factor));
    var frac = (at - view.a) / span;
    view.a = at - frac * nspan; view.b = view.a + nspan;
    clamp(); redraw();
  }
  function clamp() {
    var span = view.b - view.a, lo = -END * 0.05, hi = END * 1.05;
    if (view.a < lo) { view.a = lo; view.b = lo + span; }
    if (view.b > hi) { view.b = hi; view.a = hi - span; }
  }
  function show(a, b) { var pad = (b - a) * 0.25 + 50; view.a = a - pad; view.b = b + pad; clamp(); redraw(); }

  [tl, lat, tput].forEach(function (canvas) {
    canvas.addEventListener('wheel', function (e) {
      e.preventDefault();
      var r = canvas.getBoundingClientRect();
      zoom(e.deltaY > 0 ? 1.25 : 0.8, tOf(e.clientX - r.left, r.width));
    }, { passive: false });
    var drag = null;
    canvas.addEventListener('pointerdown', function (e) { drag = { x: e.clientX, a: view.a, b: view.b, w: canvas.getBoundingClientRect().width }; canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener('pointermove', function (e) {
      if (drag) {
        var dt = (e.clientX - drag.x) / (drag.w - LEFT) * (drag.b - drag.a);
        view.a = drag.a - dt; view.b = drag.b - dt; clamp(); redraw();
      } else if (canvas === tl) hover(e);
    });
    canvas.addEventListener('pointerup', function () { drag = null; });
    canvas.addEventListener('pointerleave', function () { if (tip) tip.hidden = true; });
  });

  function hover(e) {
    var r = tl.getBoundingClientRect(), x = e.clientX - r.left, yy = e.clientY - r.top, t = tOf(x, r.width), text = null;
    var li = -1;
    lanes.forEach(function (l, k) { if (yy >= l.y && yy < l.y + l.h) li = k; });
    var tol = 3 / (r.width - LEFT) * (view.b - view.a);
    if (li >= 0 && lanes[li].kind === 'client') {
      var best = -1;
      for (var i = lowerBound(start, N, t - maxDur - tol); i < N && start[i] <= t + tol; i++) {
        if (lane[i] === li && start[i] - tol <= t && t <= stop[i] + tol) { best = i; if (start[i] <= t && t <= stop[i]) break; }
      }
      if (best >= 0) {
        text = 'process ' + O.p[best] + '  :' + O.fn[O.f[best]] + ' ' + O.v[best] + '\n→ ' + KN[O.k[best]] +
          (O.d[best] < 0 ? ' (never completed)' : ' after ' + fmt(O.d[best] / 1000)) + '\nat ' + fmt(start[best]) + ', history index ' + O.i[best];
      }
    } else if (li >= 0 && lanes[li].kind === 'susp') {
      D.susp.forEach(function (s) {
        if (s.o === lanes[li].o && s.p === lanes[li].p && s.s - tol <= t && t <= s.e + tol) {
          text = s.o + ' suspected ' + s.p + ' from ' + fmt(s.s) + ' for ' + fmt(s.e - s.s) + (s.m ? '\nMISTAKE: ' + s.p + ' was up and reachable' : '');
        }
      });
    }
    if (li >= 0 && !text) {
      D.faults.forEach(function (f) { if (f.lanes.indexOf(li) >= 0 && f.s <= t && t <= f.e) text = 'fault ' + f.label + '\n' + fmt(f.s) + ' → ' + (f.open ? 'end of run' : fmt(f.e)); });
      if (lanes[li].kind === 'node') D.life.forEach(function (m) { if (m.node === lanes[li].node && Math.abs(m.t - t) <= tol * 2) text = m.node + ' ' + m.what + ' at ' + fmt(m.t); });
    }
    if (!tip) return;
    if (!text) { tip.hidden = true; return; }
    tip.textContent = text; tip.hidden = false;
    tip.style.left = Math.min(x + 14, r.width - 300) + 'px'; tip.style.top = (yy + 14) + 'px';
  }

  window.addEventListener('keydown', function (e) {
    if (e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'TEXTAREA')) return;
    if (e.key === '+' || e.key === '=') zoom(0.8, (view.a + view.b) / 2);
    else if (e.key === '-') zoom(1.25, (view.a + view.b) / 2);
  });
  document.querySelectorAll('[data-act]').forEach(function (b) {
    b.addEventListener('click', function () {
      var act = b.getAttribute('data-act');
      if (act === 'in') zoom(0.5, (view.a + view.b) / 2);
      else if (act === 'out') zoom(2, (view.a + view.b) / 2);
      else if (act === 'reset') { view.a = 0; view.b = END; redraw(); }
      else if (act === 'failing' && D.failing) { show(D.failing.t - 1000, D.failing.t + 1000); tl.scrollIntoView({ block: 'center' }); }
    });
  });
  document.querySelectorAll('li[data-fault-id]').forEach(function (li) {
    li.addEventListener('click', function () { show(parseFloat(li.getAttribute('data-start')), parseFloat(li.getAttribute('data-end'))); tl.scrollIntoView({ block: 'center' }); });
  });
  if (latLog) latLog.addEventListener('change', redraw);
  window.addEventListener('resize', redraw);

  drawAll();
  // #frames: the benchmark's measure of pan and zoom (BENCHMARKS.md), 40 redraws at ever closer zoom and back
  if (location.hash === '#frames') {
    var t0 = performance.now(), slowest = 0;
    for (var f = 0; f < 40; f++) {
      var t1 = performance.now();
      var mid = (view.a + view.b) / 2, span = (view.b - view.a) * (f < 20 ? 0.8 : 1.25);
      view.a = mid - span / 2 + span * 0.01; view.b = view.a + span;
      drawAll();
      slowest = Math.max(slowest, performance.now() - t1);
    }
    document.body.setAttribute('data-faultline-frame', ((performance.now() - t0) / 40).toFixed(1) + ' ' + slowest.toFixed(1));
  }
  // since navigation began: what a reader waits for before the page answers
  document.body.setAttribute('data-faultline-ready', performance.now().toFixed(1));
  document.body.setAttribute('data-faultline-script', (performance.now() - began).toFixed(1));
  // Inside a frame (Allure 2 shows the report in a sandboxed iframe) the page tells its host it is
  // drawn; a host that does not listen loses nothing.
  if (window.parent !== window) window.parent.postMessage({ faultline: 'ready', errors: errors.length }, '*');
})();
