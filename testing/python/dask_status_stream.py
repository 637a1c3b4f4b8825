"""Stream Dask's own view of its workers, as ground truth for the tests.

Usage: dask_status_stream.py SCHEDULER_ADDRESS [--every SECONDS]

A Dask client asks the scheduler (over Dask's own protocol, which answers while identity.json
fails) every SECONDS (0.2 by default) and prints one JSON line each time:
{"at": unix_seconds, "workers": {address: {"name", "status", "pid"}}, "processing": n, "tasks": n}.
Worker pids come from the workers themselves (os.getpid run in each), once per address.
"""

import argparse
import json
import os
import sys
import time

from dask.distributed import Client


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scheduler")
    p.add_argument("--every", type=float, default=0.2)
    args = p.parse_args()
    pids = {}
    with Client(args.scheduler, timeout=30) as client:
        while True:
            info = client.scheduler_info()["workers"]
            missing = [a for a in info if a not in pids]
            if missing:
                try:
                    pids.update(client.run(os.getpid, workers=missing))
                except Exception:
                    pass  # a worker that died meanwhile: its pid stays unknown
            processing = client.processing()
            at = time.time()
            workers = {a: {"name": str(w["name"]), "status": w["status"], "pid": pids.get(a)} for a, w in info.items()}
            line = {"at": at, "workers": workers, "processing": sum(len(v) for v in processing.values())}
            print(json.dumps(line), flush=True)
            time.sleep(args.every)


if __name__ == "__main__":
    sys.exit(main())
