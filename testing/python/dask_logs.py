"""Print the scheduler's and one worker's log lines, oldest first, as Dask's own client reads them.

Usage: dask_logs.py SCHEDULER_ADDRESS [WORKER_ADDRESS]
One JSON line: {"scheduler": [[level, text], ...], "worker": [[level, text], ...] | null}.
"""

import json
import sys

from dask.distributed import Client


def oldest_first(lines):
    # Client.get_*_logs keep Dask's order: newest first from 2023.1.1 on, oldest first before.
    import distributed

    major, minor = (int(x) for x in distributed.__version__.split(".")[:2])
    return list(reversed(lines)) if (major, minor) >= (2023, 1) else list(lines)


with Client(sys.argv[1], timeout=30) as c:
    scheduler = oldest_first(c.get_scheduler_logs(n=10_000))
    worker = None
    if len(sys.argv) > 2:
        worker = oldest_first(c.get_worker_logs(n=10_000, workers=[sys.argv[2]])[sys.argv[2]])
    print(json.dumps({"scheduler": [list(x) for x in scheduler], "worker": worker and [list(x) for x in worker]}))
