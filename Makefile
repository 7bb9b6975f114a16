# Footprint: `make run` serves London on http://localhost:8080; `make test`
# runs every test. Both install what they need on Debian.

DATA    ?= ../shared/data
ATLAS   ?= var/london.atlas
ADDR    ?= localhost:8080
GO      ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS = libgeos-dev libproj-dev proj-data pkg-config libgdal-dev
# Browser tests and export checks need these too.
TEST_PKGS = chromium gdal-bin python3-gdal poppler-utils python3-qgis

export CGO_ENABLED = 1

.PHONY: run test bench build deps test-deps apt static clean lint

## deps: install the Debian packages the build needs, if any is missing.
deps:
	@$(MAKE) -s apt PKGS="$(APT_PKGS)"

test-deps:
	@$(MAKE) -s apt PKGS="$(TEST_PKGS)"

apt:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## static: npm packages from package-lock.json, MapLibre copied into static/vendor.
static: node_modules/.package-lock.json
	cp node_modules/maplibre-gl/dist/maplibre-gl.js node_modules/maplibre-gl/dist/maplibre-gl.css static/vendor/
	cp node_modules/maplibre-gl/LICENSE.txt static/vendor/MAPLIBRE-LICENSE.txt

# Node and npm come from Debian only where the machine has none of its own.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) -s apt PKGS="nodejs npm"
	npm ci --no-audit --no-fund

build: deps static
	$(GO) build -o bin/footprint ./cmd/footprint
	$(GO) build -o bin/footprint-bench ./cmd/footprint-bench

## run: build, import London unless a readable atlas exists, and serve.
run: build
	@mkdir -p $(dir $(ATLAS))
	@./bin/footprint atlas --atlas $(ATLAS) >/dev/null 2>&1 || \
	  ./bin/footprint import --manifest data/london.json --data $(DATA) --out $(ATLAS) >/dev/null
	./bin/footprint serve --atlas $(ATLAS) --addr $(ADDR) --db var/plans.db

# PURE are the packages that must build and test without cgo.
PURE = ./geo ./geo/planar ./geo/graph ./geo/rook ./geo/table ./geo/encoding/... \
       ./footprint ./footprint/score ./footprint/flags ./footprint/design \
       ./footprint/coverage ./footprint/profile ./footprint/baseline ./footprint/colour

STATICCHECK = $(shell $(GO) env GOPATH)/bin/staticcheck

## lint: vet, gofmt and staticcheck (installed from the Go module proxy if missing).
lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd geo footprint server static)" || { gofmt -l cmd geo footprint server static; exit 1; }
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2
	$(STATICCHECK) ./...

## test: lint, the pure-Go packages without cgo, then every test under the
## race detector, browser tests included; integration tests read $(DATA).
test: deps test-deps static lint
	CGO_ENABLED=0 $(GO) test -count=1 $(PURE)
	$(GO) test -race -count=1 -timeout 40m ./...

## bench: the Go benchmarks, then the end-to-end timings of `footprint bench`.
bench: build
	$(GO) test -run '^$$' -bench . -benchtime 5x ./...
	./bin/footprint-bench --data $(DATA) --footprint bin/footprint

clean:
	rm -rf bin var node_modules static/vendor/maplibre-gl.* static/vendor/MAPLIBRE-LICENSE.txt
