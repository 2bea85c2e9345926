"The repository is in the state its habits promise: clean notebooks, exported package in sync, jupytext pairs in sync."
import shutil, subprocess, sys, filecmp
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

def _copy_project(tmp):
    for name in ('pyproject.toml', 'README.md'):
        if (ROOT/name).exists(): shutil.copy(ROOT/name, tmp/name)
    shutil.copytree(ROOT/'nbs', tmp/'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
    shutil.copytree(ROOT/'t2igan', tmp/'t2igan', ignore=shutil.ignore_patterns('__pycache__', '_build'))
    return tmp

def _diff_tree(a, b, pattern):
    "Files matching `pattern` that differ between trees `a` and `b` (or exist in one only)."
    fa = {p.relative_to(a) for p in a.rglob(pattern) if '__pycache__' not in p.parts}
    fb = {p.relative_to(b) for p in b.rglob(pattern) if '__pycache__' not in p.parts}
    return sorted(str(p) for p in fa ^ fb) + sorted(str(p) for p in fa & fb if not filecmp.cmp(a/p, b/p, shallow=False))

def test_notebooks_are_clean(tmp_path):
    "`nbdev-clean` would not change any notebook in nbs/ (no outputs, no stray metadata)."
    tmp = _copy_project(tmp_path)
    subprocess.run([str(BIN/'nbdev-clean')], cwd=tmp, check=True, capture_output=True)
    changed = _diff_tree(ROOT/'nbs', tmp/'nbs', '*.ipynb')
    assert not changed, f"run `nbdev-clean`: these notebooks are not clean: {changed}"

def test_export_in_sync(tmp_path):
    "`nbdev-export` would not change the package t2igan/."
    tmp = _copy_project(tmp_path)
    subprocess.run([str(BIN/'nbdev-export')], cwd=tmp, check=True, capture_output=True)
    changed = _diff_tree(ROOT/'t2igan', tmp/'t2igan', '*.py')
    assert not changed, f"run `nbdev-export`: t2igan/ is out of sync with nbs/ for {changed}"

PAIRS = sorted(p for p in [*(ROOT/'nbs').glob('*.ipynb'), *(ROOT/'reports').glob('*.ipynb')] if p.with_suffix('.py').exists())

@pytest.mark.parametrize('nb', PAIRS, ids=[p.name for p in PAIRS])
def test_jupytext_pair_in_sync(nb, tmp_path):
    "A paired notebook and its percent-format .py hold the same cells."
    import jupytext
    a, b = jupytext.read(nb), jupytext.read(nb.with_suffix('.py'))
    src = lambda n: [(c.cell_type, c.source.strip()) for c in n.cells]
    assert src(a) == src(b), f"{nb.name} and {nb.with_suffix('.py').name} differ: run `jupytext --sync {nb.relative_to(ROOT)}`"
