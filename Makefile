# The two commands of the README are `make demo` and `make test`; both
# install what they need (backend binaries are built from the Go module
# proxy into .cache/, keyed by version, one at a time).
GO ?= go
export GOFLAGS ?= -buildvcs=false

.PHONY: test demo build install vet bench

build:
	$(GO) build -o bin/mcpchaos ./cmd/mcpchaos

vet:
	$(GO) vet ./...

# install builds the pinned backends once (cold: 15-20 min on 2 idle cores;
# warm: well under a second), so go test's own timeout covers only tests.
install:
	$(GO) run ./cmd/mcpchaos stack install

test: vet install
	$(GO) test -count=1 -timeout 30m ./...

demo: build
	./bin/mcpchaos demo --report-dir reports

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
