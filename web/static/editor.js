// seckg serve: YASGUI (vendored from the npm registry, web/vendor.py) set up to query this
// server only: the endpoint is this server's /sparql, no endpoint catalogue, one tab, and the
// query in the address (#query=...) so a result can be bookmarked and shared.
"use strict";

(function () {
  const el = document.getElementById("yasgui");
  if (!el || typeof Yasgui === "undefined") return;
  const endpoint = new URL(el.dataset.endpoint || "/sparql", window.location.href).href;
  const example = document.getElementById("example");
  Yasgui.Yasqe.defaults.value = example ? example.content.textContent : "";
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"]; // no completion service elsewhere
  const yasgui = new Yasgui(el, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [], keys: [] },
    persistenceId: null,
    populateFromUrl: true,
    autoAddOnInit: true,
  });
  window.seckgYasgui = yasgui;
})();
