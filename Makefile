# Two commands on a fresh machine:  make run  (build the graph)  and  make test  (run the tests).
# Each creates the virtual environment in .venv and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.seckg-installed

.PHONY: run test system-deps check install lint bench bench-scale bench-web screenshots terms lexicon shapes readme expected clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build the graph from the bundled corpus on the embedded store, validate it, print a summary.
run: install
	$(BIN)/seckg build

## Debian's packages the tests use beside Python (JDK, Raptor, Chromium, nginx): installed if missing.
system-deps:
	bash scripts/system-deps

## The web pages' libraries from the npm registry, pinned (web/vendor.py): into web/static/vendor/.
web-vendor: install
	$(BIN)/python -m seckg.web.vendor

## Run the test suite (and the linter).
test: install system-deps web-vendor
	$(BIN)/ruff check .
	$(BIN)/pytest

## Build the graph and run every validation layer on it (what CI gates on).
check: install
	$(BIN)/seckg -q build --no-validate
	$(BIN)/seckg ontology check
	$(BIN)/seckg check --fail-on ERROR -f markdown

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/extraction.py
	$(BIN)/seckg -q build --no-validate
	$(BIN)/python bench/web.py --skip-scale

## Publish of the corpus and of 10x the corpus, with and without the views (15-30 minutes).
bench-web: install
	$(BIN)/seckg -q build --no-validate
	$(BIN)/python bench/web.py

## Stored queries, validation and start-up on generated graphs of 10k and 100k quads beside
## bare pyoxigraph, pySHACL and pyrudof (add ARGS=--full for 1M); JSON in bench/results/.
bench-scale: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/scale.py $(ARGS)

## The README's pictures of the views (docs/img/), from the corpus, in headless Chromium.
screenshots: install web-vendor
	$(BIN)/python -m seckg.web.screenshots docs/img

## Regenerate committed, generated files.
terms: install
	$(BIN)/python -m seckg.ontology.codegen

lexicon: install
	$(BIN)/python -m seckg.ontology.lexicon_build

shapes: install
	$(BIN)/python -m seckg.ontology.shapegen

readme: install
	$(BIN)/cog -r README.md docs/ontology.md

## Regenerate the expected results of the stored queries (review the diff before committing).
expected: install
	$(BIN)/python tests/queries/regenerate.py

clean:
	rm -rf seckg-data build dist *.egg-info
