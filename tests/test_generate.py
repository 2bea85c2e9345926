"Using a trained model: generation from StyleGAN2 and GigaGAN snapshots, the two command lines, the papermill notebook."
import json, os, re, subprocess, sys
from pathlib import Path
import numpy as np
import pytest, torch
from PIL import Image
from torch.testing import assert_close

ROOT = Path(__file__).resolve().parents[1]
A, B = 'a red circle on a blue background', 'a green star'

@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    "Two tiny trained runs (StyleGAN2, GigaGAN) on 16 px shapes with a tiny random CLIP: about a second each."
    from t2igan.testing import tiny_run as _tiny_run
    d = tmp_path_factory.mktemp('gen')
    return dict(stylegan2=_tiny_run(d), gigagan=_tiny_run(d, 'gigagan'))

@pytest.fixture(scope='module')
def gens(runs):
    from t2igan.generate import load_generator
    return {k: load_generator(v, 'cpu') for k, v in runs.items()}

def _cli(main, argv, capsys):
    "(exit status, stdout, stderr) of a command-line main."
    try: rc = main([str(a) for a in argv])
    except SystemExit as e: rc = e.code
    out = capsys.readouterr()
    return rc, out.out, out.err

@pytest.mark.parametrize('arch', ['stylegan2', 'gigagan'])
def test_generate_shapes_determinism_and_prompts(gens, arch):
    "Rows = prompts, columns = seeds; the same (prompt, seed) gives the same image; other prompts or seeds give other images."
    g = gens[arch]
    img = g.generate([A, B], '0-2')
    assert img.shape == (6, 3, 16, 16) and torch.isfinite(img).all()
    assert torch.equal(img, g.generate([A, B], [0, 1, 2]))
    assert_close(g.generate(B, [2], batch=1)[0], img[5], rtol=1e-5, atol=1e-5)
    assert (img[0] - img[3]).abs().max() > 1e-3 and (img[0] - img[1]).abs().max() > 1e-3

@pytest.mark.parametrize('arch', ['stylegan2', 'gigagan'])
def test_interpolation_ends_are_the_endpoint_images(gens, arch):
    "A strip has `steps` images; its ends are generate's images of the two prompts (or seeds)."
    g = gens[arch]
    s = g.interpolate((A, B), 4, steps=6)
    assert s.shape == (6, 3, 16, 16)
    assert_close(s[0], g.generate(A, 4)[0], rtol=1e-5, atol=1e-5); assert_close(s[-1], g.generate(B, 4)[0], rtol=1e-5, atol=1e-5)
    z = g.interpolate(A, (1, 9), steps=3)
    assert_close(z[0], g.generate(A, 1)[0], rtol=1e-5, atol=1e-5); assert_close(z[-1], g.generate(A, 9)[0], rtol=1e-5, atol=1e-5)

def test_cli_writes_pngs(runs, tmp_path, capsys):
    "The generate command line writes a grid, separate images and strips of the right sizes, and a generate.jsonl line."
    from t2igan.generate import main
    rc, out, _ = _cli(main, ['--snapshot', runs['stylegan2'], '--prompt', A, '--prompt', B, '--seeds', '0-3', '--trunc', '0.7',
                             '--interpolate', A, B, '--steps', '5', '--out', tmp_path/'grid', '--device', 'cpu'], capsys)
    paths = [Path(p) for p in out.split()]
    assert rc == 0 and [p.name for p in paths][0] == 'grid.png' and len(paths) == 2
    assert np.asarray(Image.open(paths[0])).shape == (2 * 16, 4 * 16, 3) and np.asarray(Image.open(paths[1])).shape == (4 * 16, 5 * 16, 3)
    rec = json.loads((tmp_path/'grid'/'generate.jsonl').read_text())
    assert rec['seeds'] == [0, 1, 2, 3] and rec['truncation_psi'] == 0.7 and rec['snapshot'].endswith('network-snapshot-000000.008.pt')
    (tmp_path/'caps.txt').write_text(f'{A}\n{B}\n')
    rc, out, _ = _cli(main, ['--snapshot', runs['gigagan']/'network-snapshot-000000.004.pt', '--captions', tmp_path/'caps.txt', '--seeds', '1,5',
                             '--separate', '--interpolate-seeds', '1', '5', '--steps', '3', '--out', tmp_path/'sep', '--device', 'cpu'], capsys)
    paths = [Path(p) for p in out.split()]
    assert rc == 0 and len(paths) == 5 and all(p.exists() for p in paths)
    assert paths[0].name == '000-a-red-circle-on-a-blue-background-seed1.png' and np.asarray(Image.open(paths[0])).shape == (16, 16, 3)
    assert paths[-1].name == 'interp-seed1-seed5.png' and np.asarray(Image.open(paths[-1])).shape == (2 * 16, 3 * 16, 3)

