"""What ``seckg publish`` needs to give its site the views that need more than one page at a
time: the search and the network's filters by document and period (three scripts of the site's
own, and a Content-Security-Policy that lets the site run them) and the network on the front
page. ``web/publish.py`` wires them in with four calls:

    links = SiteLinks(anchors=..., path=..., search=True)           # every page
    for rel, data in site_files(store).items(): write(rel, data)    # static/search*.js, network.js
    render_index(..., **front_page_network(store))                   # the front page
    with_csp(page, CSP_WITH_SCRIPTS)                                 # instead of CSP

The pictures (network, timeline) are inline SVG and HTML, and their filters by stance and kind
are CSS: they need none of this.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pyoxigraph as ox

from .network import network_of
from .search import search_index_js
from .views import labels_of

__all__ = ["site_files", "front_page_network", "CSP_WITH_SCRIPTS"]

#: the published pages' policy with the site's own scripts allowed (and nothing else)
CSP_WITH_SCRIPTS = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    "base-uri 'none'; form-action 'none'")


def site_files(store: ox.Store) -> dict[str, bytes]:
    """Path in the site -> bytes: the scripts of the search and of the network's filters, and the
    search's index."""
    static = files("seckg.web") / "static"
    return {"static/search.js": (static / "search.js").read_bytes(),
            "static/network.js": (static / "network.js").read_bytes(),
            "static/search-index.js": search_index_js(store)}


def front_page_network(store: ox.Store) -> dict[str, Any]:
    """The keyword arguments of :func:`~seckg.web.render.render_index` that draw the network."""
    network = network_of(store)
    named = {*network.nodes, *(e.node for e in network.edges)}
    return {"network": network, "network_labels": labels_of(store, named)}
