"The CUDA extensions of t2igan.ops compile here through the real build path (no GPU needed), and a new process reuses the cache."
import subprocess, sys, time
from pathlib import Path
import pytest
from t2igan.ops import EXTENSIONS, build_extension, build_plan, find_cuda_home

pytestmark = pytest.mark.skipif(find_cuda_home() is None, reason="no CUDA toolkit (nvcc, include/cuda_runtime.h) found: the kernels cannot be compiled here")

@pytest.fixture(scope='module')
def built(tmp_path_factory):
    "Compile both extensions into a fresh cache folder: {name: (ops namespace, seconds)}."
    cache, res = tmp_path_factory.mktemp('t2igan_ops_cache'), {}
    for name in EXTENSIONS:
        t0 = time.perf_counter(); ops = build_extension(name, cache_dir=cache); res[name] = ops, time.perf_counter() - t0
        print(f"{name}: compiled in {res[name][1]:.1f} s")
    return cache, res

def test_extensions_compile(built):
    cache, res = built
    for name, (ops, secs) in res.items():
        assert hasattr(ops, name), f"the library of {name} registered no op {name!r}"
        folder = Path(build_plan(name, cache)['folder'])
        assert folder.parent == cache and folder.name.startswith(f'{name}-') and len(list(folder.glob('*.so'))) == 1
        assert build_extension(name, cache_dir=cache) is ops # loaded once per process

def test_cache_reused_by_a_new_process(built):
    cache, _ = built
    before = {p: p.stat().st_mtime_ns for p in cache.rglob('*.so')}
    code = ("import sys, time; from t2igan.ops import EXTENSIONS, build_extension; t = time.perf_counter(); "
            "[build_extension(n, cache_dir=sys.argv[1]) for n in EXTENSIONS]; print(time.perf_counter() - t)")
    r = subprocess.run([sys.executable, '-c', code, str(cache)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert float(r.stdout.split()[-1]) < 15, f"a cached build took {r.stdout.split()[-1]} s (recompiled?)"
    assert len(before) == len(EXTENSIONS) and {p: p.stat().st_mtime_ns for p in cache.rglob('*.so')} == before # same binaries
    assert sorted(p.name for p in cache.iterdir()) == sorted(Path(build_plan(n, cache)['folder']).name for n in EXTENSIONS)
