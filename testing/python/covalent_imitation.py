"""Start a Dask cluster the way `covalent start` does, for the tests, the benchmark and the demo.

Like covalent_dispatcher/_service/app_dask.py: this process stands in for Covalent's dispatcher;
it writes the [sdk], [dask] and [user_interface] settings to $COVALENT_CONFIG_DIR/covalent.conf
with Python's toml, then starts a multiprocessing.Process subclass named DaskCluster
("LocalDaskCluster") that runs LocalCluster(n_workers, threads_per_worker, memory_limit) and
writes the runtime keys (scheduler_address ... admin_port) back into the file.

SIGTERM or SIGINT stops the cluster as `covalent stop` does: the runtime keys stay in the file.
One JSON line on stdout says when the cluster is up: {"ready": true, "pid": ..., ...}.
"""

import argparse
import json
import os
import signal
import socket
import sys
import time
from multiprocessing import Process, current_process

import toml


def config_path():
    # covalent/_shared_files/defaults.py
    base = os.environ.get("COVALENT_CONFIG_DIR") or os.environ.get("XDG_CONFIG_DIR") or (
        os.environ["HOME"] + "/.config/covalent"
    )
    return base + "/covalent.conf"


def update_config(entries):
    """Covalent's ConfigManager.update_config: read, merge, rewrite in place (not atomically)."""
    path = config_path()
    data = toml.load(path) if os.path.exists(path) else {}
    for table, values in entries.items():
        data.setdefault(table, {}).update(values)
    with open(path, "w") as f:
        toml.dump(data, f)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_memory(value):
    """mem_per_worker as Covalent stores it: a string ("auto", "4GB") or a number."""
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        return value


class DaskCluster(Process):
    def __init__(self, name, num_workers, threads_per_worker, mem_per_worker, dashboard_port):
        super().__init__()
        self.name = name
        self.num_workers = num_workers
        self.threads_per_worker = threads_per_worker
        self.mem_per_worker = mem_per_worker
        self.dashboard_port = dashboard_port
        self.admin_host = "127.0.0.1"
        self.admin_port = free_port()

    def run(self):
        import dask.config
        from dask.distributed import LocalCluster

        dask.config.set({"distributed.worker.daemon": False})
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        cluster = LocalCluster(
            n_workers=self.num_workers,
            threads_per_worker=self.threads_per_worker,
            memory_limit=self.mem_per_worker,
            dashboard_address=f"127.0.0.1:{self.dashboard_port}",
        )
        update_config(
            {
                "dask": {
                    "scheduler_address": cluster.scheduler_address,
                    "dashboard_link": cluster.dashboard_link,
                    "process_info": str(current_process()),
                    "pid": os.getpid(),
                    "admin_host": self.admin_host,
                    "admin_port": self.admin_port,
                }
            }
        )
        try:
            while True:
                time.sleep(3600)
        finally:
            cluster.close(timeout=5)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--memory-limit", default="auto")
    p.add_argument("--dashboard-port", type=int, default=0)
    p.add_argument("--no-cluster", action="store_true", help="write no_cluster = \"true\" and start nothing")
    args = p.parse_args()

    path = config_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    home = os.environ["HOME"]
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    update_config(
        {
            "sdk": {"no_cluster": "true" if args.no_cluster else "false"},
            "dask": {
                "cache_dir": os.path.join(cache, "covalent"),
                "log_dir": os.path.join(cache, "covalent"),
                "mem_per_worker": parse_memory(args.memory_limit),
                "threads_per_worker": args.threads,
                "num_workers": args.workers,
            },
            "user_interface": {"address": "localhost", "port": 48008},
        }
    )
    if args.no_cluster:
        print(json.dumps({"ready": True, "config": path, "noCluster": True}), flush=True)
        return

    cluster = DaskCluster(
        "LocalDaskCluster", args.workers, args.threads, parse_memory(args.memory_limit), args.dashboard_port
    )
    cluster.start()

    def stop(*_):
        cluster.terminate()
        cluster.join(15)
        if cluster.is_alive():
            cluster.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    deadline = time.time() + 120
    while time.time() < deadline:
        if not cluster.is_alive():
            print(json.dumps({"ready": False, "error": f"DaskCluster exited with {cluster.exitcode}"}), flush=True)
            sys.exit(1)
        try:
            dask = toml.load(path).get("dask", {})
        except Exception:
            dask = {}  # caught mid-rewrite
        if dask.get("pid") == cluster.pid:
            print(json.dumps({"ready": True, "config": path, "parent": os.getpid(), **dask}), flush=True)
            break
        time.sleep(0.05)
    else:
        print(json.dumps({"ready": False, "error": "the cluster did not start within 120 s"}), flush=True)
        stop()
    cluster.join()


if __name__ == "__main__":
    main()
