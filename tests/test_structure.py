"The shape of the code: small files and functions, and a training loop that never asks which architecture it trains."
import ast
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(p for p in (ROOT/'t2igan').glob('*.py') if not p.name.startswith('_'))

def _functions(p):
    return [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(ast.parse(p.read_text())) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

def test_files_and_functions_are_small():
    "No module over 650 lines (the target is about 600), no function over 60."
    big = {p.name: n for p in MODULES if (n := len(p.read_text().splitlines())) > 650}
    assert not big, big
    long = {f"{p.name}:{name}": n for p in MODULES for name, n in _functions(p) if n > 60}
    assert not long, long

def test_the_loop_has_no_architecture_branch():
    "t2igan.training imports no architecture module and compares no architecture name: it goes through t2igan.arch."
    tree = ast.parse((ROOT/'t2igan'/'training.py').read_text())
    mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | \
           {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    arch_mods = {f't2igan.{p.stem}' for p in MODULES if p.stem.endswith('_arch')} | {'t2igan.stylegan2', 't2igan.gigagan', 't2igan.gigagan_parts'}
    assert not mods & arch_mods, mods & arch_mods
    names = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not names & {'stylegan2', 'gigagan'}, names & {'stylegan2', 'gigagan'}

def test_every_architecture_is_one_module():
    from t2igan.arch import arch_names, get_arch, Architecture
    assert set(arch_names()) == {p.stem[:-5] for p in MODULES if p.stem.endswith('_arch')} >= {'stylegan2', 'gigagan'}
    assert all(issubclass(get_arch(a), Architecture) for a in arch_names())
