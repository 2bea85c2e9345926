"""Execute notebooks in place and keep their outputs (the committed figures), as `make outputs` does.

    python tools/execute_nbs.py [--run-slow] nbs/02_stylegan2.ipynb [more.ipynb ...]

Cells flagged `#| cuda`, `#| slow` or `#| notest` (nbdev's tst_flags) or marked `#| eval: false` (nbdev never runs
them either) are not run and keep no output, so a CPU
machine refreshes every figure the tests re-execute. Progress-bar widgets (and their saved state) are dropped. Afterwards run `nbdev-clean` (it drops execution counts and
keeps outputs). A notebook whose run fails is left as it was. `--run-slow` runs the `#| slow` cells too (minutes
each: a slow cell's figure is only committed when it was made from today's code and cache).
"""
import re, sys, nbformat
from pathlib import Path
from nbclient import NotebookClient

FLAGS = ('cuda', 'slow', 'notest', r'eval:\s*false')   # nbdev's tst_flags, and the cells nbdev never runs

def _skip_pattern(flags) -> re.Pattern: return re.compile(rf"^#\|\s*({'|'.join(flags)})\s*$", re.I)
WIDGET = 'application/vnd.jupyter.widget-view+json'

def execute(path:Path, timeout:int=900, run_slow:bool=False) -> list:
    skip = _skip_pattern([f for f in FLAGS if not (run_slow and f == 'slow')])
    nb = nbformat.read(path, as_version=4)
    skipped = {i: c.source for i, c in enumerate(nb.cells)
               if c.cell_type == 'code' and any(skip.match(l.strip()) for l in c.source.splitlines())}
    for i in skipped: nb.cells[i].source = ''
    NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}}).execute()
    for i, src in skipped.items(): nb.cells[i].source, nb.cells[i].outputs, nb.cells[i].execution_count = src, [], None
    nb.metadata.pop('widgets', None)        # tqdm's widget state: ~100 KB per training notebook, no figure
    for c in nb.cells:
        if c.cell_type == 'code': c.outputs = [o for o in c.outputs if WIDGET not in o.get('data', {})]
    nbformat.write(nb, path)
    return sorted(skipped)

if __name__ == '__main__':
    if len(sys.argv) < 2: sys.exit(__doc__)
    run_slow = '--run-slow' in sys.argv[1:]
    paths = [Path(a) for a in sys.argv[1:] if a != '--run-slow']
    bad = [str(p) for p in paths if p.suffix != '.ipynb' or not p.is_file()]
    if bad: sys.exit(f"error: expected existing .ipynb files, got {', '.join(bad)}")
    for p in paths:
        print(f"{p}: executed, cells not run (flagged): {execute(p, run_slow=run_slow)}", flush=True)
