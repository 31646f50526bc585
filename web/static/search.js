// seckg: type-ahead search over the entities' labels and variants, in the browser, with facets
// by type, document and period. The index is window.seckgSearch (search-index.js, loaded before
// this script): [{p: path, l: label, k: kind, v: [variants], d: [indices into
// window.seckgSearchDocs], y: [first year, last year]}], and window.seckgSearchDocs: [{p: path,
// l: title, y: year}]. Results are links built from the page's root (data-root on <html>) and
// the extension of its pages (data-ext); every name is inserted as text, never as markup. With a
// facet chosen and no name typed, the entities of the facets are listed by name.
"use strict";

(function () {
  const box = document.getElementById("seckg-search");
  const list = document.getElementById("seckg-search-results");
  const entries = window.seckgSearch;
  if (!box || !list || !Array.isArray(entries)) return;
  const root = document.documentElement.dataset.root || "";
  const ext = document.documentElement.dataset.ext || "";
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const prepared = entries.map((e) => ({ e, names: [e.l, ...(e.v || [])].map(fold) }));
  const documents = Array.isArray(window.seckgSearchDocs) ? window.seckgSearchDocs : [];

  // the facets: selects made here (the page has none without this script)
  function facet(name, label, options) {
    const select = document.createElement("select");
    select.className = "facet-" + name;
    select.setAttribute("aria-label", label);
    const any = document.createElement("option");
    any.value = "";
    any.textContent = label;
    select.appendChild(any);
    for (const [value, text, title] of options) {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      if (title) o.title = title;
      select.appendChild(o);
    }
    select.addEventListener("change", show);
    return select;
  }
  const counts = new Map();
  for (const e of entries) counts.set(e.k, (counts.get(e.k) || 0) + 1);
  const kinds = [...counts.keys()].sort().map((k) => [k, k + " (" + counts.get(k) + ")"]);
  const docOptions = documents.map((d, i) => [String(i), d.l.length > 48 ? d.l.slice(0, 47) + "…" : d.l, d.l]);
  const years = new Set();
  for (const e of entries) if (Array.isArray(e.y)) for (let y = e.y[0]; y <= e.y[1] && years.size < 400; y++) years.add(y);
  const yearOptions = [...years].sort((a, b) => b - a).map((y) => [String(y), String(y)]);
  const facets = document.createElement("div");
  facets.className = "facets";
  const byKind = facet("type", "any type", kinds);
  const byDoc = facet("document", "any document", docOptions);
  const byYear = facet("period", "any year", yearOptions);
  facets.append(byKind, byDoc, byYear);
  if (!docOptions.length) byDoc.hidden = true;
  if (!yearOptions.length) byYear.hidden = true;
  box.insertAdjacentElement("afterend", facets);

  function chosen() {
    return byKind.value !== "" || byDoc.value !== "" || byYear.value !== "";
  }

  function passes(e) {
    if (byKind.value && e.k !== byKind.value) return false;
    if (byDoc.value && !(e.d || []).includes(Number(byDoc.value))) return false;
    if (byYear.value) {
      const y = Number(byYear.value);
      if (!Array.isArray(e.y) || y < e.y[0] || y > e.y[1]) return false;
    }
    return true;
  }

  function score(names, q) {
    let best = -1;
    names.forEach((n, i) => {
      let s = -1;
      if (n === q) s = 100;
      else if (n.startsWith(q)) s = 80;
      else if (n.split(/[\s\-–/(),.]+/).some((w) => w.startsWith(q))) s = 60;
      else if (n.includes(q)) s = 40;
      if (s >= 0 && i === 0) s += 10; // the label before a variant
      best = Math.max(best, s);
    });
    return best;
  }

  function show() {
    const q = fold(box.value.trim());
    list.replaceChildren();
    const faceted = chosen();
    if (q.length < 2 && !faceted) { list.hidden = true; return; }
    const all = q.length < 2
      ? prepared.filter((p) => passes(p.e)).map((p) => ({ e: p.e, s: 0 }))
        .sort((a, b) => a.e.l.localeCompare(b.e.l))
      : prepared
        .filter((p) => passes(p.e))
        .map((p) => ({ e: p.e, s: score(p.names, q) }))
        .filter((r) => r.s >= 0)
        .sort((a, b) => b.s - a.s || a.e.l.length - b.e.l.length || a.e.l.localeCompare(b.e.l));
    const limit = faceted ? 30 : 12;
    const found = all.slice(0, limit);
    for (const r of found) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = root + r.e.p + ext;
      a.textContent = r.e.l;
      li.appendChild(a);
      const kind = document.createElement("small");
      kind.textContent = " " + r.e.k;
      li.appendChild(kind);
      const variant = (r.e.v || []).find((v) => fold(v).includes(q) && !fold(r.e.l).includes(q));
      if (variant) {
        const also = document.createElement("small");
        also.className = "variant";
        also.textContent = " (" + variant + ")";
        li.appendChild(also);
      }
      list.appendChild(li);
    }
    if (!found.length) {
      const li = document.createElement("li");
      li.textContent = faceted ? "No entity matches." : "No entity has that name.";
      list.appendChild(li);
    } else if (all.length > found.length) {
      const li = document.createElement("li");
      li.className = "more";
      li.textContent = (all.length - found.length) + " more: type a name or choose another facet.";
      list.appendChild(li);
    }
    list.hidden = false;
  }

  box.addEventListener("input", show);
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      const first = list.querySelector("a");
      if (first) { ev.preventDefault(); first.click(); }
    } else if (ev.key === "Escape") {
      list.hidden = true;
    }
  });
})();
