// seckg: type-ahead search over the entities' labels and variants, in the browser. The index is
// window.seckgSearch (search-index.js, loaded before this script): [{p: path, l: label, k: kind,
// v: [variants]}]. Results are links built from the page's root (data-root on <html>) and the
// extension of its pages (data-ext); every name is inserted as text, never as markup.
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
    if (q.length < 2) { list.hidden = true; return; }
    const found = prepared
      .map((p) => ({ e: p.e, s: score(p.names, q), n: p.names }))
      .filter((r) => r.s >= 0)
      .sort((a, b) => b.s - a.s || a.e.l.length - b.e.l.length || a.e.l.localeCompare(b.e.l))
      .slice(0, 12);
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
      li.textContent = "No entity has that name.";
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
