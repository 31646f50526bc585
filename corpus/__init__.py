"""The bundled corpus: texts with a metadata file beside each (a data package)."""
