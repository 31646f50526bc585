"""The text-to-RDF pipeline (segment -> mentions -> structures -> relations -> RDF) and the
dataset it builds: store access, IRIs, provenance."""
