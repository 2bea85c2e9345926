"The README says what the code does: its demo table is the committed record of `make demo`, and its commands name real targets, modules and parameters."
import json, re, shlex
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT/'README.md').read_text()

def _code_lines():
    "Every line of the README's bash code blocks (comments stripped)."
    blocks = re.findall(r'```bash\n(.*?)```', README, re.S)
    return [l.split(' #')[0].strip() for b in blocks for l in b.replace('\\\n', ' ').splitlines() if l.strip() and not l.strip().startswith('#')]

def test_demo_table_is_the_record():
    "The demo's metric table in the README equals the committed metric lines of `make demo` (rounded to 3 decimals)."
    kimg = re.search(r'^\| kimg \|(.*)\|$', README, re.M).group(1)
    for metric in ('fid1k_full', 'rprec1k'):
        recs = [json.loads(l) for l in (ROOT/f'reports/figures/readme/demo_metric-{metric}.jsonl').read_text().splitlines() if l.strip()]
        row = re.search(rf'^\| {metric} \|(.*)\|$', README, re.M).group(1)
        assert [float(x) for x in kimg.split('|')] == [r['kimg'] for r in recs], metric
        assert [x.strip() for x in row.split('|')] == [f"{r['results'][metric]:.3f}" for r in recs], metric

def test_ablation_verdicts_are_the_record():
    "The README's ablation-demo verdict lines are those of the committed report (`verdicts.csv` of `make ablation-demo`)."
    import pandas as pd
    lines = [l for l in pd.read_csv(ROOT/'reports/figures/readme/ablation_demo_verdicts.csv')['line'].dropna() if str(l).strip()]
    assert lines and all(f"- {l}\n" in README for l in lines), lines

def test_ablation_tables_are_the_record():
    "The README's ablation-demo tables (final snapshot per arm, and per snapshot) are the committed `seeds.csv` of `make ablation-demo`, to 3 decimals."
    import pandas as pd
    d = pd.read_csv(ROOT/'reports/figures/readme/ablation_demo_seeds.csv')
    cell = lambda r: f"{r['mean']:.3f} ± {r['half']:.3f}"
    sec = README[README.index('### The miniature ablation'):]
    last = d[d.kimg == d.kimg.max()]
    for _, r in last.iterrows():
        diff = '' if pd.isna(r['diff']) else f"{r['diff']:.3f} [{r['diff_lo']:.3f}, {r['diff_hi']:.3f}]"
        assert f"| {r['arm']} | {r['kimg']:g} | {int(r['n'])} | {cell(r)} | {diff} | {r['verdict']} |" in sec, r['arm']
    arms = list(dict.fromkeys(d.arm))
    assert f"| kimg | {' | '.join(arms)} |" in sec
    for k, g in d.groupby('kimg'):
        g = g.set_index('arm')
        assert f"| {k:g} | " + ' | '.join(cell(g.loc[a]) for a in arms) + ' |' in sec, k

def test_images_exist():
    "Every image the README shows (Markdown or <img>) is a committed file."
    paths = re.findall(r'!\[[^\]]*\]\(([^)\s]+)\)', README) + re.findall(r'<img src="([^"]+)"', README)
    assert len(paths) >= 4 and [p for p in paths if not (ROOT/p).is_file()] == [], paths

def test_make_targets_exist():
    "Every `make X` in the README is a target of the Makefile."
    targets = set(re.findall(r'^([a-z][\w-]*):', (ROOT/'Makefile').read_text(), re.M))
    used = set(re.findall(r'`make ([a-z][\w-]*)`', README)) | {l.split()[1] for l in _code_lines() if l.startswith('make ')}
    assert used and used <= targets, used - targets

def test_python_m_commands_parse():
    "Every `python -m t2igan.X -p name value ...` in the README names a module with a main and valid train.ipynb parameters."
    import importlib
    from t2igan.training import TrainConfig
    names = set(TrainConfig.flat_names())
    cmds = [l[l.index('python -m t2igan.'):] for l in _code_lines() if 'python -m t2igan.' in l]
    assert cmds
    for cmd in cmds:
        argv = shlex.split(cmd.split('&&')[0])
        mod = importlib.import_module(argv[2])
        assert hasattr(mod, 'main'), argv[2]
        for i, a in enumerate(argv):
            if a == '-p' and argv[2] in ('t2igan.run', 't2igan.training', 't2igan.sweep'):
                assert argv[i + 1] in names, f"{cmd}: unknown parameter {argv[i + 1]!r}"

def test_nbdev_test_commands_use_the_positional_path():
    "nbdev 3 rejects `nbdev-test --path`; the README uses the positional form."
    assert 'nbdev-test --path' not in README