@pytest.mark.parametrize('argv,flag', [
    (['--snapshot', '{tmp}/nope', '--prompt', A], '--snapshot: '),
    (['--prompt', ''], '--prompt: prompt 0 is empty'),
    ([], '--prompt: expected at least one prompt'),
    (['--captions', '{tmp}/missing.txt'], '--captions: no file'),
    (['--prompt', A, '--seeds', '3-1'], '--seeds: '),
    (['--prompt', A, '--seeds', '0,x'], '--seeds: '),
    (['--prompt', A, '--trunc', '-0.5'], '--trunc: '),
    (['--interpolate', A, B, '--steps', '1'], '--steps: '),
    (['--prompt', A, '--interpolate-seeds', '2', '2'], '--interpolate-seeds: '),
    (['--prompt', A, '--out', '{tmp}/taken'], '--out: .*grid.png already exists'),
])
def test_cli_errors_name_the_flag(runs, tmp_path, capsys, argv, flag):
    "Each bad input exits with status 2 and names its flag before anything is written."
    from t2igan.generate import main
    (tmp_path/'taken').mkdir(); (tmp_path/'taken'/'grid.png').touch()
    argv = [a.format(tmp=tmp_path) for a in argv]
    full = ([] if '--snapshot' in argv else ['--snapshot', runs['stylegan2']]) + argv + ([] if '--out' in argv else ['--out', tmp_path/'o'])
    rc, _, err = _cli(main, full, capsys)
    assert rc == 2 and re.search(flag, err), err
    assert not (tmp_path/'o').exists() and (tmp_path/'taken'/'grid.png').stat().st_size == 0

def test_metrics_cli_appends_lines(runs, tmp_path, capsys, monkeypatch):
    "python -m t2igan.metrics appends one training-shaped line per metric to the run folder (or to --out)."
    from t2igan.metrics import main
    from t2igan.core import read_jsonl
    monkeypatch.setenv('T2IGAN_CACHE', str(tmp_path/'cache'))
    run = runs['gigagan']
    before = len(read_jsonl(run/'metric-fid8_full.jsonl')) if (run/'metric-fid8_full.jsonl').exists() else 0
    rc, out, _ = _cli(main, ['--snapshot', run, '--metrics', 'fid8_full,clip_score', '--num-gen', '8', '--device', 'cpu'], capsys)
    assert rc == 0 and 'fid8_full kimg 0.008' in out
    lines = read_jsonl(run/'metric-fid8_full.jsonl')
    assert len(lines) == before + 1
    l = lines[-1]
    assert set(l) == {'results', 'metric', 'kimg', 'snapshot', 'protocol', 'total_time', 'total_time_str', 'num_gpus', 'timestamp'}
    assert l['metric'] == 'fid8_full' and l['kimg'] == 0.008 and l['snapshot'] == 'network-snapshot-000000.008.pt' and l['results']['fid8_full'] > 0
    assert l['protocol']['num_gen'] == 8 and l['protocol']['num_real'] == 8 and l['protocol']['extractor'] == 'domain-clip'
    assert set(read_jsonl(run/'metric-clip_score.jsonl')[-1]['results']) == {'clip_score'}
    rc, _, _ = _cli(main, ['--snapshot', run, '--metrics', 'clip_score', '--num-gen', '8', '--out', tmp_path/'m.jsonl', '--device', 'cpu'], capsys)
    assert rc == 0 and read_jsonl(tmp_path/'m.jsonl')[0]['metric'] == 'clip_score'
    rc, _, err = _cli(main, ['--snapshot', run, '--metrics', 'fid8_ful'], capsys)
    assert rc == 2 and "--metrics: metric name 'fid8_ful' is not valid" in err

def test_module_entry_points(runs, tmp_path):
    "`python -m t2igan.generate` runs as a module (and fails with the flag named, status 2)."
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}
    r = subprocess.run([sys.executable, '-m', 't2igan.generate', '--snapshot', str(runs['stylegan2']), '--prompt', A, '--seeds', '0-1',
                        '--out', str(tmp_path/'o'), '--device', 'cpu'], capture_output=True, text=True, cwd=ROOT, env=env)
    assert r.returncode == 0, r.stderr
    assert np.asarray(Image.open(tmp_path/'o'/'grid.png')).shape == (16, 32, 3)
    r = subprocess.run([sys.executable, '-m', 't2igan.metrics', '--snapshot', str(tmp_path/'nope'), '--metrics', 'clip_score'],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert r.returncode == 2 and '--snapshot: ' in r.stderr

def test_generate_notebook_papermill(runs, tmp_path):
    "nbs/generate.ipynb runs under papermill with its parameters and writes (and shows) the grid."
    import papermill as pm
    out = tmp_path/'nb'
    nb = pm.execute_notebook(str(ROOT/'nbs'/'generate.ipynb'), str(tmp_path/'generate.ipynb'), kernel_name='python3', progress_bar=False,
                             parameters=dict(snapshot=str(runs['gigagan']), prompts=[A, B], seeds='0-2', out_dir=str(out), device='cpu',
                                             interpolate=[A, B], steps=4))
    assert np.asarray(Image.open(out/'grid.png')).shape == (2 * 16, 3 * 16, 3) and (out/f'interp-a-red-circle-on-a-blue-backgro--a-green-star.png').exists()
    shown = [o for c in nb.cells if c.cell_type == 'code' for o in c.get('outputs', []) if 'image/png' in o.get('data', {})]
    assert len(shown) == 2
