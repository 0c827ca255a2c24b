// noticeparse review index: search, sort, filter and pages over the notices' data block. No network.
// The block (#index-data) is gzipped JSON in base64 (review/index.py): an entry per notice, its kind and
// issuer indexes into data.kinds and data.issuers, its date the number 20230501 (0: none), its page a flag.
(function () {
  "use strict";
  var block = document.getElementById("index-data");
  // without DecompressionStream the first page stays as the HTML has it
  if (!block || !window.DecompressionStream || !window.noticeparseLoad) return;

  function start(data) {
    var cols = data.cols, all = data.rows, size = data.page, kinds = data.kinds, issuers = data.issuers;
    var at = {}; cols.forEach(function (c, i) { at[c] = i; });
    var counted = cols.slice(at.findings + 1, at.page);
    var tbody = document.querySelector("#index-table tbody");
    var heads = document.querySelectorAll("#index-table th");
    var info = document.getElementById("page-info");
    // header i of the table → data column, for sorting
    var sortCols = [at.title, at.kind, at.issuer, at.date, at.chars, at.findings]
      .concat(counted.map(function (c) { return at[c]; })).concat([at.errors]);
    var state = { q: "", kind: "", year: "", issuer: "", sort: at.date, desc: true, page: 0 };
    var shown = all.slice(), haystack = null;

    function iso(d) {
      if (!d) return "";
      var s = String(d);
      return s.slice(0, 4) + "-" + s.slice(4, 6) + "-" + s.slice(6, 8);
    }
    // a column's value as shown and sorted ("" is blank: sorted last either way)
    function value(row, c) {
      var v = row[c];
      if (c === at.kind) return kinds[v];
      if (c === at.issuer) return issuers[v];
      if (c === at.date) return v || "";
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
    function cellOf(row, name) {
      var td = el("td"), url = value(row, at.url);
      if (name === "title") {
        // the page flag: 1 for notice-<id>.html, or the page's own name (a hashed one) for an id that names no file
        var page = typeof row[at.page] === "string" ? row[at.page] : "notice-" + row[at.id] + ".html";
        td.appendChild(row[at.page] ? link(page, row[at.title])
          : document.createTextNode(row[at.title]));
        if (/^https?:\/\//i.test(url)) {
          td.appendChild(document.createTextNode(" "));
          var a = link(url, "source", "src"); a.rel = "noopener noreferrer"; a.title = value(row, at.source);
          td.appendChild(a);
        }
      } else if (name === "date") {
        td.appendChild(el("span", "nowrap", iso(row[at.date])));
      } else if (name === "errors") {
        td.appendChild(el("span", "errors", value(row, at.errors)));
      } else if (name === "kind" || name === "issuer") {
        td.textContent = value(row, at[name]);
      } else {
        td.appendChild(el("span", "num", value(row, at[name])));
      }
      return td;
    }
    var names = ["title", "kind", "issuer", "date", "chars", "findings"].concat(counted).concat(["errors"]);

    function apply() {
      var q = state.q.toLowerCase();
      if (q && !haystack) {  // built on the first search only
        haystack = all.map(function (r) { return (r[at.title] + " " + issuers[r[at.issuer]]).toLowerCase(); });
        all.forEach(function (r, i) { r.hay = i; });
      }
      var year = state.year === "?" ? "" : state.year;
      shown = all.filter(function (r) {
        return (!state.kind || (kinds[r[at.kind]] || "?") === state.kind)
          && (!state.year || String(r[at.date] || "").slice(0, 4) === year)
          && (!state.issuer || issuers[r[at.issuer]] === state.issuer)
          && (!q || haystack[r.hay].indexOf(q) >= 0);
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
        h.setAttribute("aria-sort", sortCols[i] === state.sort ? (state.desc ? "descending" : "ascending") : "none");
      });
    }
    heads.forEach(function (h, i) {
      h.tabIndex = 0;
      h.classList.add("sortable");
      function sortHere() {
        if (state.sort === sortCols[i]) state.desc = !state.desc;
        else { state.sort = sortCols[i]; state.desc = sortCols[i] === at.date; }
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
