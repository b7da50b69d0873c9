"""What astronomers' tools do against rucio-ivoa's TAP service: pyvo's sync, async and job API, table
metadata, MAXREC overflow, and astropy reading every output format (VOTables with verify='exception').
Run by PyvoClientTest with the service URL in TAP_URL; exits non-zero with a message on the first failure."""
import io
import json
import os
import sys
import urllib.parse
import urllib.request

import pyvo
from astropy.io import votable
from astropy.table import Table

TAP = os.environ["TAP_URL"]
service = pyvo.dal.TAPService(TAP)
checks = []


def check(name, ok, detail=""):
    checks.append(name)
    if not ok:
        print(f"FAILED: {name} {detail}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {name}")


# run_sync: a cone search, typed columns with their units
cone = ("SELECT obs_id, s_ra, s_dec, s_region, t_min, em_min, calib_level FROM ivoa.obscore "
        "WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 201.4, -43.0, 15))")
table = service.run_sync(cone).to_table()
check("run_sync cone search returns rows", len(table) > 0, f"({len(table)} rows)")
check("units from TAP_SCHEMA", str(table["s_ra"].unit) == "deg" and str(table["em_min"].unit) == "m",
      f"({table['s_ra'].unit}, {table['em_min'].unit})")
check("calib_level is an integer column", table["calib_level"].dtype.kind in "iu", str(table["calib_level"].dtype))
check("s_region is STC-S text", all(str(v).split()[0] in ("CIRCLE", "POLYGON") for v in table["s_region"] if v),
      str(table["s_region"][:2]))

# MAXREC: three rows, and the overflow flagged where pyvo 1.2.1 looks (the first QUERY_STATUS)
result = service.run_sync("SELECT TOP 10 obs_id FROM ivoa.obscore", maxrec=3)
check("maxrec limits the rows", len(result) == 3, f"({len(result)})")
check("pyvo sees the overflow", str(result.status[0]).upper() == "OVERFLOW", str(result.status))

# run_async, and the job API step by step
async_result = service.run_async("SELECT facility_name, COUNT(*) AS n FROM ivoa.obscore GROUP BY facility_name")
check("run_async returns the counts", len(async_result) > 0 and "n" in async_result.fieldnames)
job = service.submit_job("SELECT TOP 5 obs_id, obs_publisher_did FROM ivoa.obscore ORDER BY obs_id")
job.run()
job.wait(phases=["COMPLETED", "ERROR", "ABORTED"], timeout=60)
check("submit_job/run/wait completes", job.phase == "COMPLETED", job.phase)
fetched = job.fetch_result()
check("fetch_result has the five rows", len(fetched) == 5, f"({len(fetched)})")
job.delete()
bad = service.submit_job("SELECT obs_id FROM ivoa.obscore WHERE s_ra >")
bad.run()
bad.wait(phases=["COMPLETED", "ERROR", "ABORTED"], timeout=60)
check("a bad query ends in ERROR", bad.phase == "ERROR", bad.phase)
bad.delete()

# table metadata
tables = {t.name: t for t in service.tables}
check("ivoa.obscore is published", "ivoa.obscore" in tables, str(list(tables)))
columns = {c.name for c in tables["ivoa.obscore"].columns}
check("ObsCore mandatory columns present", {"obs_id", "calib_level", "s_region", "pol_xel", "em_max"} <= columns)


# every output format, read by astropy
def fetch(fmt):
    query = urllib.parse.urlencode({"LANG": "ADQL", "RESPONSEFORMAT": fmt,
                                    "QUERY": "SELECT TOP 20 * FROM ivoa.obscore ORDER BY obs_id"})
    with urllib.request.urlopen(f"{TAP}/sync?{query}", timeout=60) as response:
        return response.read()


# UCD words of the current UCD1+ list that ObsCore 1.1 (with its errata) uses and that Debian 12's astropy
# 5.2 does not know yet (it reports them as W06 "Unknown word")
NEWER_UCD_WORDS = ("meta.ref.ivoid", "pos.outline")


