"""Dispatch a real Covalent workflow (ct.lattice / ct.electron, Covalent's Dask executor) for the tests.

Usage: covalent_workflows.py grow FRACTION HOLD_SECONDS [--stamp-at F] [--pace SECONDS]
       covalent_workflows.py stream COUNT SECONDS
       covalent_workflows.py end completed|failed|cancelled SECONDS

end: a workflow that ends as asked: three chained electrons that each sleep SECONDS and complete;
one that sleeps, then raises ValueError("boom") in its electron `explode`; or one whose electron
sleeps SECONDS and is cancelled (ct.cancel) once it runs. Its last line gives Covalent's own
account, from its Python API: the lattice's name, status, start and end time, failed electrons.

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


@ct.electron
def explode(x):
    raise ValueError("boom")


@ct.lattice
def ok_flow(seconds):
    return nap(nap(nap(0, seconds), seconds), seconds)


@ct.lattice
def fail_flow(seconds):
    return explode(nap(0, seconds))


@ct.lattice
def cancel_flow(seconds):
    return nap(0, seconds)


def end(kind, seconds):
    flow = {"completed": ok_flow, "failed": fail_flow, "cancelled": cancel_flow}[kind]
    dispatch_id = ct.dispatch(flow)(seconds)
    print(json.dumps({"dispatched": dispatch_id}), flush=True)
    if kind == "cancelled":
        # Cancel once its electron runs (Covalent marks the node RUNNING when Dask has it).
        deadline = time.time() + 60
        while time.time() < deadline:
            r = ct.get_result(dispatch_id, wait=False)
            if r is not None and str(r._get_node_status(0)) == "RUNNING":
                break
            time.sleep(0.2)
        time.sleep(1)
        ct.cancel(dispatch_id)
        print(json.dumps({"cancel_asked": True}), flush=True)
    result = ct.get_result(dispatch_id, wait=True)
    iso = lambda t: t.isoformat() if t is not None else None
    graph = result.lattice.transport_graph._graph
    print(
        json.dumps(
            {
                "done": True,
                "dispatch_id": dispatch_id,
                "name": result.lattice.__name__,
                "status": str(result.status),
                "started_at": iso(result.start_time),
                "ended_at": iso(result.end_time),
                # Result._get_failed_nodes counts nodes it never set on a result read back from the
                # server (_num_nodes stays -1): the transport graph's own nodes instead.
                "failed": [
                    [i, str(graph.nodes[i]["name"])]
                    for i in sorted(graph.nodes)
                    if str(graph.nodes[i].get("status")) == "FAILED"
                ],
                "error": result.error or None,
                # What Covalent's API kept of each failed electron's error and stderr.
                "node_errors": {
                    str(i): "\n".join(str(graph.nodes[i].get(k) or "") for k in ("error", "stderr"))
                    for i in sorted(graph.nodes)
                    if str(graph.nodes[i].get("status")) == "FAILED"
                },
            }
        ),
        flush=True,
    )


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
    if sys.argv[1:2] == ["end"]:
        e = argparse.ArgumentParser()
        e.add_argument("kind", choices=["end"])
        e.add_argument("ending", choices=["completed", "failed", "cancelled"])
        e.add_argument("seconds", type=float, help="how long each electron sleeps")
        a = e.parse_args()
        end(a.ending, a.seconds)
        return
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
