// noticeparse review report: tooltips, rows tables, outline jumps and legend toggles. No network, no libraries.
// A notice page's rows are in its data block (#page-data: gzipped JSON in base64, see review/page_data.py);
// the registry's entity names and tooltip lines come first in this file (window.noticeparseEntities).
// a data block (a notice page's, the index's): base64 of gzipped JSON, inflated by the browser (no library)
window.noticeparseLoad = function (block) {
  "use strict";
  var text = atob(block.textContent), bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text().then(JSON.parse);
};

(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var entities = window.noticeparseEntities || {};
  var tables = {};
  var textEl = document.getElementById("text");
  var text = textEl ? textEl.textContent : "";
  // spans are code points (Python); a JS string counts UTF-16 units: index by code point if they differ
  var points = /[\uD800-\uDBFF]/.test(text) ? Array.from(text) : null;
  var CELL_CHARS = 80;  // a long cell (a heading) is cut in the rows table: the text holds it whole
  var HIDDEN = ["notice_id", "char_start", "char_end", "text", "node_id"];  // page_data.HIDDEN_COLUMNS

  function value(v) { return v === undefined ? "" : v; }  // the empty values ending a row are left out
  function slice(start, end) { return points ? points.slice(start, end).join("") : text.slice(start, end); }

  // one row of a table as {column: value}, with start, end and text
  function record(kind, index) {
    var t = tables[kind], raw = t && t.rows[index];
    if (!raw) return null;
    var row = {}, at = 0, c;
    if (t.spans) {
      row.char_start = raw[0]; row.char_end = raw[1]; at = 2;
      row.text = !t.text ? "" : raw[2] === null ? slice(raw[0], raw[1]) : value(raw[at]);
      if (t.text) at++;
    }
    row.node_id = value(raw[at++]);
    for (var i = 0; i < t.cols.length; i++) {
      c = t.cols[i];
      row[c] = Object.prototype.hasOwnProperty.call(t.const, c) ? t.const[c] : value(raw[at++]);
    }
    return row;
  }
  function shown(value) {
    if (value === true) return "True";
    if (value === false) return "False";
    return value === null || value === undefined ? "" : String(value);
  }
  // a tooltip line of the registry ("= {value} {unit}"); left out when its first field is empty, false or 0
  function line(template, row) {
    var names = [], m, re = /\{(\w+)\}/g;
    while ((m = re.exec(template)) !== null) names.push(m[1]);
    var first = names.length ? row[names[0]] : "x";
    if (first === null || first === undefined || first === "" || first === false || first === 0) return "";
    return template.replace(/\{(\w+)\}/g, function (_all, name) { return shown(row[name]); });
  }
  function kindOf(el) {
    var m = /(?:^|\s)k-(\S+)/.exec(el.className);
    return m ? m[1] : "";
  }
  // a highlighted element's row: its table is the kind's (data-t names it for a named span: cases-person)
  function describe(el) {
    var kind = kindOf(el), entity = entities[kind] || { name: kind, table: kind, tip: [] };
    var row = record(el.dataset.t || entity.table || kind, +el.dataset.e);
    if (!row) return "";
    var lines = [entity.name + " " + (el.dataset.t ? markedText(el) : row.text)];
    if (entity.tip.length) {
      entity.tip.forEach(function (t) { var l = line(t, row); if (l) lines.push(l); });
    } else {  // no tooltip lines in the registry: every filled column (as report.describe)
      Object.keys(row).forEach(function (c) {
        if (HIDDEN.indexOf(c) < 0 && c !== "rule_id" && !/_(start|end)$/.test(c) && shown(row[c]) !== "") {
          lines.push(c + " " + cut(row[c]));
        }
      });
    }
    lines.push("rule " + shown(row.rule_id));
    return lines.join("\n");
  }
  function markedText(el) {  // a split mark's parts together
    var parts = document.querySelectorAll("#text .ent.k-" + kindOf(el) + "[data-e='" + el.dataset.e + "']");
    return Array.prototype.map.call(parts, function (p) { return p.textContent; }).join("");
  }
  function tipFor(el) {
    // the hovered entity first, then every entity around it (a date inside a title …)
    var parts = [];
    for (var e = el; e && e !== document.body; e = e.parentElement) {
      if (e.classList.contains("ent") && e.dataset.e !== undefined) parts.push(describe(e));
    }
    return parts.filter(Boolean).join("\n\n");
  }
  function show(el) {
    var content = tipFor(el);
    if (!content) { hide(); return; }
    tip.textContent = content;  // textContent: the values are shown, never parsed as HTML
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight) top = Math.max(4, r.top - tip.offsetHeight - 6);
    var left = Math.min(r.left, window.innerWidth - tip.offsetWidth - 8);
    tip.style.top = top + "px";
    tip.style.left = Math.max(4, left) + "px";
  }
  function hide() { tip.hidden = true; }

  function entityAt(ev) { return ev.target.closest && ev.target.closest(".ent"); }
  document.addEventListener("mouseover", function (ev) {
    var el = entityAt(ev);
    if (el) show(el); else hide();
    var a = ev.target.closest && ev.target.closest(".outline a");
    if (a && !a.title) a.title = a.textContent;  // a label cut by the panel's width, whole
  });
  document.addEventListener("focusin", function (ev) {
    var el = entityAt(ev);
    if (el) show(el); else hide();
  });
  document.addEventListener("focusout", hide);
  window.addEventListener("scroll", hide, { passive: true });
  // every entity takes the keyboard focus (its first element: a split one has several)
  document.querySelectorAll("#text .ent:not([data-part])").forEach(function (el) { el.tabIndex = 0; });

  function flash(target) {
    document.querySelectorAll(".flash").forEach(function (m) { m.classList.remove("flash"); });
    target.classList.add("flash");
    window.setTimeout(function () { target.classList.remove("flash"); }, 2500);
  }
  // outline: the link scrolls to the marker (plain anchors work without JS); flash it too
  document.querySelectorAll(".outline a[href^='#']").forEach(function (a) {
    a.addEventListener("click", function () {
      var target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (target) flash(target);
    });
  });
  document.querySelectorAll("button[data-fold]").forEach(function (b) {
    b.addEventListener("click", function () {
      var open = b.dataset.fold === "open";
      document.querySelectorAll(".outline details").forEach(function (d) { d.open = open; });
    });
  });

  // legend: a checkbox per entity type turns its highlighting off and on
  document.querySelectorAll(".legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("off-" + box.dataset.kind, !box.checked);
    });
  });

  // rows tables: drawn from the data block the first time their <details> opens
  function el(tag, content) {
    var e = document.createElement(tag);
    if (content !== undefined) e.textContent = content;
    return e;
  }
  function cut(value) {
    var s = shown(value);
    return s.length > CELL_CHARS ? s.slice(0, CELL_CHARS) + "…" : s;
  }
  function jumpTo(kind, index) {
    var target = document.querySelector("#text .ent.k-" + kind + "[data-e='" + index + "']:not([data-part])");
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    flash(target);
  }
  function rowsTable(kind) {
    var t = tables[kind], table = el("table"), head = el("tr"), body = el("tbody");
    table.className = "grid";
    var names = (t.spans ? ["span", "text"] : []).concat(["node"], t.cols);
    names.forEach(function (n) { head.appendChild(el("th", n)); });
    table.appendChild(el("thead")).appendChild(head);
    t.rows.forEach(function (_raw, index) {
      var row = record(kind, index), tr = el("tr");
      if (t.spans) {
        var span = "[" + row.char_start + "," + row.char_end + ")", td = el("td");
        if (entities[kind]) {
          var a = el("a", span);
          a.href = "#text";
          a.dataset.goto = index;
          a.addEventListener("click", function (ev) { ev.preventDefault(); jumpTo(kind, index); });
          td.appendChild(a);
        } else {
          td.textContent = span;
        }
        tr.appendChild(td);
        tr.appendChild(el("td", cut(row.text)));
      }
      tr.appendChild(el("td", shown(row.node_id)));
      t.cols.forEach(function (c) { tr.appendChild(el("td", cut(row[c]))); });
      body.appendChild(tr);
    });
    table.appendChild(body);
    var wide = el("div");
    wide.className = "wide";
    wide.appendChild(table);
    return wide;
  }
  // CSV of one table's rows on this page (as the data block has them), a UTF-8 file Excel reads
  function csvCell(v) {
    var s = shown(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function tableCSV(kind) {
    var t = tables[kind], names = (t.spans ? ["char_start", "char_end", "text"] : []).concat(["node_id"], t.cols);
    var lines = [names.map(csvCell).join(",")];
    t.rows.forEach(function (_raw, index) {
      var row = record(kind, index);
      lines.push(names.map(function (n) { return csvCell(row[n]); }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  window.noticeparseTableCSV = tableCSV;  // the export, for a console or a test
  function csvButton(kind) {
    var b = el("button", "CSV of these " + tables[kind].rows.length + " rows");
    b.type = "button";
    b.className = "csv";
    b.dataset.csv = kind;
    b.addEventListener("click", function () {
      var a = document.createElement("a"), main = document.querySelector("main[data-notice]");
      a.href = URL.createObjectURL(new Blob([tableCSV(kind)], { type: "text/csv;charset=utf-8" }));
      a.download = (main ? main.dataset.notice + "-" : "") + kind + ".csv";
      document.body.appendChild(a);
      a.click();
      window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
    return b;
  }
  // the findings table: each finding with its measures (the measures table: items and sentences) by
  // status, and the quantities inside it
  function drawFindings(box) {
    var outline = tables.outline, quantities = tables.quantities, measures = tables.measures;
    if (!outline) return;
    var rows = outline.rows.map(function (_r, i) { return record("outline", i); });
    var inside = quantities ? quantities.rows.map(function (_r, i) { return record("quantities", i); }) : [];
    var steps = measures ? measures.rows.map(function (_r, i) { return record("measures", i); }) : [];
    var table = el("table"), head = el("tr"), body = el("tbody"), number = 0;
    table.className = "grid";
    ["#", "category", "finding", "measures by status", "quantities"].forEach(function (n) { head.appendChild(el("th", n)); });
    table.appendChild(el("thead")).appendChild(head);
    rows.forEach(function (finding) {
      if (finding.is_finding !== true) return;
      var mine = steps.filter(function (m) { return m.finding_id === finding.node_id; });
      var held = inside.filter(function (q) {
        return finding.char_start <= q.char_start && q.char_start < finding.char_end;
      });
      var tr = el("tr"), link = el("a", shown(finding.finding_title || finding.heading)), cellOf = el("td");
      link.href = "#n-" + finding.node_id;
      tr.appendChild(el("td", String(++number)));
      tr.appendChild(el("td", shown(finding.category)));
      cellOf.appendChild(link);
      tr.appendChild(cellOf);
      var byStatus = {};
      mine.forEach(function (m) { var k = m.status || "no status"; byStatus[k] = (byStatus[k] || 0) + 1; });
      var list = el("td", mine.length + (mine.length ? ": " + Object.keys(byStatus).map(function (k) {
        return byStatus[k] + " " + k;
      }).join(", ") : ""));
      list.dataset.measures = mine.length;
      if (mine.length) {
        var ul = el("ul");
        ul.className = "plain";
        mine.forEach(function (m) {
          var li = el("li"), badge = el("span", m.status || "–");
          badge.className = "status " + (m.status || "none");
          li.appendChild(badge);
          li.appendChild(document.createTextNode(cut(slice(m.char_start, m.char_end))));
          ul.appendChild(li);
        });
        list.appendChild(ul);
      }
      tr.appendChild(list);
      tr.appendChild(el("td", held.map(function (q) {
        return q.text + " = " + (q.value === "" ? "?" : shown(q.value)) + " " + shown(q.unit)
          + (q.role ? " (" + q.role + ")" : "");
      }).join("; ")));
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
  }

  // a rows table is drawn when first opened; one opened before the data was read, once it is
  function drawRows(d) {
    var kind = d.dataset.table, t = tables[kind];
    if (!d.open || d.dataset.drawn || !t) return;
    d.dataset.drawn = "1";
    d.appendChild(csvButton(kind));
    d.appendChild(rowsTable(kind));
    if (t.n > t.rows.length) {
      var more = el("p", "first " + t.rows.length + " of " + t.n + " rows");
      more.className = "muted";
      d.appendChild(more);
    }
  }

  function start() {
    var box = document.getElementById("findings");
    if (box) drawFindings(box);
    document.querySelectorAll("details.rows[data-table][open]").forEach(drawRows);
    document.documentElement.dataset.ready = "1";  // the data is read: tooltips and tables work
  }
  var block = document.getElementById("page-data");
  if (!block) { start(); return; }
  if (!window.DecompressionStream) {
    block.insertAdjacentHTML("afterend", "<p class=\"errors\">this browser cannot read the page's data "
      + "(no DecompressionStream): the tooltips and tables are missing</p>");
    return;
  }
  window.noticeparseLoad(block).then(function (data) { tables = data; start(); });

  document.querySelectorAll("details.rows[data-table]").forEach(function (d) {
    d.addEventListener("toggle", function () { drawRows(d); });
  });
})();
