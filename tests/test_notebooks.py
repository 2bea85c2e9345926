"Every notebook in nbs/ runs through nbdev's own runner, honouring `tst_flags`: one pytest test per notebook."
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_nb

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    flags = get_config(ROOT).tst_flags
    flags = flags.split() if isinstance(flags, str) else list(flags)
    ok, secs = run_nb(nb, skip_flags=flags, basepath=ROOT, showerr=True)
    assert ok, f"{nb.name} failed (traceback above)"
