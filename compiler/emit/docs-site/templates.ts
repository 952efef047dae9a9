/**
 * Handlebars templates of the docs site (kept as strings so they ship inside dist/ with the
 * compiler). Every value is double-stashed (HTML-escaped); there is no triple-stash. The page
 * body and the diagrams (inline SVG built by compiler/emit/docs-site/svg.ts, which escapes its
 * own text) are passed as SafeStrings. No inline script or handler: the CSP allows scripts from
 * 'self' only, and nothing is fetched (the search index is a script, so file:// works).
 */

/** Content-Security-Policy of every page. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'; object-src 'none'";

/** The page frame. */
export const LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{csp}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · {{systemName}}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/site.css">
</head>
<body data-page="{{page}}">
<header>
<a class="brand" href="index.html">{{systemName}}</a>
<nav>
<a href="index.html">Overview</a>
{{#each domains}}<a href="{{href}}">{{name}}</a>
{{/each}}<a href="invariants.html">Invariants</a>
<a href="slices.html">Slices</a>
<a href="changelog.html">Change log</a>
</nav>
<form class="search" role="search" action="#"><input id="search" type="search" placeholder="Search invariants, entities, slices" aria-label="Search" autocomplete="off"><ol id="search-results"></ol></form>
</header>
<main>
<h1>{{title}}</h1>
{{body}}
</main>
<script src="assets/search.js"></script>
</body>
</html>
`;

/** System overview. */
export const INDEX = `{{#if summary}}<p>{{rich summary}}</p>{{/if}}
<table>
<thead><tr><th>Domain</th><th>Version</th><th>Summary</th><th>Entities</th><th>Machines</th><th>Invariants</th><th>Slices</th></tr></thead>
<tbody>
{{#each domains}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{version}}</td><td>{{rich summary}}</td><td>{{entities}}</td><td>{{machines}}</td><td>{{invariants}}</td><td>{{slices}}</td></tr>
{{/each}}</tbody>
</table>
<h2>Dependency map</h2>
<p>Slices (rounded) and what they implement (solid) or use (dashed).</p>
<figure class="diagram" data-diagram="dependencies">{{dependencies}}</figure>
`;

/** One domain: types, entities, machines (diagrams), flows, invariants, APIs. */
export const DOMAIN = `<p>Version {{version}}{{#if owners}} · owners: {{owners}}{{/if}}</p>
{{#if summary}}<p>{{rich summary}}</p>{{/if}}
{{#if types.length}}<h2>Types</h2>
<table><thead><tr><th>Type</th><th>Definition</th><th>Description</th></tr></thead><tbody>
{{#each types}}<tr><td id="{{anchor}}">{{name}}</td><td><code>{{definition}}</code></td><td>{{rich description}}</td></tr>
{{/each}}</tbody></table>{{/if}}
{{#each entities}}<h2 id="{{anchor}}">Entity {{name}}{{#if changed}} <span class="changed">changed</span>{{/if}}</h2>
{{#if description}}<p>{{rich description}}</p>{{/if}}
<table><thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>
{{#each fields}}<tr><td>{{name}}{{#if key}} (key){{/if}}</td><td><code>{{type}}</code></td><td>{{#if optional}}no{{else}}yes{{/if}}</td><td>{{rich description}}</td></tr>
{{/each}}</tbody></table>
{{/each}}
{{#each machines}}<h2 id="{{anchor}}">Machine {{name}}</h2>
{{#if description}}<p>{{rich description}}</p>{{/if}}
<figure class="diagram" data-diagram="machine" data-machine="{{name}}">{{diagram}}</figure>
{{/each}}
{{#each flows}}<h2 id="{{anchor}}">Flow {{name}}</h2>
<p>{{rich says}}</p>
<figure class="diagram" data-diagram="flow" data-flow="{{name}}">{{diagram}}</figure>
<h3 id="{{anchor}}-sequence">Sequence</h3>
<figure class="diagram" data-diagram="sequence" data-flow="{{name}}">{{sequence}}<figcaption><a href="{{files}}.svg">SVG</a> · <a href="{{files}}.txt">text</a></figcaption></figure>
{{/each}}
{{#if invariants.length}}<h2>Invariants</h2>{{> invariantTable invariants=invariants}}{{/if}}
{{#each apis}}<h2 id="{{anchor}}">API {{name}}</h2>
{{#if description}}<p>{{rich description}}</p>{{/if}}
<table><thead><tr><th>Operation</th><th>Input</th><th>Output</th><th>Errors</th></tr></thead><tbody>
{{#each operations}}<tr><td>{{name}}</td><td><code>{{input}}</code></td><td><code>{{output}}</code></td><td>{{errors}}</td></tr>
{{/each}}</tbody></table>
{{/each}}
`;

/** The invariant table partial. */
export const INVARIANT_TABLE = `<table class="invariants"><thead><tr><th>Id</th><th>On</th><th>Severity</th><th>Says</th><th>Holds</th><th>Mark</th></tr></thead><tbody>
{{#each invariants}}<tr id="{{anchor}}"><td>{{id}}</td><td>{{entity}}</td><td>{{severity}}</td><td>{{rich says}}</td><td><code>{{holds}}</code></td><td>{{#if mark}}<span class="mark">{{mark}}</span>{{/if}}</td></tr>
{{/each}}</tbody></table>
`;

/** Invariant catalogue across domains. */
export const INVARIANTS = `{{#each domains}}<h2>{{name}} {{version}}</h2>
{{> invariantTable invariants=invariants}}
{{/each}}`;

/** Slices with scope and tier. */
export const SLICES = `<table><thead><tr><th>Slice</th><th>Says</th><th>Risk tier</th><th>Implements</th><th>Uses</th><th>Writes</th><th>Reads</th></tr></thead><tbody>
{{#each slices}}<tr id="{{anchor}}"><td>{{domain}}/{{name}}</td><td>{{rich says}}</td><td>{{risk}}</td><td>{{implements}}</td><td>{{uses}}</td><td><code>{{writes}}</code></td><td><code>{{reads}}</code></td></tr>
{{/each}}</tbody></table>
`;

/** The change log. */
export const CHANGELOG = `{{#each entries}}<h2>{{domain}} {{version}}</h2>
{{#if baseline}}<p>Baseline: first version recorded in the lock.</p>{{/if}}
{{#if changes.length}}<table><thead><tr><th>Level</th><th>Rule</th><th>Change</th></tr></thead><tbody>
{{#each changes}}<tr class="level-{{level}}"><td>{{level}}</td><td><code>{{rule}}</code></td><td>{{message}}</td></tr>
{{/each}}</tbody></table>{{/if}}
{{/each}}`;
