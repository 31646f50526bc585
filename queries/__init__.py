"""Stored SPARQL queries (``*.rq`` with a comment header) and the code that lists, binds and runs them."""
