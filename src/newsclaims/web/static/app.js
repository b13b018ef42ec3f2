// newsclaims page script: side panel for annotations, sortable tables, link flashing.
// Article text is untrusted: everything is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var dataEl = document.getElementById("nc-panel-data");
  var data = {};
  if (dataEl) { try { data = JSON.parse(dataEl.textContent); } catch (e) { data = {}; } }
  var body = document.getElementById("panel-body");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function spansOf(id) {
    return Array.prototype.filter.call(document.querySelectorAll(".nc[data-ann]"), function (s) {
      return s.getAttribute("data-ann").split(" ").indexOf(id) >= 0;
    });
  }

  function flash(id) {
    spansOf(id).forEach(function (s) {
      s.classList.remove("flash"); void s.offsetWidth; s.classList.add("flash");
    });
  }

  function jump(id) {
    var a = document.getElementById("nc-" + id);
    if (a) { a.scrollIntoView({ block: "center", behavior: "smooth" }); }
    flash(id);
    show([id]);
  }

  function section(id) {
    var d = data[id];
    if (!d) return null;
    var box = el("section", "detail");
    box.setAttribute("data-id", id);
    box.appendChild(el("h3", null, d.kind));
    box.appendChild(el("p", "quote", "“" + d.text + "”"));
    var dl = el("dl");
    (d.rows || []).forEach(function (r) {
      dl.appendChild(el("dt", null, r[0]));
      dl.appendChild(el("dd", null, r[1]));
    });
    box.appendChild(dl);
    if (d.links && d.links.length) {
      var p = el("p", "links");
      d.links.forEach(function (l) {
        var b = el("button", "jump", l[0] + ": " + l[2]);
        b.type = "button";
        b.addEventListener("click", function () { jump(l[1]); });
        p.appendChild(b);
      });
      box.appendChild(p);
    }
    return box;
  }

  function show(ids) {
    if (!body) return;
    var specific = ids.filter(function (i) { return data[i] && data[i].kind !== "Claim"; });
    var list = specific.concat(ids.filter(function (i) { return specific.indexOf(i) < 0; }));
    body.textContent = "";
    list.forEach(function (i) { var s = section(i); if (s) body.appendChild(s); });
    document.querySelectorAll(".nc.selected").forEach(function (s) { s.classList.remove("selected"); });
    if (list.length) spansOf(list[0]).forEach(function (s) { s.classList.add("selected"); });
  }

  var article = document.getElementById("article");
  if (article) {
    article.addEventListener("click", function (ev) {
      var t = ev.target.closest(".nc[data-ann]");
      if (t) show(t.getAttribute("data-ann").split(" "));
    });
    article.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" && ev.key !== " ") return;
      var t = ev.target.closest(".nc[data-ann]");
      if (t) { ev.preventDefault(); show(t.getAttribute("data-ann").split(" ")); }
    });
  }

  function onHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf("nc-") === 0 && data[h.slice(3)]) { flash(h.slice(3)); show([h.slice(3)]); }
  }
  window.addEventListener("hashchange", onHash);
  onHash();

  // Sortable tables: a click anywhere on a column header sorts by it; the header's button takes
  // the keyboard (Enter, Space) and its click reaches the header too.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var btn = th.querySelector("button");
      if (!btn) return;
      th.addEventListener("click", function () {
        var numeric = btn.getAttribute("data-sort") === "num";
        var dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var tbody = table.tBodies[0];
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-value") || "", y = b.cells[col].getAttribute("data-value") || "";
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
          return dir === "ascending" ? c : -c;
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      });
    });
  });
})();
