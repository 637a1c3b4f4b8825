#!/usr/bin/env bash
# Sets up the Python environments the cluster tests, the benchmark and the demo run on, inside the
# checkout (git-ignored), from the pinned requirements in testing/python/:
#   .venv/dask-current  covalent 0.240.0 with the current dask/distributed (what `pip install covalent` brings)
#   .venv/dask-oldest   covalent 0.240.0 with dask/distributed 2022.12.1 (Debian 12's), the oldest supported
# An environment whose requirements file has not changed since it was made is left as it is.
# Usage: testing/setup-python.sh [current|oldest]...   (both when none is named)
# The Python used to make them is $TRAY_PYTHON, else python3 (3.11 is what the pins were made with).
set -euo pipefail
cd "$(dirname "$0")/.."

python="${TRAY_PYTHON:-python3}"
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  echo "setup-python: $python cannot make virtual environments (on Debian: apt-get install python3-venv)" >&2
  exit 1
fi

# pip's cache stays inside the checkout too; pip's own version check is noise here.
export PIP_CACHE_DIR="$PWD/.venv/pip-cache" PIP_DISABLE_PIP_VERSION_CHECK=1

make_env() {
  local name="$1" requirements="testing/python/requirements-dask-$1.txt" dir=".venv/dask-$1"
  local stamp sum
  sum="$("$python" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$requirements")"
  stamp="$dir/requirements.sha256"
  if [ -x "$dir/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
    echo "setup-python: $dir is up to date"
    return
  fi
  rm -rf "$dir"
  "$python" -m venv "$dir"
  # Quiet, but keep pip's errors; drop only the warnings about find-links folders this machine lacks.
  "$dir/bin/pip" install -q -r "$requirements" 2>&1 | { grep -v "^WARNING: Location '.*' is ignored" || true; } >&2
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "setup-python: installing $requirements into $dir failed" >&2
    return 1
  fi
  echo "$sum" >"$stamp"
  echo "setup-python: $dir has $("$dir/bin/python" -c 'import covalent, distributed; print("covalent", covalent.__version__, "· distributed", distributed.__version__)' 2>/dev/null)"
}

names=("$@")
[ ${#names[@]} -eq 0 ] && names=(current oldest)
pids=()
for name in "${names[@]}"; do
  case "$name" in
    current | oldest) make_env "$name" & pids+=($!) ;;
    *) echo "setup-python: unknown environment $name (current or oldest)" >&2; exit 2 ;;
  esac
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
