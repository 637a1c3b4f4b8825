"""Dispatch a real Covalent workflow (ct.lattice / ct.electron, Covalent's Dask executor) for the tests.

Usage: covalent_workflows.py grow FRACTION HOLD_SECONDS [--stamp-at F] [--pace SECONDS]
       covalent_workflows.py stream COUNT SECONDS

stream: COUNT electrons that each sleep SECONDS, so that tasks keep finishing on every worker
(what a running workflow looks like to Dask).

grow: one electron allocates (and touches) memory in the Dask worker that runs it until the
worker process's RSS reaches FRACTION of the worker's memory limit, then holds it for
HOLD_SECONDS. Past 0.95 the nanny kills the worker, as it would a user's; Dask then retries the
task on another worker, until it gives up with KilledWorker.

Prints JSON lines on stdout: {"dispatched": id}; {"crossed": fraction, "pid", "worker", "limit",
"at"} each time an attempt reaches FRACTION (or, with --stamp-at, that fraction first: "stamp");
and last {"done": true, "status": "COMPLETED" | "FAILED" | ..., "error": text or null}.
Runs with HOME (and so Covalent's config) of the server it dispatches to.
"""

import argparse
import json
import os
import sys
import tempfile
import threading
import time

import covalent as ct


@ct.electron
def grow(fraction, hold, stamp_path, stamp_at, pace):
    import json
    import os
    import time

    import psutil
    from distributed import get_worker

    worker = get_worker()
    limit = worker.memory_manager.memory_limit
    proc = psutil.Process(os.getpid())

    def note(**fields):
        with open(stamp_path, "a") as f:
            f.write(json.dumps({"pid": os.getpid(), "worker": str(worker.name), "limit": limit, "at": time.time(), **fields}) + "\n")

    chunks = []
    stamped = stamp_at is None
    chunk = max(1 << 20, limit // 200)
    while True:
        rss = proc.memory_info().rss
        if not stamped and rss >= stamp_at * limit:
            note(stamp=stamp_at, rss=rss)
            stamped = True
        if rss >= fraction * limit:
            break
        block = bytearray(chunk)
        block[::4096] = b"\x01" * len(block[::4096])  # touch every page so it is resident
        chunks.append(block)
        # Slowly up to the stamp (so that samples see the worker climb), then fast.
        time.sleep(pace if not stamped else 0.002)
    note(crossed=fraction, rss=proc.memory_info().rss)
    time.sleep(hold)
    return {"pid": os.getpid(), "rss": proc.memory_info().rss}


@ct.lattice
def memory_hungry(fraction, hold, stamp_path, stamp_at, pace):
    return grow(fraction, hold, stamp_path, stamp_at, pace)


@ct.electron
def nap(i, seconds):
    import time

    time.sleep(seconds)
    return i


@ct.lattice
def many_naps(count, seconds):
    return [nap(i, seconds) for i in range(count)]


def relay(path, stop):
    """Prints the electron's notes as they appear (the electron runs in a worker, not here)."""
    seen = 0
    while True:
        last_pass = stop.is_set()
        with open(path) as f:
            lines = f.read().splitlines()
        for line in lines[seen:]:
            print(line, flush=True)
        seen = len(lines)
        if last_pass:
            return
        time.sleep(0.05)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["grow", "stream"])
    p.add_argument("amount", type=float, help="grow: the fraction of the limit; stream: how many electrons")
    p.add_argument("seconds", type=float, help="grow: how long to hold; stream: how long each electron sleeps")
    p.add_argument("--stamp-at", type=float, default=None)
    p.add_argument("--pace", type=float, default=0.002, help="grow: seconds between 2 MB-ish steps up to the stamp")
    args = p.parse_args()
    if args.kind == "stream":
        dispatch_id = ct.dispatch(many_naps)(int(args.amount), args.seconds)
        print(json.dumps({"dispatched": dispatch_id}), flush=True)
        result = ct.get_result(dispatch_id, wait=True)
        print(json.dumps({"done": True, "dispatch_id": dispatch_id, "status": str(result.status), "error": result.error or None}), flush=True)
        return

    fd, stamp_path = tempfile.mkstemp(prefix="covalent-workflow-", suffix=".jsonl")
    os.close(fd)
    stop = threading.Event()
    relayer = threading.Thread(target=relay, args=(stamp_path, stop), daemon=True)
    relayer.start()
    try:
        dispatch_id = ct.dispatch(memory_hungry)(args.amount, args.seconds, stamp_path, args.stamp_at, args.pace)
        print(json.dumps({"dispatched": dispatch_id}), flush=True)
        result = ct.get_result(dispatch_id, wait=True)
    finally:
        stop.set()
        relayer.join()
        os.unlink(stamp_path)
    error = result.error if isinstance(result.error, str) and result.error else None
    print(json.dumps({"done": True, "dispatch_id": dispatch_id, "status": str(result.status), "error": error}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
