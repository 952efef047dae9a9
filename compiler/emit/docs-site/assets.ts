/** Static assets of the docs site: stylesheet, diagram bootstrap and search script. */

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
pre.mermaid { background: #fff; }
`;

/** assets/site.js: render diagrams with the locally served Mermaid bundle (strict security). */
export const SITE_JS = `"use strict";
(function () {
  var body = document.body;
  if (typeof window.mermaid === "undefined") { body.setAttribute("data-diagrams", "unavailable"); return; }
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", htmlLabels: false, flowchart: { htmlLabels: false } });
  window.mermaid.run({ querySelector: "pre.mermaid" }).then(function () {
    body.setAttribute("data-diagrams", "done");
  }, function (err) {
    body.setAttribute("data-diagrams", "failed");
    console.warn("diagram rendering failed", err && err.message);
  });
})();
`;

/** assets/search.js: search over search-index.json; results are built with textContent only. */
export const SEARCH_JS = `"use strict";
(function () {
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  if (!input || !list) return;
  var index = null;
  function load() {
    if (index) return Promise.resolve(index);
    return fetch("search-index.json").then(function (r) { return r.json(); }).then(function (j) { index = j.items; return index; });
  }
  function safeHref(h) { return /^[a-z0-9-]+\\.html(#[A-Za-z0-9_.-]*)?$/.test(h) ? h : "#"; }
  function render(q) {
    load().then(function (items) {
      while (list.firstChild) list.removeChild(list.firstChild);
      var needle = q.trim().toLowerCase();
      if (needle === "") return;
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
    });
  }
  input.addEventListener("input", function () { render(input.value); });
  input.form && input.form.addEventListener("submit", function (e) { e.preventDefault(); render(input.value); });
})();
`;
