#!/usr/bin/env bash
# Run THERE (the GPU machine of the device tool), from the repository root, with .whl carried:
#   run(command="bash benchmarks/device/session.sh cuda-tests", carry=[".whl"])
#   run(command="bash benchmarks/device/session.sh bench train --only '/256px/'", carry=[".whl"])
# Steps (one per call: a call may last 10 minutes):
#   cuda-tests          build the CUDA ops, then run every notebook's cells including the `cuda`-flagged ones
#   bench SUITE [ARGS]  python -m t2igan.bench SUITE ARGS (full sizes on the GPU; leave --out at its default)
# Logs and the result files this step wrote or changed (benchmarks/results/*.json) are copied to $OUT, so they
# come back; commit the JSON files.
set -uo pipefail
step=${1:?usage: session.sh cuda-tests | bench SUITE [ARGS...]}; shift
OUT=${OUT:-/tmp/t2igan-out}; mkdir -p "$OUT"
[ -d .whl ] && ls .whl/*.whl >/dev/null 2>&1 || {
  echo "session.sh: no wheels in .whl/: run 'bash benchmarks/device/fetch_wheels.sh' on the development machine and carry .whl" >&2; exit 2; }
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name())" | tee -a "$OUT/gpu.txt"
case "$step" in
  cuda-tests)
    python3 -m t2igan.ops 2>&1 | tee "$OUT/ops-build.log"; ops_rc=$?
    python3 - "$OUT" <<'PY' 2>&1 | tee "$OUT/cuda-tests.log"
import sys, time
from pathlib import Path
from nbdev.test import test_nb
nbs = sorted(p for p in Path('nbs').glob('*.ipynb') if '#| cuda' in p.read_text())
failed = []
for nb in nbs:   # every cell except notest / slow: the cuda cells run here
    t0 = time.time(); ok, _ = test_nb(str(nb), skip_flags=['notest', 'slow'])
    print(f"{'ok  ' if ok else 'FAIL'} {nb} ({time.time() - t0:.0f} s)", flush=True)
    if not ok: failed.append(str(nb))
print(f"{len(nbs) - len(failed)} of {len(nbs)} notebooks with cuda cells passed" + (f"; failed: {failed}" if failed else ''))
sys.exit(1 if failed else 0)
PY
    rc=$?; [ $ops_rc -eq 0 ] || { echo "session.sh: python -m t2igan.ops failed (exit $ops_rc)" >&2; rc=1; };;
  bench)
    before=$(md5sum benchmarks/results/*.json 2>/dev/null)
    python3 -m t2igan.bench "$@" 2>&1 | tee "$OUT/bench-${1:-none}.log"; rc=$?
    for f in benchmarks/results/*.json; do   # the files this step wrote or changed (8 files come back at most)
      [ -f "$f" ] || continue
      grep -qxF "$(md5sum "$f")" <<<"$before" || cp "$f" "$OUT"/
    done;;
  *) echo "session.sh: unknown step '$step' (expected cuda-tests or bench)" >&2; rc=2;;
esac
exit $rc
