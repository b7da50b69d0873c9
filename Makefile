# rucio-ivoa: the two commands of the README are `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
JAVA_HOME := $(shell scripts/java-home.sh)
export JAVA_HOME
# Maven 3.8 on JDK 24+ warns about sun.misc.Unsafe on every run
export MAVEN_OPTS ?= $(shell [ "$$($(JAVA_HOME)/bin/java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')" -ge 24 ] && echo --sun-misc-unsafe-memory-access=allow)
MVN := mvn -B -q
DEMO_COUNT ?= 20000

.PHONY: setup build test demo clean bench-sync

setup:
	scripts/setup.sh

build: setup
	$(MVN) -DskipTests install

## the whole test suite, against throw-away PostgreSQL + pgSphere clusters the tests start themselves
test: setup
	mvn -B --no-transfer-progress verify 2>&1 | scripts/test-summary.sh

## the managed PostgreSQL with demo data, and the TAP service on :8080 until Ctrl-C
demo: build
	./rucio-ivoa pg start
	./rucio-ivoa db migrate
	@if [ "$$(./rucio-ivoa db status | sed -n 's/^DIDs in .*: //p' | tr -d ,)" -lt "$(DEMO_COUNT)" ]; then \
	  ./rucio-ivoa demo-data --count $(DEMO_COUNT); \
	else echo "demo data already loaded"; fi
	./rucio-ivoa db status
	@echo "TAP service: http://localhost:8080/tap (Ctrl-C stops it; ./rucio-ivoa pg stop stops the database)"
	./rucio-ivoa serve --port 8080

## benchmark of the sync (not part of `make test`); BENCH_DIDS=1000000 by default
bench-sync: build
	./rucio-ivoa bench sync --dids $${BENCH_DIDS:-1000000}

clean:
	-./rucio-ivoa pg stop
	$(MVN) clean
