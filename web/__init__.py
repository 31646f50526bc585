"""Linked data for people and machines: views of the graph's IRIs (:mod:`.views`), their HTML
(:mod:`.render`, templates in ``web/templates``), the ontology's documentation (:mod:`.ontodoc`)
and the static site of ``seckg publish`` (:mod:`.publish`). Reads the built store; never writes it."""
