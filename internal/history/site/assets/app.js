// syncbench history site. Builds every element with createElement,
// createElementNS and textContent: values from the store are never
// parsed as markup.
(function () {
  'use strict';

  var SVGNS = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    return e;
  }

  function finite(v) { return typeof v === 'number' && isFinite(v); }

  function fmt(v) {
    if (!finite(v)) return '?';
    var a = Math.abs(v);
    if (a >= 100) return v.toFixed(1);
    if (a >= 10) return v.toFixed(2);
    return v.toFixed(3);
  }

  function pct(r) {
    if (!finite(r)) return '?';
    var p = (r - 1) * 100;
    return (p >= 0 ? '+' : '') + (Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1)) + '%';
  }

  // loadAll loads the data files keys of one family on one machine and
  // joins their series.
  function loadAll(keys) {
    return Promise.all(keys.map(load)).then(function (ds) {
      var d = { family: ds[0].family, machine: ds[0].machine, pos: ds[0].pos, series: [] };
      ds.forEach(function (x) { d.series = d.series.concat(x.series); });
      return d;
    });
  }

  function load(key) {
    return new Promise(function (resolve, reject) {
      window.SBDATA = window.SBDATA || {};
      if (window.SBDATA[key]) { resolve(window.SBDATA[key]); return; }
      var s = document.createElement('script');
      s.src = 'data/' + key + '.js';
      s.onload = function () {
        if (window.SBDATA[key]) resolve(window.SBDATA[key]);
        else reject(new Error('data/' + key + '.js holds no data'));
      };
      s.onerror = function () { reject(new Error('cannot load data/' + key + '.js')); };
      document.head.appendChild(s);
    });
  }

  function select(label, options, value, onchange) {
    var wrap = el('label', 'control');
    wrap.appendChild(el('span', null, label + ' '));
    var s = el('select');
    s.setAttribute('data-control', label);
    options.forEach(function (o) {
      var opt = el('option', null, o[1]);
      opt.value = o[0];
      s.appendChild(opt);
    });
    s.value = value;
    s.addEventListener('change', function () { onchange(s.value); });
    wrap.appendChild(s);
    return wrap;
  }

  function uniq(list) {
    var seen = {}, out = [];
    list.forEach(function (v) { if (!seen[v]) { seen[v] = true; out.push(v); } });
    return out;
  }

  function numSort(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (isFinite(x) && isFinite(y) && x !== y) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // niceTicks returns about n round values covering [lo, hi].
  function niceTicks(lo, hi, n) {
    var span = hi - lo;
    if (!(span > 0)) return [lo];
    var step = Math.pow(10, Math.floor(Math.log(span / n) / Math.LN10));
    var err = span / n / step;
    if (err >= 7.5) step *= 10; else if (err >= 3.5) step *= 5; else if (err >= 1.5) step *= 2;
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }

  var tip = null;

  function showTip(ev, lines) {
    if (!tip) return;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    lines.forEach(function (l, i) { tip.appendChild(el('div', i === 0 ? 'tip-head' : null, l)); });
    tip.hidden = false;
    var x = ev.pageX + 14, y = ev.pageY + 14;
    if (x + 300 > window.scrollX + document.documentElement.clientWidth) x = ev.pageX - 310;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }

  function hideTip() { if (tip) tip.hidden = true; }

  // chart draws one series as an SVG element. s: {name, unit, prefix,
  // axis, m, lo, hi, n, x, cp}, pos: the positions table, scale: the
  // factor that divides s's values for display (1: as they are), dom: an
  // optional shared [lo, hi] of displayed values.
  function chart(s, pos, scale, dom) {
    var W = 760, H = 250, L = 70, R = 16, T = 28, B = 44;
    var pw = W - L - R, ph = H - T - B;
    var n = s.m.length;
    var m = s.m.map(function (v) { return finite(v) ? v / scale : NaN; });
    var lo = s.lo.map(function (v) { return finite(v) ? v / scale : NaN; });
    var hi = s.hi.map(function (v) { return finite(v) ? v / scale : NaN; });
    var d = dom || domain([m], [lo], [hi]);
    var yl = d[0], yh = d[1];
    function X(i) { return L + (n <= 1 ? pw / 2 : i * pw / (n - 1)); }
    function Y(v) { v = Math.max(yl, Math.min(yh, v)); return T + ph - (v - yl) / (yh - yl) * ph; }
    var root = svg('svg', { 'class': 'chart', viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img' });
    root.appendChild(svg('rect', { 'class': 'plot', x: L, y: T, width: pw, height: ph }));
    niceTicks(yl, yh, 4).forEach(function (v) {
      root.appendChild(svg('line', { 'class': 'grid', x1: L, x2: L + pw, y1: Y(v), y2: Y(v) }));
      var t = svg('text', { 'class': 'ylab', x: L - 6, y: Y(v) + 4 });
      t.textContent = fmt(v) + (s.prefix || '');
      root.appendChild(t);
    });
    var ut = svg('text', { 'class': 'unit', x: 4, y: T - 10 });
    ut.textContent = s.unit + ' (median, 95% interval)';
    root.appendChild(ut);
    // x labels: where the position changes, as many as fit.
    var ticks = [];
    for (var i = 0; i < n; i++) {
      var lab = pos[s.x[i]][0];
      if (i === 0 || lab !== pos[s.x[i - 1]][0]) ticks.push([i, lab]);
    }
    var room = Math.max(1, Math.floor(pw / 78));
    var every = Math.ceil(ticks.length / room);
    ticks.forEach(function (t, j) {
      if (j % every) return;
      root.appendChild(svg('line', { 'class': 'xtick', x1: X(t[0]), x2: X(t[0]), y1: T + ph, y2: T + ph + 4 }));
      var tx = svg('text', { 'class': 'xlab', x: X(t[0]), y: T + ph + 16 });
      tx.textContent = t[1];
      root.appendChild(tx);
    });
    var ax = svg('text', { 'class': 'xaxis', x: L + pw / 2, y: H - 6 });
    ax.textContent = s.axis === 'go-version' ? 'Go release' : 'commit (oldest to newest)';
    root.appendChild(ax);
    var ci = '', line = '', pen = false;
    for (i = 0; i < n; i++) {
      if (finite(lo[i]) && finite(hi[i])) ci += 'M' + X(i).toFixed(1) + ' ' + Y(lo[i]).toFixed(1) + 'V' + Y(hi[i]).toFixed(1);
      if (finite(m[i])) { line += (pen ? 'L' : 'M') + X(i).toFixed(1) + ' ' + Y(m[i]).toFixed(1); pen = true; } else pen = false;
    }
    if (ci) root.appendChild(svg('path', { 'class': 'ci', d: ci }));
    root.appendChild(svg('path', { 'class': 'median', d: line }));
    if (n <= 400) {
      for (i = 0; i < n; i++) if (finite(m[i])) root.appendChild(svg('circle', { 'class': 'pt', cx: X(i), cy: Y(m[i]), r: 2.2 }));
    }
    var byIndex = {};
    (s.cp || []).forEach(function (c) {
      byIndex[c.i] = c;
      var xm = n <= 1 ? X(0) : (X(c.i - 1) + X(c.i)) / 2;
      var kind = c.reg ? 'cp cp-reg' : 'cp cp-imp';
      var g = svg('g', { 'class': kind, 'data-ratio': c.r });
      g.appendChild(svg('line', { x1: xm, x2: xm, y1: T, y2: T + ph }));
      var t = svg('text', { 'class': 'cp-label', x: xm + 4, y: T + 12 });
      t.textContent = pct(c.r) + (c.reg ? ' regression' : ' improvement');
      g.appendChild(t);
      var title = svg('title', {});
      title.textContent = 'change point ' + pct(c.r) + ' [' + pct(c.lo) + ', ' + pct(c.hi) + '], p = ' + c.p;
      g.appendChild(title);
      root.appendChild(g);
    });
    var mark = svg('circle', { 'class': 'hover', r: 5, cx: -10, cy: -10 });
    root.appendChild(mark);
    var over = svg('rect', { 'class': 'overlay', x: L, y: T, width: pw, height: ph });
    over.addEventListener('mousemove', function (ev) {
      var box = root.getBoundingClientRect();
      var px = (ev.clientX - box.left) * W / box.width;
      var i = n <= 1 ? 0 : Math.round((px - L) / (pw / (n - 1)));
      i = Math.max(0, Math.min(n - 1, i));
      var p = pos[s.x[i]];
      mark.setAttribute('cx', X(i));
      mark.setAttribute('cy', finite(m[i]) ? Y(m[i]) : -10);
      var lines = [p[0]];
      if (s.axis === 'go-version' && p[1]) lines.push('commit ' + p[1].slice(0, 12));
      if (s.axis !== 'go-version' && p[2]) lines.push('release ' + p[2]);
      lines.push('date ' + p[3].replace('T', ' ').replace('Z', ' UTC'));
      lines.push('median ' + fmt(m[i]) + (s.prefix || '') + ' ' + s.unit);
      if (finite(lo[i]) && finite(hi[i])) lines.push('95% interval [' + fmt(lo[i]) + ', ' + fmt(hi[i]) + ']' + (s.prefix || ''));
      else lines.push('95% interval: too few samples');
      lines.push(s.n[i] + (s.n[i] === 1 ? ' sample' : ' samples'));
      var c = byIndex[i];
      if (c) lines.push('change point here: ' + pct(c.r) + ' [' + pct(c.lo) + ', ' + pct(c.hi) + ']');
      showTip(ev, lines);
    });
    over.addEventListener('mouseleave', function () { mark.setAttribute('cx', -10); hideTip(); });
    root.appendChild(over);
    return root;
  }

  // domain is the displayed range of the values: the medians, widened
  // by the intervals but not beyond half and twice the medians' range.
  function domain(ms, los, his) {
    var a = Infinity, b = -Infinity, c = Infinity, d = -Infinity;
    ms.forEach(function (m) { m.forEach(function (v) { if (finite(v)) { a = Math.min(a, v); b = Math.max(b, v); } }); });
    if (!isFinite(a)) return [0, 1];
    los.forEach(function (l) { l.forEach(function (v) { if (finite(v)) c = Math.min(c, v); }); });
    his.forEach(function (h) { h.forEach(function (v) { if (finite(v)) d = Math.max(d, v); }); });
    var span = Math.max(b - a, Math.abs(b) * 0.05, 1e-12);
    var yl = Math.max(Math.min(a, c), a - span), yh = Math.min(Math.max(b, d), b + span);
    if (a >= 0) yl = Math.max(0, yl);
    var pad = (yh - yl) * 0.06;
    return [a >= 0 ? Math.max(0, yl - pad) : yl - pad, yh + pad];
  }

  // mostPoints is the axis of axes whose series hold the most points.
  function mostPoints(series, axes) {
    var best = axes[0], most = -1;
    axes.forEach(function (a) {
      var c = series.reduce(function (t, s) { return t + (s.axis === a ? s.m.length : 0); }, 0);
      if (c > most) { most = c; best = a; }
    });
    return best;
  }

  function title(s, extra) {
    return s.name + (s.procs === 1 ? '' : '-' + s.procs) + '  ' + s.unit + (extra ? '  ' + extra : '');
  }

  function changeText(s, pos) {
    return (s.cp || []).map(function (c) {
      var a = pos[s.x[c.i - 1]][0], b = pos[s.x[c.i]][0];
      return (c.reg ? 'Regression ' : 'Improvement ') + pct(c.r) + ' [' + pct(c.lo) + ', ' + pct(c.hi) + '] between ' + a + ' and ' + b + ' (p = ' + c.p + ')';
    });
  }

  // ---- index ----
  function indexPage() {
    var input = document.getElementById('search');
    var count = document.getElementById('search-count');
    var rows = Array.prototype.slice.call(document.querySelectorAll('tr.row'));
    var texts = rows.map(function (r) { return r.getAttribute('data-search') || ''; });
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var ok = true;
        for (var j = 0; j < words.length && ok; j++) ok = texts[i].indexOf(words[j]) >= 0;
        rows[i].hidden = !ok;
        if (ok) shown++;
      }
      count.textContent = words.length ? shown + ' of ' + rows.length + ' rows match' : '';
    }
    input.addEventListener('input', apply);
    if (input.value) apply();
    performance.mark('sb-usable');
    document.body.setAttribute('data-ready', '1');
  }

  // ---- family ----
  function familyPage() {
    var P = window.SBPAGE;
    var controls = document.getElementById('controls');
    var charts = document.getElementById('charts');
    var status = document.getElementById('status');
    var want = null;
    var h = decodeURIComponent(location.hash.slice(1));
    var colon = h.indexOf('-');
    var state = { file: 0, unit: null, procs: null, axis: null, dims: {}, all: false };
    if (colon > 0) {
      state.file = Math.max(0, Math.min(P.files.length - 1, parseInt(h.slice(0, colon), 10) || 0));
      want = h.slice(colon + 1);
    }
    var data = null;

    function open(i) {
      state.file = i;
      status.textContent = 'Loading…';
      loadAll(P.files[i].keys).then(function (d) {
        data = d;
        var found = want && d.series.filter(function (s) { return s.id === want; })[0];
        var units = uniq(d.series.map(function (s) { return s.unit; })).sort();
        if (found) {
          state.unit = found.unit; state.procs = String(found.procs); state.axis = found.axis;
          state.dims = {};
          for (var k in found.dims) state.dims[k] = found.dims[k];
        } else {
          // Defaults in turn: the axis of most points, a unit of it
          // (sec/op when there), the largest GOMAXPROCS of those.
          var axes = uniq(d.series.map(function (s) { return s.axis; })).sort();
          if (axes.indexOf(state.axis) < 0) state.axis = mostPoints(d.series, axes);
          var onAxis = d.series.filter(function (s) { return s.axis === state.axis; });
          units = uniq(onAxis.map(function (s) { return s.unit; })).sort();
          if (units.indexOf(state.unit) < 0) state.unit = units.indexOf('sec/op') >= 0 ? 'sec/op' : units[0];
          var procs = uniq(onAxis.filter(function (s) { return s.unit === state.unit; }).map(function (s) { return String(s.procs); })).sort(numSort);
          if (state.procs !== '' && procs.indexOf(state.procs) < 0) state.procs = procs[procs.length - 1];
          for (var dk in state.dims) {
            var dv = state.dims[dk];
            if (dv !== '' && !onAxis.some(function (s) { return s.dims[dk] === dv; })) state.dims[dk] = '';
          }
        }
        draw();
        if (found) {
          var fig = document.getElementById('s-' + found.id);
          if (fig) { fig.classList.add('highlight'); fig.scrollIntoView(); }
          want = null;
        }
      }, function (err) {
        status.textContent = String(err.message);
        throw err;
      });
    }

    function matches(s, skip) {
      if (skip !== 'unit' && s.unit !== state.unit) return false;
      if (skip !== 'procs' && state.procs !== '' && String(s.procs) !== state.procs) return false;
      if (skip !== 'axis' && s.axis !== state.axis) return false;
      for (var k in state.dims) {
        if (k !== skip && state.dims[k] !== '' && s.dims[k] !== state.dims[k]) return false;
      }
      return true;
    }

    function buildControls() {
      while (controls.firstChild) controls.removeChild(controls.firstChild);
      controls.appendChild(select('machine', P.files.map(function (f, i) { return [String(i), f.machine]; }), String(state.file), function (v) { open(parseInt(v, 10)); }));
      var units = uniq(data.series.map(function (s) { return s.unit; })).sort();
      controls.appendChild(select('unit', units.map(function (u) { return [u, u]; }), state.unit, function (v) { state.unit = v; draw(); }));
      var procs = uniq(data.series.filter(function (s) { return matches(s, 'procs'); }).map(function (s) { return String(s.procs); })).sort(numSort);
      controls.appendChild(select('GOMAXPROCS', [['', 'all']].concat(procs.map(function (p) { return [p, p]; })), state.procs, function (v) { state.procs = v; draw(); }));
      var axes = uniq(data.series.map(function (s) { return s.axis; })).sort();
      if (axes.length > 1) controls.appendChild(select('by', axes.map(function (a) { return [a, a]; }), state.axis, function (v) { state.axis = v; draw(); }));
      var keys = uniq([].concat.apply([], data.series.map(function (s) { return Object.keys(s.dims); })));
      keys.forEach(function (k) {
        if (!(k in state.dims)) state.dims[k] = '';
        var vals = uniq(data.series.filter(function (s) { return k in s.dims && matches(s, k); }).map(function (s) { return s.dims[k]; })).sort(numSort);
        controls.appendChild(select(k, [['', 'all']].concat(vals.map(function (v) { return [v, v]; })), state.dims[k], function (v) { state.dims[k] = v; draw(); }));
      });
    }

    function draw() {
      buildControls();
      while (charts.firstChild) charts.removeChild(charts.firstChild);
      var list = data.series.filter(function (s) { return matches(s); });
      list.sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : a.procs - b.procs; });
      var limit = state.all ? list.length : 48;
      list.slice(0, limit).forEach(function (s) {
        var fig = el('figure', 'series');
        fig.id = 's-' + s.id;
        fig.appendChild(el('figcaption', null, title(s, 'by ' + s.axis)));
        fig.appendChild(chart(s, data.pos, 1, null));
        changeText(s, data.pos).forEach(function (t) { fig.appendChild(el('p', 'cp-text', t)); });
        charts.appendChild(fig);
      });
      var cps = list.reduce(function (a, s) { return a + (s.cp ? s.cp.length : 0); }, 0);
      status.textContent = list.length + (list.length === 1 ? ' series' : ' series') + ' on ' + P.files[state.file].machine + ', ' + cps + ' change points' + (list.length > limit ? '; showing ' + limit : '');
      if (list.length > limit) {
        var more = el('button', null, 'Show all ' + list.length);
        more.addEventListener('click', function () { state.all = true; draw(); });
        charts.appendChild(more);
      }
      document.body.setAttribute('data-ready', '1');
    }

    open(state.file);
  }

  // ---- machines ----
  function machinesPage() {
    var P = window.SBPAGE;
    var controls = document.getElementById('controls');
    var charts = document.getElementById('charts');
    var status = document.getElementById('status');
    var state = { family: 0, name: null, unit: null, procs: null, axis: null };
    var loaded = [];

    function open(i) {
      state.family = i;
      var f = P.families[i];
      if (!f) { status.textContent = 'No families in this store.'; document.body.setAttribute('data-ready', '1'); return; }
      status.textContent = 'Loading…';
      Promise.all(f.files.map(function (ff) { return loadAll(ff.keys); })).then(function (ds) {
        loaded = ds;
        state.name = null;
        draw();
      }, function (err) { status.textContent = String(err.message); throw err; });
    }

    function all() { return [].concat.apply([], loaded.map(function (d) { return d.series; })); }

    function draw() {
      var ss = all();
      var names = uniq(ss.map(function (s) { return s.name; })).sort();
      if (names.indexOf(state.name) < 0) {
        // Prefer a benchmark measured on the most machines.
        var best = names[0], most = -1;
        names.forEach(function (nm) {
          var c = loaded.filter(function (d) { return d.series.some(function (s) { return s.name === nm; }); }).length;
          if (c > most) { most = c; best = nm; }
        });
        state.name = best;
      }
      var of = ss.filter(function (s) { return s.name === state.name; });
      var units = uniq(of.map(function (s) { return s.unit; })).sort();
      if (units.indexOf(state.unit) < 0) state.unit = units.indexOf('sec/op') >= 0 ? 'sec/op' : units[0];
      var procs = uniq(of.filter(function (s) { return s.unit === state.unit; }).map(function (s) { return String(s.procs); })).sort(numSort);
      if (procs.indexOf(state.procs) < 0) state.procs = procs[procs.length - 1];
      var axes = uniq(of.map(function (s) { return s.axis; })).sort();
      if (axes.indexOf(state.axis) < 0) state.axis = mostPoints(of, axes);
      while (controls.firstChild) controls.removeChild(controls.firstChild);
      controls.appendChild(select('family', P.families.map(function (f, i) { return [String(i), f.name]; }), String(state.family), function (v) { open(parseInt(v, 10)); }));
      controls.appendChild(select('benchmark', names.map(function (n) { return [n, n]; }), state.name, function (v) { state.name = v; draw(); }));
      controls.appendChild(select('unit', units.map(function (u) { return [u, u]; }), state.unit, function (v) { state.unit = v; draw(); }));
      controls.appendChild(select('GOMAXPROCS', procs.map(function (p) { return [p, p]; }), state.procs, function (v) { state.procs = v; draw(); }));
      if (axes.length > 1) controls.appendChild(select('by', axes.map(function (a) { return [a, a]; }), state.axis, function (v) { state.axis = v; draw(); }));
      while (charts.firstChild) charts.removeChild(charts.firstChild);
      var picked = [];
      loaded.forEach(function (d) {
        d.series.forEach(function (s) {
          if (s.name === state.name && s.unit === state.unit && String(s.procs) === state.procs && s.axis === state.axis) picked.push([d, s]);
        });
      });
      if (!picked.length) { status.textContent = 'No series match.'; document.body.setAttribute('data-ready', '1'); return; }
      // One scale: the first machine's prefix; values in base units.
      var base = picked[0][1];
      var conv = function (s, a) { return a.map(function (v) { return finite(v) ? v * s.factor / base.factor : v; }); };
      var norm = picked.map(function (p) {
        var s = p[1], o = {};
        for (var k in s) o[k] = s[k];
        o.m = conv(s, s.m); o.lo = conv(s, s.lo); o.hi = conv(s, s.hi); o.prefix = base.prefix;
        return [p[0], o];
      });
      var dom = domain(norm.map(function (p) { return p[1].m; }), norm.map(function (p) { return p[1].lo; }), norm.map(function (p) { return p[1].hi; }));
      var table = el('table', 'rows');
      var hr = el('tr');
      ['machine', 'points', 'newest median', 'change points'].forEach(function (t) { hr.appendChild(el('th', null, t)); });
      table.appendChild(hr);
      norm.forEach(function (p) {
        var s = p[1], tr = el('tr'), last = s.m[s.m.length - 1];
        tr.appendChild(el('td', null, p[0].machine));
        tr.appendChild(el('td', 'num', s.m.length));
        tr.appendChild(el('td', 'num', fmt(last) + (s.prefix || '') + ' ' + s.unit));
        tr.appendChild(el('td', 'num', (s.cp || []).map(function (c) { return pct(c.r); }).join(' ') || '-'));
        table.appendChild(tr);
      });
      charts.appendChild(table);
      norm.forEach(function (p) {
        var fig = el('figure', 'series');
        fig.appendChild(el('figcaption', null, p[0].machine + ':  ' + title(p[1], 'by ' + p[1].axis)));
        fig.appendChild(chart(p[1], p[0].pos, 1, dom));
        changeText(p[1], p[0].pos).forEach(function (t) { fig.appendChild(el('p', 'cp-text', t)); });
        charts.appendChild(fig);
      });
      status.textContent = state.name + ' on ' + norm.length + (norm.length === 1 ? ' machine' : ' machines');
      document.body.setAttribute('data-ready', '1');
    }

    open(0);
  }

  var page = document.body.getAttribute('data-page');
  var ns = document.getElementById('svgns');
  if (ns) SVGNS = ns.namespaceURI;
  tip = document.getElementById('tip');
  if (page === 'index') indexPage();
  else if (page === 'family') familyPage();
  else if (page === 'machines') machinesPage();
})();
