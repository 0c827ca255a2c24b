// noticeparse review index: search, sort, filter and pages over the notices' data block. No network.
(function () {
  "use strict";
  var block = document.getElementById("index-data");
  if (!block) return;
  var data = JSON.parse(block.textContent);
  var cols = data.cols, all = data.rows, size = data.page;
  var at = {}; cols.forEach(function (c, i) { at[c] = i; });
  var counted = cols.slice(at.findings + 1, at.errors);
  var tbody = document.querySelector("#index-table tbody");
  var heads = document.querySelectorAll("#index-table th");
  var info = document.getElementById("page-info");
  // header i of the table → data column, for sorting
  var sortCols = [at.title, at.kind, at.issuer, at.date, at.chars, at.findings]
    .concat(counted.map(function (c) { return at[c]; })).concat([at.errors]);
  var state = { q: "", kind: "", year: "", issuer: "", sort: at.date, desc: true, page: 0 };
  var shown = all.slice();

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
    var td = el("td");
    if (name === "title") {
      td.appendChild(row[at.page] ? link(row[at.page], row[at.title]) : document.createTextNode(row[at.title]));
      if (/^https?:\/\//i.test(row[at.url])) {
        td.appendChild(document.createTextNode(" "));
        var a = link(row[at.url], "source", "src"); a.rel = "noopener noreferrer"; a.title = row[at.source];
        td.appendChild(a);
      }
    } else if (name === "date") {
      td.appendChild(el("span", "nowrap", row[at.date]));
    } else if (name === "errors") {
      td.appendChild(el("span", "errors", row[at.errors]));
    } else if (typeof row[at[name]] === "number") {
      td.appendChild(el("span", "num", row[at[name]]));
    } else {
      td.textContent = row[at[name]];
    }
    return td;
  }
  var names = ["title", "kind", "issuer", "date", "chars", "findings"].concat(counted).concat(["errors"]);

  function apply() {
    var q = state.q.toLowerCase();
    shown = all.filter(function (r) {
      return (!state.kind || (r[at.kind] || "?") === state.kind)
        && (!state.year || (r[at.year] || "?") === state.year)
        && (!state.issuer || r[at.issuer] === state.issuer)
        && (!q || (r[at.title] + " " + r[at.issuer]).toLowerCase().indexOf(q) >= 0);
    });
    var c = state.sort, sign = state.desc ? -1 : 1;
    shown.sort(function (a, b) {
      var x = a[c], y = b[c];
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
  apply();
})();
