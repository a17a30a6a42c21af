# syncbench: benchmarks of Go's synchronization primitives.
#
#   make bench    run the standard suite (8 to 12 minutes on 2 cores); save the
#                 results, their markdown report and charts under results/<machine>/
#   make test     gofmt, vet, race tests, and a smoke run of every benchmark,
#                 also built with the oldest supported Go release (make oldest)
#   make report   regenerate the committed report and charts from the newest
#                 committed results file
#   make lint     gofmt and vet only

GO        ?= go
PKGS      := ./... ./bench/...
SMOKE_CPU ?= 1,2
# The oldest Go release the benchmark package supports (bench/go.mod's go
# line); make oldest fetches it through GOTOOLCHAIN.
OLDEST_GO ?= go1.22.12

.PHONY: all bench test fmt-check vet race smoke oldest lint report

all: test

bench:
	$(GO) build -o syncbench ./cmd/syncbench
	./syncbench run -profile standard $(BENCHFLAGS)

# Ends with one line saying what passed and how long it took.
test:
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory fmt-check vet race smoke oldest actionlint && \
	echo "make test: passed (gofmt, go vet, go test -race, smoke run of every benchmark, the same with $(OLDEST_GO), actionlint) in $$(( $$(date +%s) - start ))s"

fmt-check:
	@out="$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

race:
	$(GO) test -race -timeout 8m $(PKGS)

# Every benchmark once, in short mode: a benchmark that panics or deadlocks fails here.
smoke:
	$(GO) test -short -run '^$$' -bench . -benchtime=1x -cpu $(SMOKE_CPU) -timeout 5m ./bench

# The benchmark package with the oldest supported release, in its own
# module (GOWORK=off): vet, its tests, and every benchmark once; a
# configuration that release lacks an API for must be skipped with its
# reason (fork=go: sync.WaitGroup.Go came in Go 1.25).
oldest:
	@out=$$(mktemp) && trap 'rm -f "$$out"' EXIT && cd bench && \
	export GOWORK=off GOTOOLCHAIN=$(OLDEST_GO) && \
	$(GO) version | grep -q ' $(OLDEST_GO) ' && \
	$(GO) vet ./... && \
	$(GO) test -short -timeout 5m ./... && \
	$(GO) test -short -run '^$$' -bench . -benchtime=1x -cpu $(SMOKE_CPU) -timeout 5m -v . >"$$out" 2>&1 || { tail -n 40 "$$out"; exit 1; }; \
	grep -q 'fork=go needs sync.WaitGroup.Go' "$$out" || { echo "make oldest: fork=go was not skipped with its reason under $(OLDEST_GO)"; exit 1; }; \
	echo "make oldest: bench vetted, tested and smoke-run with $(OLDEST_GO) ($$(grep -c '^--- SKIP' "$$out") skips)"

lint: fmt-check vet

# The committed report: results/report.md and results/plots/ (its key charts)
# from the newest committed results file results/<machine>/<UTC stamp>.txt
# (newest by its stamp), or RESULTS=file. A local run (make bench) is never
# picked: it is not committed, and has its own report beside it.
# (git's * crosses directories: only results/<machine>/<stamp>.txt counts.)
RESULTS ?= $(shell git ls-files 'results/*/*.txt' | awk -F/ 'NF == 3 && $$3 ~ /^[0-9]+T[0-9]+Z\.txt$$/ { print $$NF " " $$0 }' | sort | tail -n 1 | cut -d' ' -f2)

report:
	@test -n "$(RESULTS)" || { echo "make report: no committed results/<machine>/<stamp>.txt; set RESULTS=file" >&2; exit 2; }
	rm -rf results/plots
	$(GO) run ./cmd/syncbench report -format markdown -o results/report.md -plots results/plots $(RESULTS)

# Regression checks (see `go run ./cmd/syncbench compare -h` and `gate -h`).
#   make compare OLD=a.txt NEW=b.txt
#   make gate GATE_OLD=rev=main GATE_NEW=worktree
#   make actionlint    check the CI workflow (actionlint pinned in go.mod)
OLD      ?= results/old.txt
NEW      ?= results/new.txt
GATE_OLD ?= rev=HEAD
GATE_NEW ?= worktree

.PHONY: compare gate actionlint

compare:
	$(GO) run ./cmd/syncbench compare $(OLD) $(NEW)

gate:
	$(GO) run ./cmd/syncbench gate -old '$(GATE_OLD)' -new '$(GATE_NEW)'

actionlint:
	$(GO) tool actionlint .github/workflows/bench.yml .github/workflows/history.yml
