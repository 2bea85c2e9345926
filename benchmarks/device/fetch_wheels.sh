#!/usr/bin/env bash
# Run HERE (the development machine, with network), from the repository root, before a device session:
#   bash benchmarks/device/fetch_wheels.sh
# Downloads the wheels of benchmarks/device/wheels.txt for the GPU machine's Python 3.12 into .whl/ (ignored by
# git through .git/info/exclude), which the device calls then carry: run(..., carry=[".whl"]).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo '/.whl/' >> .git/info/exclude
mkdir -p .whl
specs=$(grep -v '^#' benchmarks/device/wheels.txt | grep -v '^\s*$')
PY=${PYTHON:-python3}
$PY -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d .whl $specs
n=$(ls .whl/*.whl | wc -l); want=$(echo "$specs" | wc -l)
[ "$n" -eq "$want" ] || { echo "fetch_wheels: expected $want wheels in .whl, found $n (remove stale ones)" >&2; exit 1; }
echo "fetch_wheels: $n wheels, $(du -sh .whl | cut -f1) in .whl/ (carry it: run(..., carry=[\".whl\"]))"
