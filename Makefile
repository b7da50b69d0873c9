# rucio-ivoa: the two commands of the README are `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
JAVA_HOME := $(shell scripts/java-home.sh)
export JAVA_HOME
# Maven 3.8 on JDK 24+ warns about sun.misc.Unsafe on every run
export MAVEN_OPTS ?= $(shell [ "$$($(JAVA_HOME)/bin/java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')" -ge 24 ] && echo --sun-misc-unsafe-memory-access=allow)
MVN := mvn -B -q
DEMO_COUNT ?= 20000

.PHONY: setup build test demo demo-check clean bench-sync bench-tap

setup:
	scripts/setup.sh

build: setup
	$(MVN) -DskipTests install

## the whole test suite, against throw-away PostgreSQL + pgSphere clusters the tests start themselves
test: setup
	mvn -B --no-transfer-progress verify 2>&1 | scripts/test-summary.sh

## the managed PostgreSQL with demo data, the TAP service on :8080 and Jupyter with the notebooks on :8888,
## until Ctrl-C (DEMO_COUNT, JUPYTER_SERVER_PASSWORD, JUPYTER_SERVER_BASE_URL; see scripts/demo.sh)
demo: build
	DEMO_COUNT=$(DEMO_COUNT) scripts/demo.sh

## with `make demo` running in another terminal: taplint, the notebooks and the web page test against it
demo-check:
	scripts/check-demo.sh

## benchmark of the sync (not part of `make test`); BENCH_DIDS=1000000 by default
bench-sync: build
	./rucio-ivoa bench sync --dids $${BENCH_DIDS:-1000000}

## benchmark of the TAP service against psql (not part of `make test`); BENCH_ROWS=1000000 by default
bench-tap: build
	./rucio-ivoa bench tap --rows $${BENCH_ROWS:-1000000}

clean:
	-./rucio-ivoa pg stop
	$(MVN) clean
