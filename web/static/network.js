// seckg: the network's filters by document and period. Each edge (<g class="edge">) carries the
// documents it is stated in (data-docs, space-separated) and its period (data-from, data-to,
// years); an edge that fails a chosen filter gets the class "off" (hidden by seckg.css). The
// filters by stance and kind are checkboxes read by CSS and need no script; the count of the
// lines shown takes them in. Runs from file:// and under script-src 'self'; inserts nothing
// but that count, as text.
"use strict";

(function () {
  for (const figure of document.querySelectorAll("figure.network")) {
    const more = figure.querySelector(".filters.more");
    if (!more) continue;
    const doc = more.querySelector("select.nf-doc");
    const from = more.querySelector("select.nf-from");
    const to = more.querySelector("select.nf-to");
    const shown = more.querySelector(".nf-shown");
    const edges = Array.from(figure.querySelectorAll("g.edge"));
    const year = (select) => (select && select.value ? Number(select.value) : null);

    function apply() {
      const d = doc ? doc.value : "";
      const f = year(from);
      const t = year(to);
      let on = 0;
      for (const edge of edges) {
        let ok = !d || (edge.dataset.docs || "").split(" ").includes(d);
        if (ok && (f !== null || t !== null)) {
          if (!edge.dataset.from) ok = false;
          else {
            if (f !== null && Number(edge.dataset.to) < f) ok = false;
            if (t !== null && Number(edge.dataset.from) > t) ok = false;
          }
        }
        edge.classList.toggle("off", !ok);
      }
      // what shows after every filter, the CSS ones (stance, kind) included
      for (const edge of edges) if (getComputedStyle(edge).display !== "none") on += 1;
      if (shown) shown.textContent = on === edges.length ? "" : on + " of " + edges.length + " lines";
    }

    for (const select of [doc, from, to]) if (select) select.addEventListener("change", apply);
    for (const box of figure.querySelectorAll(".filters input[type=checkbox]")) box.addEventListener("change", apply);
    more.hidden = false;
    apply();
  }
})();
