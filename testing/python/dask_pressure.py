"""Push one Dask worker's process memory to a fraction of its limit, and hold it there.

Usage: dask_pressure.py SCHEDULER_ADDRESS WORKER_NAME FRACTION HOLD_SECONDS [--stamp-at F]

A task pinned to the worker allocates (and touches) memory until the worker process's RSS reaches
FRACTION of its memory limit, then holds it for HOLD_SECONDS. With FRACTION past 0.95 the nanny
kills the worker, as it would a real one. With --stamp-at, the task records inside the worker the
moment RSS first reaches that fraction, for the benchmark's alert latency.
Prints JSON lines: {"crossed": fraction, "at": unix_seconds, "pid": ...} and {"done": ...}.
"""

import argparse
import json
import sys
import time

from dask.distributed import Client


def allocate(fraction, hold, stamp_at):
    import os
    import time

    import psutil
    from distributed import get_worker

    worker = get_worker()
    limit = worker.memory_manager.memory_limit
    proc = psutil.Process(os.getpid())
    chunks = []
    stamp = None
    chunk = max(1 << 20, limit // 200)
    while True:
        rss = proc.memory_info().rss
        if stamp is None and stamp_at is not None and rss >= stamp_at * limit:
            stamp = time.time()
        if rss >= fraction * limit:
            break
        block = bytearray(chunk)
        block[::4096] = b"\x01" * len(block[::4096])  # touch every page so it is resident
        chunks.append(block)
        time.sleep(0.002)
    reached = time.time()
    time.sleep(hold)
    return {"pid": os.getpid(), "limit": limit, "rss": proc.memory_info().rss, "stamp": stamp, "reached": reached}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scheduler")
    p.add_argument("worker")
    p.add_argument("fraction", type=float)
    p.add_argument("hold", type=float)
    p.add_argument("--stamp-at", type=float, default=None)
    args = p.parse_args()

    with Client(args.scheduler, timeout=30) as client:
        workers = {str(w["name"]): addr for addr, w in client.scheduler_info()["workers"].items()}
        if args.worker not in workers:
            print(json.dumps({"error": f"no worker named {args.worker}", "workers": sorted(workers)}), flush=True)
            sys.exit(2)
        future = client.submit(
            allocate, args.fraction, args.hold, args.stamp_at,
            workers=[workers[args.worker]], allow_other_workers=False, pure=False,
        )
        try:
            result = future.result()
            print(json.dumps({"done": True, **result}), flush=True)
        except Exception as e:  # the nanny killed the worker: KilledWorker or a lost connection
            print(json.dumps({"done": False, "error": type(e).__name__}), flush=True)


if __name__ == "__main__":
    main()
