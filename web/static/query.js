// seckg serve: the query page. Sends SPARQL to /sparql and the stored queries to
// /queries/NAME, and shows the SPARQL JSON results as a table. Every value is inserted as
// text (textContent), never as markup. IRIs of the graph link to their pages.
"use strict";

const ID_BASE = document.documentElement.dataset.idBase || "";

function status(text, isError) {
  const el = document.getElementById("status");
  el.textContent = text;
  el.className = isError ? "error" : "";
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.textContent = term.value;
    a.href = ID_BASE && term.value.startsWith(ID_BASE) ? "/id/" + term.value.slice(ID_BASE.length) : term.value;
    td.appendChild(a);
  } else {
    td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
    if (term["xml:lang"]) td.lang = term["xml:lang"];
  }
  return td;
}

function show(data) {
  const out = document.getElementById("result");
  out.replaceChildren();
  if (typeof data.boolean === "boolean") {
    const p = document.createElement("p");
    p.id = "answer";
    p.textContent = data.boolean ? "yes (true)" : "no (false)";
    out.appendChild(p);
    return 1;
  }
  const vars = data.head.vars;
  const table = document.createElement("table");
  table.className = "results";
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of data.results.bindings) {
    const tr = body.insertRow();
    for (const v of vars) tr.appendChild(cell(row[v]));
  }
  out.appendChild(table);
  return data.results.bindings.length;
}

async function run(url, init) {
  status("running…", false);
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    if (!response.ok) {
      status(response.status + ": " + text.trim(), true);
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (!type.startsWith("application/sparql-results+json")) {
      const out = document.getElementById("result");
      const pre = document.createElement("pre");
      pre.textContent = text;
      out.replaceChildren(pre);
      status("done", false);
      return;
    }
    const n = show(JSON.parse(text));
    const cut = response.headers.get("X-SPARQL-MaxRows") ? " (cut at the server's row limit)" : "";
    status(n + (n === 1 ? " row" : " rows") + " in " + Math.round(performance.now() - started) + " ms" + cut, false);
  } catch (e) {
    status("request failed: " + e.message, true);
  }
}

const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

function permalink(href) {
  // a link to the result: opens as a table, can be bookmarked and shared
  const a = document.getElementById("permalink");
  if (!a) return;
  a.href = href;
  a.hidden = false;
}

document.getElementById("sparql-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = document.getElementById("query").value;
  const body = new URLSearchParams({ query });
  permalink("/sparql?" + new URLSearchParams({ query }));
  run("/sparql", { method: "POST", body, headers: { Accept: ACCEPT } });
});

let stored = [];

function showParams() {
  const q = stored.find((x) => x.name === document.getElementById("stored-name").value);
  const box = document.getElementById("stored-params");
  box.replaceChildren();
  document.getElementById("stored-description").textContent = q ? q.description || q.title : "";
  if (!q) return;
  for (const p of q.params) {
    const row = document.createElement("p");
    const label = document.createElement("label");
    label.htmlFor = "param-" + p.name;
    label.textContent = p.name + (p.required ? " (required)" : "") + " ";
    const input = document.createElement("input");
    input.id = "param-" + p.name;
    input.name = p.name;
    input.required = p.required;
    input.placeholder = p.default != null ? String(p.default) : p.type;
    input.title = p.description || "";
    row.append(label, input);
    if (p.type === "entity" && Array.isArray(window.seckgSearch)) {
      // completion of the entities' labels (the search's index), of the kinds the parameter takes
      const list = document.createElement("datalist");
      list.id = "names-" + p.name;
      const kinds = p.kinds && p.kinds.length ? new Set(p.kinds) : null;
      for (const e of window.seckgSearch) {
        if (kinds && !kinds.has(e.k)) continue;
        const option = document.createElement("option");
        option.value = e.l;
        list.appendChild(option);
      }
      input.setAttribute("list", list.id);
      row.appendChild(list);
    }
    box.appendChild(row);
  }
}

document.getElementById("stored-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const name = document.getElementById("stored-name").value;
  const params = new URLSearchParams();
  for (const input of document.querySelectorAll("#stored-params input")) {
    if (input.value !== "") params.set(input.name, input.value);
  }
  permalink("/queries/" + encodeURIComponent(name) + "?" + params);
  run("/queries/" + encodeURIComponent(name) + "?" + params, { headers: { Accept: ACCEPT } });
});

fetch("/queries").then((r) => r.json()).then((list) => {
  stored = list;
  const select = document.getElementById("stored-name");
  for (const q of list) {
    const option = document.createElement("option");
    option.value = q.name;
    option.textContent = q.name + " — " + q.title;
    select.appendChild(option);
  }
  select.addEventListener("change", showParams);
  showParams();
});
