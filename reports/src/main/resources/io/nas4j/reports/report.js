// report.html's script: sorts and filters the leaderboard, opens a candidate's detail view, and
// draws the parallel coordinates whose brushes filter the leaderboard. The state (sort column and
// direction, open candidate, axis ranges) lives in the URL's fragment, so a view can be bookmarked:
// #sort=COL:asc&c=KEY&b=AXIS:LOW:HIGH; #focus=ID shows the section under the heading ID alone (to
// print or share one part). No network access.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("nas4j-data").textContent);
  var byKey = {};
  data.candidates.forEach(function (c) { byKey[c.key] = c; });
  var table = document.getElementById("leaderboard");
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(tbody.rows);
  var filter = document.getElementById("filter");
  var status = document.getElementById("status");
  var shown = document.getElementById("shown");
  var detail = document.getElementById("detail");
  var brushes = {}; // axis index -> [low, high] in data units
  var lines = {}; // key -> polyline of the parallel coordinates

  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function html(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function state() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    var sort = (p.get("sort") || "").split(":");
    var ranges = {};
    p.getAll("b").forEach(function (b) {
      var v = b.split(":").map(parseFloat);
      if (v.length === 3 && v.every(isFinite) && v[0] >= 0 && v[0] < axes.length) {
        ranges[v[0]] = [Math.min(v[1], v[2]), Math.max(v[1], v[2])];
      }
    });
    return { col: sort[0] === "" ? -1 : parseInt(sort[0], 10), desc: sort[1] === "desc",
             key: p.get("c"), brushes: ranges, focus: p.get("focus") };
  }

  /** Changes some of the state (the rest stays) and renders it. */
  function setState(changes) {
    var s = state();
    Object.keys(changes).forEach(function (k) { s[k] = changes[k]; });
    var parts = [];
    if (s.focus) { parts.push("focus=" + encodeURIComponent(s.focus)); }
    if (s.col >= 0) { parts.push("sort=" + s.col + ":" + (s.desc ? "desc" : "asc")); }
    if (s.key) { parts.push("c=" + encodeURIComponent(s.key)); }
    Object.keys(s.brushes).forEach(function (i) {
      parts.push("b=" + i + ":" + +s.brushes[i][0].toPrecision(5) + ":"
        + +s.brushes[i][1].toPrecision(5));
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash) {
      history.replaceState(null, "", hash || location.pathname);
      render(true);
    }
  }

  // --- the leaderboard -------------------------------------------------------------------------
  function sortValue(row, col) {
    var cell = row.cells[col];
    var v = cell.getAttribute("data-v");
    return v === null ? cell.textContent : parseFloat(v);
  }

  function sortRows(col, desc) {
    heads.forEach(function (h, i) {
      h.classList.toggle("asc", i === col && !desc);
      h.classList.toggle("desc", i === col && desc);
    });
    var order = rows.slice();
    if (col >= 0 && col < heads.length) {
      order.sort(function (a, b) {
        var x = sortValue(a, col), y = sortValue(b, col);
        var c = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
        return desc ? -c : c;
      });
    }
    order.forEach(function (r) { tbody.appendChild(r); });
  }

  function inBrushes(c) {
    return Object.keys(brushes).every(function (axis) {
      var v = axes[axis].value(c), b = brushes[axis];
      return v !== null && v >= b[0] && v <= b[1];
    });
  }

  function applyFilter() {
    var text = filter.value.trim().toLowerCase();
    var want = status.value;
    var n = 0;
    rows.forEach(function (r) {
      var c = byKey[r.getAttribute("data-key")];
      var ok = (!want || c.status === want)
        && (!text || (c.notation + " " + c.key + " " + c.status).toLowerCase().indexOf(text) >= 0)
        && (Object.keys(brushes).length === 0 || inBrushes(c));
      r.hidden = !ok;
      if (ok) { n++; }
      if (lines[c.key]) { lines[c.key].setAttribute("class", ok ? "on" : "off"); }
    });
    shown.textContent = n + " of " + rows.length + " candidates shown";
  }

  heads.forEach(function (h, i) {
    h.addEventListener("click", function () {
      var s = state();
      setState({ col: i, desc: s.col === i ? !s.desc : false });
    });
  });
  rows.forEach(function (r) {
    r.addEventListener("click", function () {
      var key = r.getAttribute("data-key");
      setState({ key: state().key === key ? null : key });
    });
  });
  filter.addEventListener("input", applyFilter);
  status.addEventListener("change", applyFilter);
  document.getElementById("clear").addEventListener("click", function () {
    setState({ brushes: {} });
  });

  // --- the detail view -------------------------------------------------------------------------
  var COLOURS = ["#9ecae1", "#6baed6", "#2171b5", "#08306b"];

  function curvePlot(c) {
    var w = 420, h = 220, l = 46, r = 10, t = 14, b = 30;
    var svg = el("svg", { id: "detail-curve", class: "plot", width: w, height: h,
                          viewBox: "0 0 " + w + " " + h });
    var points = [];
    c.curves.forEach(function (curve) { curve.forEach(function (p) { points.push(p[0]); }); });
    var epochs = Math.max.apply(null, c.curves.map(function (x) { return x.length; }).concat([2]));
    if (points.length === 0) {
      svg.appendChild(el("text", { x: w / 2, y: h / 2, "text-anchor": "middle" }, "not trained"));
      return svg;
    }
    var lo = Math.min.apply(null, points), hi = Math.max.apply(null, points);
    var pad = Math.max(0.005, (hi - lo) * 0.1);
    lo = Math.max(0, lo - pad); hi = Math.min(1, hi + pad);
    function px(e) { return l + (e - 1) / Math.max(1, epochs - 1) * (w - l - r); }
    function py(v) { return h - b - (v - lo) / (hi - lo) * (h - t - b); }
    niceTicks(lo, hi, 4).forEach(function (v) {
      svg.appendChild(el("line", { x1: l, x2: w - r, y1: py(v), y2: py(v), stroke: "#e5e5e5" }));
      svg.appendChild(el("text", { x: l - 4, y: py(v) + 4, "text-anchor": "end",
                                   "font-size": 10 }, v.toFixed(decimals(lo, hi, 4))));
    });
    niceTicks(1, epochs, 6).forEach(function (e) {
      if (e >= 1 && e === Math.round(e)) {
        svg.appendChild(el("text", { x: px(e), y: h - b + 14, "text-anchor": "middle",
                                     "font-size": 10 }, String(e)));
      }
    });
    svg.appendChild(el("text", { x: w / 2, y: h - 4, "text-anchor": "middle", "font-size": 11 },
                       "epoch (validation accuracy)"));
    c.curves.forEach(function (curve, rung) {
      if (curve.length === 0) { return; }
      var colour = COLOURS[Math.min(COLOURS.length - 1, rung + (c.curves.length === 1 ? 2 : 0))];
      var pts = curve.map(function (p, i) { return px(i + 1) + "," + py(p[0]); }).join(" ");
      svg.appendChild(el("polyline", { class: "curve", points: pts, fill: "none",
                                       stroke: colour, "stroke-width": 2 }));
      if (c.curves.length > 1) {
        svg.appendChild(el("text", { x: w - r - 4, y: t + 10 + 13 * rung, "text-anchor": "end",
                                     "font-size": 10, fill: colour }, "rung " + rung));
      }
    });
    return svg;
  }

  function showDetail(key) {
    rows.forEach(function (r) { r.classList.toggle("open", r.getAttribute("data-key") === key); });
    var c = key ? byKey[key] : null;
    detail.hidden = !c;
    detail.textContent = "";
    if (!c) { return; }
    var title = html("h3", (c.rank ? "#" + c.rank + "  " : "") + c.key + "  (" + c.status + ")");
    var close = html("button", "close");
    close.addEventListener("click", function () { setState({ key: null }); });
    detail.appendChild(close);
    detail.appendChild(title);
    detail.appendChild(html("pre", c.notation));
    var cols = html("div", undefined, "cols");
    var dl = html("dl");
    function item(name, value) {
      dl.appendChild(html("dt", name));
      dl.appendChild(html("dd", value));
    }
    if (c.acc !== undefined) {
      item("validation accuracy", c.acc.toFixed(4) + " (epoch " + c.epoch + " of " + c.epochs
        + ", rung " + c.rung + ")");
    }
    if (c.reason) { item("reason", c.reason); }
    item("params", c.params.toLocaleString("en"));
    item("MACs per image", c.macs.toLocaleString("en"));
    item("training", c.optimizer + ", learning rate " + c.lr + ", batch " + c.batch);
    item("seconds", c.seconds.toFixed(1));
    item("seed", String(c.seed));
    item("candidate", "#" + c.index);
    cols.appendChild(dl);
    cols.appendChild(curvePlot(c));
    detail.appendChild(cols);
    var layers = html("table");
    layers.className = "layers";
    var head = layers.insertRow();
    ["layer", "output (CxHxW)", "params", "MACs"].forEach(function (t) {
      head.appendChild(html("th", t));
    });
    c.layers.forEach(function (l) {
      var tr = layers.insertRow();
      tr.appendChild(html("td", l[0]));
      [l[1], l[2].toLocaleString("en"), l[3].toLocaleString("en")].forEach(function (v) {
        tr.appendChild(html("td", v, "n"));
      });
    });
    var box = html("div", undefined, "scroll");
    box.appendChild(layers);
    detail.appendChild(box);
    if (c.shapeError) { detail.appendChild(html("p", c.shapeError, "note")); }
    if (c.rank) {
      detail.appendChild(html("p", "Train it on all the training data, or export it (RUN is the"
        + " folder of this report):", "note"));
      detail.appendChild(html("pre", "nas train RUN --rank " + c.rank + "\nnas export RUN --rank "
        + c.rank + " --format java --out BestNetwork.java"));
    }
  }

  // --- the parallel coordinates ----------------------------------------------------------------
  function niceTicks(lo, hi, target) {
    var raw = (hi - lo) / Math.max(1, target);
    if (!(raw > 0)) { return [lo]; }
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / power;
    var step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
    var out = [];
    for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.round(v / step) * step);
    }
    return out;
  }

  function decimals(lo, hi, target) {
    var t = niceTicks(lo, hi, target);
    var step = t.length > 1 ? t[1] - t[0] : 1;
    return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  }

  function numberAxis(name, get, log) {
    var values = data.candidates.map(get).filter(function (v) { return v !== null; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    if (log) { lo = Math.log10(Math.max(1, lo)); hi = Math.log10(Math.max(1, hi)); }
    if (hi <= lo) { hi = lo + (log ? 1 : 0.01); }
    return {
      name: name, lo: lo, hi: hi,
      value: function (c) { var v = get(c); return v === null ? null : log ? Math.log10(Math.max(1, v)) : v; },
      ticks: function () {
        if (!log) { return niceTicks(lo, hi, 5).map(function (v) { return [v, v.toFixed(decimals(lo, hi, 5))]; }); }
        var out = [];
        for (var e = Math.ceil(lo); e <= Math.floor(hi); e++) {
          out.push([e, e >= 6 ? Math.pow(10, e - 6) + "M" : e >= 3 ? Math.pow(10, e - 3) + "k" : String(Math.pow(10, e))]);
        }
        return out;
      }
    };
  }

  function geneAxis(g, i) {
    var n = g.labels.length;
    return {
      name: g.name, lo: -1, hi: n - 1,
      value: function (c) { return c.genes ? c.genes[i] : null; },
      ticks: function () {
        return [[-1, "(off)"]].concat(g.labels.map(function (l, j) { return [j, l]; }));
      }
    };
  }

  var trained = data.candidates.filter(function (c) { return c.acc !== undefined; });
  var axes = [
    numberAxis("val acc", function (c) { return c.acc === undefined ? null : c.acc; }, false),
    numberAxis("MACs", function (c) { return c.acc === undefined ? null : c.macs; }, true),
    numberAxis("params", function (c) { return c.acc === undefined ? null : c.params; }, true)
  ].concat(data.genes.map(geneAxis));
  var PC = { w: Math.max(640, 110 * axes.length), h: 340, t: 34, b: 46, l: 50 };
  var pc = document.getElementById("parcoords");
  var brushLayer;

  function ax(i) { return PC.l + i * (PC.w - 2 * PC.l) / Math.max(1, axes.length - 1); }
  function ay(axis, v) { return PC.h - PC.b - (v - axis.lo) / (axis.hi - axis.lo) * (PC.h - PC.t - PC.b); }
  function unY(axis, y) { return axis.lo + (PC.h - PC.b - y) / (PC.h - PC.t - PC.b) * (axis.hi - axis.lo); }

  function colour(acc) {
    var a = axes[0], f = (acc - a.lo) / (a.hi - a.lo);
    return "hsl(" + Math.round(220 - 200 * f) + ",70%," + Math.round(55 - 15 * f) + "%)";
  }

  function drawBrushes() {
    if (!brushLayer) { return; }
    brushLayer.textContent = "";
    Object.keys(brushes).forEach(function (i) {
      var b = brushes[i], y1 = ay(axes[i], b[1]), y2 = ay(axes[i], b[0]);
      brushLayer.appendChild(el("rect", { class: "brush", x: ax(+i) - 9, y: y1, width: 18,
                                          height: Math.max(2, y2 - y1) }));
    });
  }

  function drawParallel() {
    if (trained.length === 0) {
      pc.parentNode.replaceChild(html("p", "No trained candidates yet."), pc);
      return;
    }
    pc.setAttribute("width", PC.w);
    pc.setAttribute("height", PC.h);
    pc.setAttribute("viewBox", "0 0 " + PC.w + " " + PC.h);
    var group = el("g", { fill: "none", "stroke-width": 1.3, "stroke-opacity": 0.75 });
    trained.slice().sort(function (a, b) { return a.acc - b.acc; }).forEach(function (c) {
      var pts = [];
      axes.forEach(function (a, i) {
        var v = a.value(c);
        if (v !== null) { pts.push(ax(i) + "," + ay(a, v)); }
      });
      var line = el("polyline", { points: pts.join(" "), stroke: colour(c.acc) });
      line.appendChild(el("title", {}, (c.rank ? "#" + c.rank + " " : "") + c.notation));
      lines[c.key] = line;
      group.appendChild(line);
    });
    pc.appendChild(group);
    axes.forEach(function (a, i) {
      var x = ax(i);
      pc.appendChild(el("line", { x1: x, x2: x, y1: PC.t, y2: PC.h - PC.b, stroke: "#333" }));
      pc.appendChild(el("text", { x: x, y: PC.h - PC.b + 30, "text-anchor": "middle",
                                  "font-weight": "bold" }, a.name));
      a.ticks().forEach(function (t) {
        pc.appendChild(el("text", { x: x - 4, y: ay(a, t[0]) + 4, "text-anchor": "end",
                                    fill: "#333" }, t[1]));
      });
    });
    brushLayer = el("g");
    pc.appendChild(brushLayer);
    axes.forEach(function (a, i) {
      var hit = el("rect", { class: "axis-hit", x: ax(i) - 12, y: PC.t, width: 24,
                             height: PC.h - PC.t - PC.b });
      var start = null;
      function y(ev) {
        var box = pc.getBoundingClientRect();
        return (ev.clientY - box.top) * PC.h / box.height;
      }
      hit.addEventListener("pointerdown", function (ev) {
        start = y(ev);
        hit.setPointerCapture(ev.pointerId);
        ev.preventDefault();
      });
      hit.addEventListener("pointermove", function (ev) {
        if (start === null) { return; }
        var a1 = unY(a, start), a2 = unY(a, y(ev));
        brushes[i] = [Math.min(a1, a2), Math.max(a1, a2)];
        drawBrushes();
      });
      hit.addEventListener("pointerup", function (ev) {
        if (start !== null && Math.abs(y(ev) - start) < 3) { delete brushes[i]; }
        start = null;
        setState({ brushes: brushes });
      });
      pc.appendChild(hit);
    });
  }

  function focus(id) {
    var head = id ? document.getElementById(id) : null;
    if (head && head.tagName !== "H2") { head = null; }
    var keep = !head;
    Array.prototype.forEach.call(document.body.children, function (e) {
      if (head && e.tagName === "H2") { keep = e === head; }
      if (e.tagName !== "H1" && e.tagName !== "SCRIPT" && e.id !== "detail") {
        e.hidden = !keep || (head !== null && e.tagName === "NAV");
      }
    });
  }

  function render(scroll) {
    var s = state();
    focus(s.focus);
    brushes = s.brushes;
    drawBrushes();
    applyFilter();
    sortRows(s.col, s.desc);
    showDetail(s.key && byKey[s.key] ? s.key : null);
    if (scroll === true && s.key && byKey[s.key]) {
      detail.scrollIntoView({ block: "nearest" });
    }
  }

  drawParallel();
  render();
  window.addEventListener("hashchange", render);
}());
