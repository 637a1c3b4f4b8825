"""Print Dask's own parse_memory_limit results as JSON, for memory-limit.test.ts.

Usage: python3 testing/python/dask_memory_limits.py > main/monitor/testdata/dask-memory-limits.json
The machine's memory and CPU count are fixed here so the table is the same on every machine.
"""
import json
import logging

import distributed
from distributed import system
from distributed import worker_memory

TOTAL = 16 * 2**30
CPUS = 8
system.MEMORY_LIMIT = TOTAL
worker_memory.system.MEMORY_LIMIT = TOTAL

INPUTS = [
    "auto", "4GB", "4GiB", "4 GB", "4gb", "4G", "4Gi", "1.5GB", "512MB", "512MiB", "100kB",
    "1kiB", "5.4 kB", "1e6", "1e6 kB", "1e9", "MB", "100", "0", "0.0", "0.5", "1", "1.0",
    "2", "0.25", "32GB", "1TB", "1_000_000", ".5", "5.", "+0.5", "  2GB  ", "4000000000",
    "lots", "5 foos", "", "GB4", "1.2.3GB", "-1", "-2GB", "inf", "nan",
    4000000000, 0, 0.5, 1, 2, 0.125, 17179869184, 20000000000, 1.5,
]
THREADS = [1, 2, 4, 8, 16]

log = logging.getLogger("table")
log.addHandler(logging.NullHandler())
rows = []
for value in INPUTS:
    for nthreads in THREADS:
        try:
            result = worker_memory.parse_memory_limit(value, nthreads, total_cores=CPUS, logger=log)
            out = {"bytes": result}
        except Exception as e:  # Dask raises: the monitor must call it invalid
            out = {"error": type(e).__name__}
        rows.append({"input": value, "nthreads": nthreads, **out})
        if not (value == "auto"):
            break  # only "auto" depends on nthreads

print(json.dumps({"dask": distributed.__version__, "totalBytes": TOTAL, "cpuCount": CPUS, "rows": rows}, indent=1))
