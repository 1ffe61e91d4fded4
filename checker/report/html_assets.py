"""The HTML report's inline style and script (no network: everything the page needs is in the file).

The script sorts the findings table when a header is clicked (numbers by their exact ``data-sort`` text,
words by the text shown), filters rows by a text box, honours ``#sort=KEY[:desc]&q=TEXT`` in the address
so a sorted view can be linked, and marks the table ``data-sortable="ready"`` once it has run.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root { --fg: #1d2329; --muted: #5f6b76; --line: #d9dee3; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: var(--fg); background: #fff;
  font: 14px/1.5 -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: var(--muted); margin: 0; }
.verdict-passed { color: #1e8449; } .verdict-failed { color: #c0392b; } .verdict-incomplete { color: #8e44ad; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; padding: 0; list-style: none; }
.cards li { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; }
.cards b { display: block; font-size: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--bg); position: sticky; top: 0; }
#findings-table th { cursor: pointer; user-select: none; }
#findings-table th[aria-sort="ascending"]::after { content: " ▲"; }
#findings-table th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td:first-child { border-left: 4px solid #c0392b; } tr.error td:first-child { border-left: 4px solid #8e44ad; }
tr.not_evaluated td:first-child { border-left: 4px solid #d4a017; }
tr.waived td:first-child { border-left: 4px solid #2e86c1; } tr.passed td:first-child { border-left: 4px solid #27ae60; }
details summary { cursor: pointer; color: var(--muted); }
dl { margin: 4px 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; }
dt { color: var(--muted); } dd { margin: 0; }
.filter { margin: 0 0 8px; } .filter input { width: 320px; padding: 4px 8px; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg.chart text { fill: var(--fg); } .empty { color: var(--muted); }
"""

JS = """
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(body.rows);
  var count = document.getElementById("findings-count");
  function key(row, i) {
    var cell = row.cells[i];
    var text = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    var n = Number(text);
    return text !== "" && isFinite(n) ? [0, n, ""] : [1, 0, text];
  }
  function compare(a, b) {
    if (a[0] !== b[0]) { return a[0] - b[0]; }
    if (a[1] !== b[1]) { return a[1] - b[1]; }
    return a[2].localeCompare(b[2], "zh-CN");
  }
  function sortBy(i, dir) {
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    heads[i].setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    rows.sort(function (a, b) { return dir * compare(key(a, i), key(b, i)); });
    rows.forEach(function (r) { body.appendChild(r); });
    table.setAttribute("data-sorted-by", heads[i].getAttribute("data-key") + (dir > 0 ? "" : ":desc"));
  }
  function filter(q) {
    var shown = 0;
    q = q.trim().toLowerCase();
    rows.forEach(function (r) {
      r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
      if (!r.hidden) { shown += 1; }
    });
    if (count) { count.textContent = String(shown); }
  }
  heads.forEach(function (h, i) {
    h.setAttribute("tabindex", "0");
    h.addEventListener("click", function () { sortBy(i, h.getAttribute("aria-sort") === "ascending" ? -1 : 1); });
    h.addEventListener("keydown", function (e) { if (e.key === "Enter") { h.click(); } });
  });
  var box = document.getElementById("findings-filter");
  if (box) { box.addEventListener("input", function () { filter(box.value); }); }
  var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  var wanted = (params.get("sort") || "").split(":");
  heads.forEach(function (h, i) {
    if (h.getAttribute("data-key") === wanted[0]) { sortBy(i, wanted[1] === "desc" ? -1 : 1); }
  });
  if (params.get("q")) { box.value = params.get("q"); filter(box.value); }
  table.setAttribute("data-sortable", "ready");
})();
"""


def script_hash() -> str:
    """The CSP source for the inline script, so only this script may run in the page."""
    digest = hashlib.sha256(JS.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_policy() -> str:
    """No network at all: inline style, this one script, nothing fetched."""
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src {script_hash()}; img-src data:"
