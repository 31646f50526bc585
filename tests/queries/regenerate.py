"""Regenerate the expected results of the stored queries (tests/queries/expected/*.json).

Run: make expected   (builds the corpus into a temporary store, runs every stored query with its
case from tests/queries/cases.yaml, and writes SPARQL JSON results). Review the diff before
committing: an expected file is a claim about what the graph answers.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def expected_json(data_dir: Path, name: str, values: dict[str, str]) -> str:
    from seckg.queries.catalogue import get_query
    from seckg.queries.engine import StoreTarget
    from seckg.queries.formats import render
    from seckg.queries.params import bind_params

    target = StoreTarget.embedded(data_dir)
    q = get_query(name)
    result = target.execute(q.text, bind_params(q, {k: str(v) for k, v in values.items()}, target), source=q.source)
    return render(result, "json" if result.form in ("SELECT", "ASK") else "nt")


def main() -> None:
    from seckg.graph.build import build_corpus

    cases = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    out = HERE / "expected"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        build_corpus(ROOT / "corpus", Path(tmp), validate=False)
        for name, values in sorted(cases.items()):
            (out / f"{name}.json").write_text(expected_json(Path(tmp), name, values or {}), encoding="utf-8")
            print(f"wrote {out / (name + '.json')}", file=sys.stderr)


if __name__ == "__main__":
    main()