def parse_strictly(data):
    """votable.parse with verify='exception'; with an astropy whose UCD list predates the words above, the
    only warnings allowed are those W06s, and everything else must still be clean."""
    try:
        return votable.parse(io.BytesIO(data), verify="exception")
    except Exception as e:  # astropy raises the warning class itself
        if not any(word in str(e) for word in NEWER_UCD_WORDS):
            raise
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parsed = votable.parse(io.BytesIO(data), verify="warn")
    others = [str(w.message) for w in caught
              if not ("W06" in str(w.message) and any(f"Unknown word '{word}'" in str(w.message) for word in NEWER_UCD_WORDS))]
    check("no VOTable warning but astropy 5.2's unknown UCD words", not others, str(others[:3]))
    return parsed


for fmt in ("votable", "votable/td", "votable/b2", "application/x-votable+xml;serialization=binary2"):
    parsed = parse_strictly(fetch(fmt)).get_first_table().to_table()
    check(f"astropy parses {fmt} strictly", len(parsed) == 20, f"({len(parsed)})")
overflowed = parse_strictly(urllib.request.urlopen(f"{TAP}/sync?" + urllib.parse.urlencode(
    {"LANG": "ADQL", "MAXREC": 3, "QUERY": "SELECT TOP 10 obs_id FROM ivoa.obscore"}), timeout=60).read())
statuses = [i.value for i in overflowed.resources[0].infos if i.name == "QUERY_STATUS"]
check("MAXREC overflow flagged by one QUERY_STATUS", statuses == ["OVERFLOW"], str(statuses))
check("astropy reads csv", len(Table.read(fetch("csv").decode(), format="ascii.csv")) == 20)
check("astropy reads tsv", len(Table.read(fetch("tsv").decode(), format="ascii.tab")) == 20)
document = json.loads(fetch("json"))
check("json parses", isinstance(document, dict), str(type(document)))

# an upload join: a source list made from the published positions, matched back with CONTAINS
known = service.run_sync("SELECT TOP 5 obs_publisher_did, s_ra, s_dec FROM ivoa.obscore WHERE s_ra IS NOT NULL "
                         "ORDER BY obs_publisher_did").to_table()
sources = Table({"name": [str(v) for v in known["obs_publisher_did"]], "ra": known["s_ra"], "dec": known["s_dec"]})
matched = service.run_sync(
    "SELECT s.name, o.obs_publisher_did, DISTANCE(POINT('ICRS', s.ra, s.dec), POINT('ICRS', o.s_ra, o.s_dec)) AS sep "
    "FROM TAP_UPLOAD.sources AS s JOIN ivoa.obscore AS o "
    "ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', s.ra, s.dec, 0.001))",
    uploads={"sources": sources}).to_table()
pairs = {(str(r["name"]), str(r["obs_publisher_did"])) for r in matched}
check("upload join finds every source", all((n, n) in pairs for n in sources["name"]), str(sorted(pairs)[:3]))
job = service.submit_job("SELECT COUNT(*) AS n FROM TAP_UPLOAD.sources", uploads={"sources": sources})
job.run()
job.wait(phases=["COMPLETED", "ERROR", "ABORTED"], timeout=60)
check("async upload job completes", job.phase == "COMPLETED", f"{job.phase} {job.errorsummary if job.phase == 'ERROR' else ''}")
check("async upload sees the table", int(job.fetch_result().to_table()["n"][0]) == len(sources))
job.delete()

# the service's examples (DALI), as pyvo reads them, each run
examples = service.examples
check("pyvo reads the examples", len(examples) >= 10, f"({len(examples)})")
for ex in examples:
    adql = ex["QUERY"]
    if "TAP_UPLOAD" in adql.upper():
        continue
    ex["MAXREC"] = 5
    rows = ex.execute()
    check(f"example runs: {adql[:60]!r}", len(rows.fieldnames) > 0)

print(f"{len(checks)} client checks passed")
