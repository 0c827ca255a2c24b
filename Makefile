# Every target first makes sure .venv exists (plain venv + pip: a fresh machine needs only python3).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
RUN_STAMP := $(VENV)/.installed-run
OUT    ?= parsed

.PHONY: install run test test-fast eval golden bench bench-real rules-check lint browser-setup pkuseg clean

# running: the package, pandas, and matplotlib for examples/ (no test or lint tools)
$(RUN_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[examples]'
	@touch $(RUN_STAMP)

# developing: everything running needs, plus the test, lint and optional-backend tools
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP) $(RUN_STAMP)

install: $(RUN_STAMP)

## run: the samples pipeline (pipeline/samples.toml): parse raw/samples into parsed/, incrementally
run: $(RUN_STAMP)
	$(BIN)/noticeparse run pipeline/samples.toml

## browser-setup: the one target that uses apt (root): Debian chromium + chromium-driver + a CJK font for
## the report's browser test; `make test` never runs it, and without them the browser tests skip
browser-setup:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q . \
	 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null; } \
	 || echo "chromium not installable here: the browser test will skip"

## pkuseg: the pkuseg backend; its sdist needs numpy and cython at build time, so no build isolation
pkuseg: $(STAMP)
	@$(BIN)/python -c "import pkuseg" 2>/dev/null || { \
	  $(BIN)/python -m pip install --quiet numpy cython setuptools wheel && \
	  $(BIN)/python -m pip install --quiet --no-build-isolation 'pkuseg==0.0.25'; } \
	  || echo "pkuseg did not build here: its tests will skip"

## test: lint, rule examples and pump (linear time) check, unit, golden, property, CLI, batch and browser tests
## (what CI runs; the browser tests need `make browser-setup` first, else they skip)
test: $(STAMP) pkuseg lint
	$(BIN)/noticeparse rules check
	$(BIN)/python -m pytest

## test-fast: lint, rule examples and every test not marked slow or browser (under a minute: a pytest worker per core)
test-fast: $(STAMP) lint
	$(BIN)/noticeparse rules check --no-pump
	$(BIN)/python -m pytest -q -n auto -m "not slow and not browser"

## eval: P/R/F1 against ../shared/corpus (JioNLP beside it when it installs), the textview-dev halves and the
## rounds dev set (tests/data/rounds: round key, stage, unit links, round_units per half; the test half is reported)
eval: $(STAMP)
	-@$(BIN)/python -c "import jionlp" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[compare]' || echo "JioNLP not installable here: scoring noticeparse alone"
	-@$(BIN)/python -c "import trafilatura, gne" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[generic]' || echo "trafilatura/GNE not installable here: measuring noticeparse alone"
	$(BIN)/noticeparse eval
	$(BIN)/noticeparse eval-rounds --json bench/rounds_eval.json

## golden: rewrite tests/golden/*/expected.json after a deliberate change (review the diff)
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden -q

## bench: throughput and memory (10k and 100k synthetic notices) and the JioNLP ratio -> bench/results.json;
## peak memory of the hostile set (DOCX/OFD, HTML past the caps, the largest pages and texts) -> bench/hostile_memory.json
## end-to-end pump ratios, t(100k)/t(10k) of the whole parse per shape of issue 28 -> bench/pump.json
## link over 10k/50k/100k notices on one core -> bench/link.json
bench: $(STAMP)
	-@$(BIN)/python -c "import jionlp" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[compare]' || echo "JioNLP not installable here: no comparison"
	$(BIN)/python bench/run.py --count $(or $(COUNT),10000) --large $(or $(LARGE),100000)
	$(BIN)/python bench/segment_bench.py
	$(BIN)/python bench/hostile_memory.py --json bench/hostile_memory.json
	$(BIN)/python bench/pump_bench.py --json bench/pump.json
	$(BIN)/python bench/link_bench.py

## bench-real: only the real-pages set (raw/samples + ../shared/corpus HTML) beside JioNLP -> bench/real_pages.json
bench-real: $(STAMP)
	$(BIN)/python bench/real_pages.py --batch

## lint: ruff over the package, tests and benchmarks; mypy --strict over src/ ([tool.mypy])
lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools conftest.py
	$(BIN)/mypy

rules-check: $(STAMP)
	$(BIN)/noticeparse rules check

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis
