// noticeparse review report: tooltips, outline jumps and legend toggles. No network, no libraries.
(function () {
  "use strict";
  var tip = document.getElementById("tip");

  function tipFor(el) {
    // the hovered entity first, then every entity around it (a date inside a title …)
    var parts = [];
    for (var e = el; e && e !== document.body; e = e.parentElement) {
      if (e.classList.contains("ent") && e.dataset.tip) parts.push(e.dataset.tip);
    }
    return parts.join("\n\n");
  }
  function show(el) {
    var text = tipFor(el);
    if (!text) { hide(); return; }
    tip.textContent = text;  // textContent: the values are shown, never parsed as HTML
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight) top = Math.max(4, r.top - tip.offsetHeight - 6);
    var left = Math.min(r.left, window.innerWidth - tip.offsetWidth - 8);
    tip.style.top = top + "px";
    tip.style.left = Math.max(4, left) + "px";
  }
  function hide() { tip.hidden = true; }

  document.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest && ev.target.closest(".ent");
    if (el) show(el); else hide();
  });
  document.addEventListener("focusin", function (ev) {
    var el = ev.target.closest && ev.target.closest(".ent");
    if (el) show(el); else hide();
  });
  document.addEventListener("focusout", hide);
  window.addEventListener("scroll", hide, { passive: true });

  // outline: the link scrolls to the marker (plain anchors work without JS); flash it too
  document.querySelectorAll(".outline a[href^='#']").forEach(function (a) {
    a.addEventListener("click", function () {
      var target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (!target) return;
      document.querySelectorAll(".mk.flash").forEach(function (m) { m.classList.remove("flash"); });
      target.classList.add("flash");
      window.setTimeout(function () { target.classList.remove("flash"); }, 2500);
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
})();
