"""A process that validates rounds of SHACL with pyrudof (``seckg.ontology.check`` starts two or
more of them side by side for a large graph; each holds the data once).

Run as ``python -m seckg.ontology.rudof_worker DATA FORMAT EXTRA OUT ROUND...``: DATA is the data
file (FORMAT ``nquads``, ``trig`` or ``ntriples``), EXTRA an N-Triples file merged with it or
``-``, OUT a folder; for each ROUND file (the shapes as N-Triples, their targets resolved) it
writes ``OUT/<name>.nt`` (pyrudof's results) and ``OUT/<name>.json`` (its entries, in order).
It imports only pyrudof, and is started with ``subprocess`` (not ``multiprocessing``, which would
import the parent's main script again)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FORMATS = ("nquads", "trig", "ntriples")


def engine(data: str, fmt: str, extra: str | None) -> Any:
    """A pyrudof engine holding the data file (and the extra N-Triples, a file or text)."""
    import pyrudof

    formats = {"nquads": pyrudof.RDFFormat.NQuads, "trig": pyrudof.RDFFormat.TriG,
               "ntriples": pyrudof.RDFFormat.NTriples}
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data, format=formats[fmt], reader_mode=pyrudof.ReaderMode.Strict)
    if extra is not None:
        rudof.read_data(extra, format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict, merge=True)
    return rudof


def validate_round(rudof: Any, shapes_nt: str) -> tuple[str, list[tuple[str, str, str]]]:
    """One round: the results as N-Triples, and (source shape, constraint component, focus node)
    of each top-level result, in pyrudof's order."""
    import pyrudof

    rudof.reset_shacl()
    rudof.read_shacl(shapes_nt, format=pyrudof.ShaclFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
    entries = [(str(e.source_shape), str(e.constraint_component), str(e.focus_node)) for e in rudof.validate_shacl()]
    raw = rudof.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.NTriples)
    rudof.reset_validation_results()
    return raw, entries


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[1] not in FORMATS:
        print("usage: python -m seckg.ontology.rudof_worker DATA FORMAT EXTRA|- OUT ROUND...", file=sys.stderr)
        return 2
    data, fmt, extra, out = argv[0], argv[1], argv[2], Path(argv[3])
    rudof = engine(data, fmt, None if extra == "-" else Path(extra).read_text(encoding="utf-8"))
    for name in argv[4:]:
        raw, entries = validate_round(rudof, Path(name).read_text(encoding="utf-8"))
        stem = Path(name).stem
        (out / f"{stem}.nt").write_text(raw, encoding="utf-8")
        (out / f"{stem}.json").write_text(json.dumps(entries), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
