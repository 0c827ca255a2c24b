// noticeparse review index: search, sort, filter, charts, CSV export and pages over the notices' data block.
// No network. The block (#index-data) is gzipped JSON in base64 (review/index.py): an entry per notice, its
// kind and issuer indexes into data.kinds and data.issuers, its date the number 20230501 (0: none), its page
// a flag, its sums the money and land by role and the topic and penalty counts the charts add up
// (review/charts.py). The texts for the full-text search are in search/text-NNNN.js (review/search.py),
// added to the page on the first search.
(function () {
  "use strict";
  var block = document.getElementById("index-data");
  // without DecompressionStream the first page stays as the HTML has it
  if (!block || !window.DecompressionStream || !window.noticeparseLoad) return;
  var SVG = "http://www.w3.org/2000/svg";
  // why an amount is left out of the totals (review/charts.py _REASONS)
  var REASONS = { part: "parts of a larger amount (part_of)", threshold: "thresholds (以上, 以下, 不超过 …)",
    aggregate: "regional or national statistics (scope aggregate)",
    currency: "amounts in other currencies (港元, 美元 …)" };

  // a sum as it is published (store/totals.py format_yuan, format_mu): never an exponent
  function short(n) {
    if (n === 0) return "0";
    var a = Math.abs(n);
    if (a >= 100) return n.toLocaleString("en-US", { maximumFractionDigits: 0 });
    var digits = Math.max(0, 2 - Math.floor(Math.log10(a)));
    var s = n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return s.indexOf(".") >= 0 ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
  }
  function formatYuan(y) { return Math.abs(y) >= 1e8 ? short(y / 1e8) + "亿元" : short(y / 1e4) + "万元"; }
  function formatMu(m) {
    return Math.abs(m) >= 1e8 ? short(m / 1e8) + "亿亩" : Math.abs(m) >= 1e4 ? short(m / 1e4) + "万亩" : short(m) + "亩";
  }
  function formatCount(n) { return n.toLocaleString("en-US", { maximumFractionDigits: 0 }); }
  function textWidth(t) {
    var w = 0;
    for (var i = 0; i < t.length; i++) w += t.charCodeAt(i) > 0x2E80 ? 11 : 6.5;
    return Math.floor(w);
  }

  function start(data) {
    var cols = data.cols, all = data.rows, size = data.page, kinds = data.kinds, issuers = data.issuers;
    var at = {}; cols.forEach(function (c, i) { at[c] = i; });
    var counted = cols.slice(at.findings + 1, at.page);
    var tbody = document.querySelector("#index-table tbody");
    var heads = document.querySelectorAll("#index-table th");
    var info = document.getElementById("page-info");
    var searchInfo = document.getElementById("search-info");
    var colours = data.colours || {}, unknown = data.unknown || "year unknown";
    var state = { q: "", kind: "", year: "", issuer: "", sort: "date", desc: true, page: 0 };
    var shown = all.slice(), haystack = null, texts = {}, shardsRead = 0, shardsAsked = false;

    function iso(d) {
      if (!d) return "";
      var s = String(d);
      return s.slice(0, 4) + "-" + s.slice(4, 6) + "-" + s.slice(6, 8);
    }
    function sums(row) { var s = row[at.sums]; return s && typeof s === "object" ? s : {}; }
    function recovered(row) { var m = sums(row).m; return m && m.recovered ? m.recovered : ""; }
    // a column's value as shown and sorted ("" is blank: sorted last either way)
    function value(row, name) {
      if (name === "kind") return kinds[row[at.kind]];
      if (name === "issuer") return issuers[row[at.issuer]];
      if (name === "date") return row[at.date] || "";
      if (name === "recovered") return recovered(row);
      var v = row[at[name]];
      return v === undefined ? "" : v;  // the empty values ending an entry are left out
    }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = String(text);  // textContent: data is never parsed as HTML
      return e;
    }
    function link(href, text, cls) {
      var a = el("a", cls, text); a.setAttribute("href", href); return a;
    }
    // where the search matched, when not in the title or issuer: the case's words or the text around it
    function hitOf(row) {
      var q = state.q.toLowerCase();
      if (!q || haystack[row.hay].indexOf(q) >= 0) return "";
      var who = String(value(row, "who")), i = who.toLowerCase().indexOf(q);
      if (i >= 0) return "case: " + who.slice(Math.max(0, i - 20), i + q.length + 30);
      var text = texts[row[at.id]];
      if (!text) return "";
      i = text.lower.indexOf(q);
      return i < 0 ? "" : "text: …" + text.raw.slice(Math.max(0, i - 24), i + q.length + 36).replace(/\s+/g, " ") + "…";
    }
    function cellOf(row, name) {
      var td = el("td"), url = value(row, "url");
      if (name === "notice") {
        // the page flag: 1 for notice-<id>.html, or the page's own name (a hashed one) for an id that names no file
        var page = typeof row[at.page] === "string" ? row[at.page] : "notice-" + row[at.id] + ".html";
        td.appendChild(row[at.page] ? link(page, row[at.title])
          : document.createTextNode(row[at.title]));
        if (/^https?:\/\//i.test(url)) {
          td.appendChild(document.createTextNode(" "));
          var a = link(url, "source", "src"); a.rel = "noopener noreferrer"; a.title = value(row, "source");
          td.appendChild(a);
        }
        var hit = hitOf(row);
        if (hit) td.appendChild(el("div", "hit", hit));
      } else if (name === "published") {
        td.appendChild(el("span", "nowrap", iso(row[at.date])));
      } else if (name === "errors") {
        td.appendChild(el("span", "errors", value(row, "errors")));
      } else if (name === "kind" || name === "issuer") {
        td.textContent = value(row, name);
      } else if (name === "recovered") {
        var r = recovered(row);
        td.appendChild(el("span", "num", r ? formatYuan(r) : ""));
      } else {
        td.appendChild(el("span", "num", at[name] === undefined ? "" : value(row, name)));
      }
      return td;
    }
    var names = ["notice", "kind", "issuer", "published", "findings", "cases", "recovered", "errors"];
    var sortBy = { notice: "title", published: "date" };  // a shown column → the data it sorts by

    function matches(r, q) {
      if (haystack[r.hay].indexOf(q) >= 0 || String(value(r, "who")).toLowerCase().indexOf(q) >= 0) return true;
      var text = texts[r[at.id]];
      return !!text && text.lower.indexOf(q) >= 0;
    }
    function apply() {
      var q = state.q.toLowerCase();
      if (q && !haystack) {  // built on the first search only: title and issuer (the cases' words: hitOf)
        haystack = all.map(function (r) { return (r[at.title] + " " + issuers[r[at.issuer]]).toLowerCase(); });
        all.forEach(function (r, i) { r.hay = i; });
      }
      if (q) readTexts();
      var year = state.year === "?" ? "" : state.year;
      shown = all.filter(function (r) {
        return (!state.kind || (kinds[r[at.kind]] || "?") === state.kind)
          && (!state.year || String(r[at.date] || "").slice(0, 4) === year)
          && (!state.issuer || issuers[r[at.issuer]] === state.issuer)
          && (!q || matches(r, q));
      });
      var c = state.sort, sign = state.desc ? -1 : 1;
      shown.sort(function (a, b) {
        var x = value(a, c), y = value(b, c);
        if (x === y) return 0;
        if (x === "" || x === null) return 1;  // blanks last, either way
        if (y === "" || y === null) return -1;
        return (x < y ? -1 : 1) * sign;
      });
      state.page = Math.min(state.page, Math.max(0, Math.ceil(shown.length / size) - 1));
      draw();
      drawCharts();
    }
    function draw() {
      var frag = document.createDocumentFragment();
      shown.slice(state.page * size, (state.page + 1) * size).forEach(function (r) {
        var tr = el("tr");
        tr.dataset.id = r[at.id];
        names.forEach(function (n) { tr.appendChild(cellOf(r, n)); });
        frag.appendChild(tr);
      });
      tbody.textContent = "";
      tbody.appendChild(frag);
      var pages = Math.max(1, Math.ceil(shown.length / size));
      info.textContent = "page " + (state.page + 1) + " of " + pages + " · " + shown.length + " of " + all.length + " notices";
      heads.forEach(function (h, i) {
        var by = sortBy[names[i]] || names[i];
        h.setAttribute("aria-sort", by === state.sort ? (state.desc ? "descending" : "ascending") : "none");
      });
    }

    // the texts, shard by shard (search/text-NNNN.js calls noticeparseText), on the first search only
    window.noticeparseText = function (shard, packed) {
      var text = atob(packed), bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      new Response(stream).text().then(JSON.parse).then(function (part) {
        part.ids.forEach(function (id, j) { texts[id] = { raw: part.texts[j], lower: part.texts[j].toLowerCase() }; });
        shardsRead++;
        searchInfo.textContent = shardsRead < data.shards
          ? "searching the texts: " + shardsRead + " of " + data.shards + " parts read…" : "";
        if (shardsRead === data.shards) document.documentElement.dataset.textsReady = "1";
        if (state.q) apply();
        loadShard(shard + 1);
      });
    };
    function loadShard(i) {
      if (i >= (data.shards || 0)) return;
      var s = document.createElement("script");
      s.src = "search/text-" + ("000" + i).slice(-4) + ".js";
      s.onerror = function () { searchInfo.textContent = "the texts are missing (search/): titles, issuers and cases only"; };
      document.body.appendChild(s);
    }
    function readTexts() {
      if (shardsAsked) return;
      shardsAsked = true;
      if (data.shards) { searchInfo.textContent = "searching the texts: 0 of " + data.shards + " parts read…"; loadShard(0); }
    }

    // charts: the sums of the notices shown, by year and role (never added across roles), as review/charts.py
    function svg(tag, attrs, text) {
      var e = document.createElementNS(SVG, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = text;
      return e;
    }
    function barChart(rows, fmt) {
      if (!rows.length) { var p = el("p", "muted", "no data"); return p; }
      var width = 460, series = Object.keys(colours).filter(function (name) {
        return rows.some(function (r) { return r[1].some(function (s) { return s[0] === name; }); });
      });
      var top = 0, labelW = 40, valueW = 0;
      rows.forEach(function (r) {
        labelW = Math.max(labelW, textWidth(r[0].slice(0, 16)) + 10);
        r[1].forEach(function (s) { top = Math.max(top, s[1]); valueW = Math.max(valueW, textWidth(fmt(s[1]))); });
      });
      top = top || 1; valueW += 8;
      var plot = Math.max(60, width - labelW - valueW), barH = 13, y = 0, parts = [];
      rows.forEach(function (r) {
        parts.push(svg("text", { x: labelW - 6, y: y + 11, "text-anchor": "end" }, r[0].slice(0, 16)));
        r[1].forEach(function (s) {
          var w = plot * Math.max(s[1], 0) / top, rect = svg("rect", { x: labelW, y: y, width: Math.max(w, 0.5).toFixed(1),
            height: barH, fill: colours[s[0]] || "#0969da" });
          rect.appendChild(svg("title", {}, s[0] ? r[0] + " " + s[0] + ": " + fmt(s[1]) : r[0] + ": " + fmt(s[1])));
          parts.push(rect, svg("text", { x: (labelW + w + 4).toFixed(1), y: y + 11 }, fmt(s[1])));
          y += barH + 2;
        });
        y += 6;
      });
      var legendY = y + 8, x = labelW;
      series.forEach(function (name) {
        var step = textWidth(name) + 28;
        if (x + step > width && x > labelW) { legendY += 16; x = labelW; }
        parts.push(svg("rect", { "class": "swatch", x: x, y: legendY - 9, width: 10, height: 10, fill: colours[name] }),
          svg("text", { x: x + 14, y: legendY }, name));
        x += step;
      });
      var height = series.length ? legendY + 6 : y;
      width = Math.max(width, x);
      var root = svg("svg", { role: "img", width: width, height: height, viewBox: "0 0 " + width + " " + height,
        "font-size": "11" });
      parts.forEach(function (p) { root.appendChild(p); });
      return root;
    }
    function byYear(measure, years) {
      var keys = Object.keys(years).sort(function (a, b) {
        return (a === unknown) - (b === unknown) || (a < b ? -1 : a > b ? 1 : 0);
      });
      var order = Object.keys(colours);
      return keys.map(function (y) {
        var roles = years[y][measure];
        var list = Object.keys(roles).sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
        return [y, list.map(function (r) { return [r, roles[r]]; })];
      }).filter(function (r) { return r[1].length; });
    }
    function counts(key) {
      var total = {};
      shown.forEach(function (r) {
        var c = sums(r)[key] || {};
        Object.keys(c).forEach(function (k) { total[k] = (total[k] || 0) + c[k]; });
      });
      return Object.keys(total).sort(function (a, b) { return total[b] - total[a] || (a < b ? -1 : 1); })
        .slice(0, 15).map(function (k) { return [k, [["", total[k]]]]; });
    }
    function drawCharts() {
      var years = {}, noYear = 0;
      shown.forEach(function (r) {
        var y = r[at.date] ? String(r[at.date]).slice(0, 4) : unknown, s = sums(r);
        if (y === unknown) noYear++;
        var mine = years[y] || (years[y] = { money: {}, land: {} });
        [["m", "money"], ["l", "land"]].forEach(function (k) {
          var part = s[k[0]] || {};
          Object.keys(part).forEach(function (role) { mine[k[1]][role] = (mine[k[1]][role] || 0) + part[role]; });
        });
      });
      var drawn = { money: byYear("money", years), land: byYear("land", years), topics: counts("t"), penalties: counts("p") };
      var fmts = { money: formatYuan, land: formatMu, topics: formatCount, penalties: formatCount };
      document.querySelectorAll("figure.chart[data-chart]").forEach(function (f) {
        var key = f.dataset.chart, old = f.querySelector("svg, p");
        if (old) f.removeChild(old);
        f.appendChild(barChart(drawn[key], fmts[key]));
      });
      var left = {}, note = document.getElementById("left-out");
      shown.forEach(function (r) {
        var x = sums(r).x || {};
        Object.keys(x).forEach(function (k) { left[k] = (left[k] || 0) + x[k]; });
      });
      var found = Object.keys(REASONS).filter(function (k) { return left[k]; })
        .map(function (k) { return left[k] + " " + REASONS[k]; });
      if (note) {
        note.textContent = "left out of the money and land totals: " + (found.length ? found.join(", ")
          : "nothing (no parts, thresholds, aggregates or other currencies among these notices)");
      }
      var warning = document.getElementById("year-warning");
      if (warning) {
        warning.hidden = !noYear;
        warning.textContent = noYear ? "warning: " + noYear + " notice(s) have no known year (no publication or "
          + "signing date): their amounts are the “" + unknown + "” bars; a query that filters or groups by "
          + "pub_year leaves them out" : "";
      }
    }

    // CSV of the notices shown (every data column, the sums by role spelled out), a UTF-8 file Excel reads
    function csvCell(v) {
      var s = v === undefined || v === null ? "" : String(v);
      return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    }
    function toCSV() {
      var measures = [["m", "money", "yuan"], ["l", "land", "mu"]], sumCols = [];
      measures.forEach(function (m) {
        var roles = {};
        shown.forEach(function (r) { Object.keys(sums(r)[m[0]] || {}).forEach(function (k) { roles[k] = 1; }); });
        Object.keys(colours).filter(function (k) { return roles[k]; }).forEach(function (role) {
          sumCols.push([m[0], role, m[1] + "_" + role.replace(/ /g, "_") + "_" + m[2]]);
        });
      });
      var head = ["date", "title", "kind", "issuer", "url", "source", "notice_id", "chars", "findings"]
        .concat(counted, ["errors", "case_words"], sumCols.map(function (c) { return c[2]; }));
      var lines = [head.map(csvCell).join(",")];
      shown.forEach(function (r) {
        var cells = [iso(r[at.date]), r[at.title], value(r, "kind"), value(r, "issuer"), value(r, "url"),
          value(r, "source"), r[at.id], value(r, "chars"), value(r, "findings")]
          .concat(counted.map(function (c) { return value(r, c); }), [value(r, "errors"), value(r, "who")],
            sumCols.map(function (c) { var part = sums(r)[c[0]] || {}; return part[c[1]] === undefined ? "" : part[c[1]]; }));
        lines.push(cells.map(csvCell).join(","));
      });
      return "\ufeff" + lines.join("\r\n") + "\r\n";
    }
    window.noticeparseIndexCSV = toCSV;  // the export, for a console or a test
    document.getElementById("export-csv").addEventListener("click", function () {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([toCSV()], { type: "text/csv;charset=utf-8" }));
      a.download = "noticeparse-index.csv";
      document.body.appendChild(a);
      a.click();
      window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });

    heads.forEach(function (h, i) {
      h.tabIndex = 0;
      h.classList.add("sortable");
      function sortHere() {
        var by = sortBy[names[i]] || names[i];
        if (state.sort === by) state.desc = !state.desc;
        else { state.sort = by; state.desc = by === "date" || by === "recovered"; }
        state.page = 0;
        apply();
      }
      h.addEventListener("click", sortHere);
      h.addEventListener("keydown", function (ev) { if (ev.key === "Enter") sortHere(); });
    });
    document.querySelectorAll("[data-filter]").forEach(function (input) {
      function update() { state[input.dataset.filter] = input.value; state.page = 0; apply(); }
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
    document.querySelector("form.filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
    document.querySelectorAll("button[data-page]").forEach(function (b) {
      b.addEventListener("click", function () {
        var pages = Math.max(1, Math.ceil(shown.length / size));
        state.page = Math.max(0, Math.min(pages - 1, state.page + (b.dataset.page === "next" ? 1 : -1)));
        draw();
      });
    });
    // the rows were sorted newest first when written: the first page is drawn without sorting 100,000
    draw();
    document.documentElement.dataset.indexReady = "1";
    if (window.performance && performance.mark) performance.mark("index-drawn");  // bench/report_open.py reads it
    // filters chosen before the data was read (a fast reader) apply now
    document.querySelectorAll("[data-filter]").forEach(function (input) { state[input.dataset.filter] = input.value; });
    if (state.q || state.kind || state.year || state.issuer) apply();
  }
  // after the first paint: the HTML's first page shows while the entries are read (report.js, loaded first)
  window.setTimeout(function () { window.noticeparseLoad(block).then(start); }, 0);
})();
