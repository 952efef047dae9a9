/** Static assets of the docs site: stylesheet and search script (diagrams are inline SVG). */

/** assets/site.css */
export const SITE_CSS = `body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; }
header { background: #102a43; color: #fff; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
header a { color: #fff; margin-right: 0.75rem; text-decoration: none; }
header .brand { font-weight: 700; }
main { padding: 1rem 2rem; max-width: 80rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #d9e2ec; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
code { font-size: 0.9em; }
.changed, .mark { background: #fff3b0; padding: 0 0.3rem; border-radius: 3px; }
.level-error td:first-child { color: #b91c1c; font-weight: 600; }
.search { position: relative; margin-left: auto; }
.search input { padding: 0.25rem 0.5rem; width: 18rem; }
#search-results { position: absolute; right: 0; background: #fff; color: #1f2933; list-style: none; margin: 0; padding: 0; min-width: 18rem; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
#search-results li a { color: #102a43; display: block; padding: 0.25rem 0.5rem; }
figure.diagram { margin: 0.5rem 0 1.5rem; overflow-x: auto; }
figure.diagram svg { display: block; }
`;

/** Name of the global the search index script (search-index.js) assigns. */
export const SEARCH_GLOBAL = "intentcSearchIndex";

/**
 * assets/search.js: search over search-index.js, loaded on first use with a <script> element
 * (no fetch, so it works from file://); results are built with textContent only.
 */
export const SEARCH_JS = `"use strict";
(function () {
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  if (!input || !list) return;
  var pending = null;
  function load() {
    if (pending) return pending;
    pending = new Promise(function (resolve, reject) {
      if (window.${SEARCH_GLOBAL}) return resolve(window.${SEARCH_GLOBAL}.items);
      var s = document.createElement("script");
      s.src = "search-index.js";
      s.onload = function () {
        var idx = window.${SEARCH_GLOBAL};
        if (idx && Array.isArray(idx.items)) resolve(idx.items); else reject(new Error("search index is malformed"));
      };
      s.onerror = function () { pending = null; reject(new Error("search index could not be loaded")); };
      document.head.appendChild(s);
    });
    return pending;
  }
  function safeHref(h) { return /^[a-z0-9-]+\\.html(#[A-Za-z0-9_.-]*)?$/.test(h) ? h : "#"; }
  function render(q) {
    load().then(function (items) {
      while (list.firstChild) list.removeChild(list.firstChild);
      var needle = q.trim().toLowerCase();
      if (needle === "" || needle !== input.value.trim().toLowerCase()) return;
      items.filter(function (it) {
        return (it.id + " " + it.title + " " + it.text).toLowerCase().indexOf(needle) >= 0;
      }).slice(0, 20).forEach(function (it) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.setAttribute("href", safeHref(it.href));
        a.textContent = it.kind + " " + it.id + ": " + it.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.setAttribute("data-count", String(list.children.length));
    }, function (err) { list.setAttribute("data-error", err.message); });
  }
  input.addEventListener("input", function () { render(input.value); });
  input.form && input.form.addEventListener("submit", function (e) { e.preventDefault(); render(input.value); });
})();
`;
