"`python -m t2igan.run` and plain papermill: run folders are never overwritten, notebook and folder name each other, Ctrl-C ends in one line, progress on the terminal."
import json, os, subprocess, sys
from pathlib import Path
import pytest
import nbformat

ROOT = Path(__file__).resolve().parents[1]
from t2igan import run as R
from t2igan.core import append_jsonl, stats_record, metric_record

# a tiny network on the CPU (as tests/test_training.py): a few seconds of training
TINY = dict(cbase=256, cmax=32, z_dim=32, w_dim=32, map_depth=2, batch=8, grid_size=2, device='cpu', ema_kimg=0.01,
            metric_gen=128, tensorboard=False)

@pytest.fixture(scope='session')
def shapes():
    "The small captioned-shapes dataset of tests/test_training.py (cached under ~/.cache/t2igan)."
    from t2igan.shapes import ensure_shapes_dataset, DomainClipConfig
    clip = DomainClipConfig(count=2000, steps=30, batch_size=64, width=32, embed_dim=32, layers=1, eval_count=200, vision='vit', hard_negatives=0)
    return str(ensure_shapes_dataset(resolution=32, count=1200, val_count=256, clip=clip, progress=False))

def _fake(stop=None, snapshot=True):
    "A stand-in for papermill.execute_notebook: writes the output first (as papermill does), then 'trains' one tick."
    calls = []
    def execute(nb, out, parameters, **kw):
        calls.append(dict(kw, parameters=parameters)); nbformat.write(nbformat.v4.new_notebook(), out)
        d = Path(parameters['run_dir']); (d/'config.json').write_text('{}')
        append_jsonl(d/'stats.jsonl', stats_record({'Progress/kimg': dict(num=1, mean=0.5)}))
        if snapshot: (d/'network-snapshot-000000.500.pt').write_bytes(b'')
        if stop is not None: raise stop
    execute.calls = calls
    return execute

def _main(capsys, argv, execute):
    rc = R.main(argv, execute=execute); o = capsys.readouterr()
    return rc, o.out, o.err

# ---------------------------------------------------------------- A: a finished run's notebook is never overwritten

def test_by_hand_twice_refused(tmp_path, capsys):
    "The README's by-hand command run twice: the second is refused in one line before papermill writes anything."
    argv = ['-p', 'run_dir', str(tmp_path/'mask02'), '-p', 'clip_mask', '0.2', '--notebook', str(ROOT/'nbs'/'train.ipynb')]
    ex = _fake()
    assert _main(capsys, argv, ex)[0] == 0
    nb = tmp_path/'mask02'/'train.ipynb'; before = nb.read_bytes()
    rc, out, err = _main(capsys, argv, ex)
    assert rc == 2 and len(ex.calls) == 1 and nb.read_bytes() == before
    assert err == (f"error: run_dir: {tmp_path/'mask02'} already holds a run (train.ipynb, config.json, notebook.txt); choose a new "
                   f"folder, or continue that run with: python -m t2igan.run -p resume {tmp_path/'mask02'}\n")

def test_two_runs_into_one_folder(tmp_path):
    "Two runs started into one folder at once: the second is refused even before the first has written anything."
    refused = []
    def first(nb, out, parameters, **kw):
        with pytest.raises(FileExistsError, match='already holds a run'):
            R.run_notebook({'run_dir': parameters['run_dir']}, ROOT/'nbs'/'train.ipynb', progress=False, execute=_fake())
        refused.append(True); nbformat.write(nbformat.v4.new_notebook(), out)
    R.run_notebook({'run_dir': str(tmp_path/'x')}, ROOT/'nbs'/'train.ipynb', progress=False, execute=first)
    assert refused == [True]

# ---------------------------------------------------------------- C: Ctrl-C and errors end in one line

def test_ctrl_c_one_line(tmp_path, capsys):
    argv = ['-p', 'outdir', str(tmp_path), '-p', 'desc', 'x', '--notebook', str(ROOT/'nbs'/'train.ipynb')]
    rc, out, err = _main(capsys, argv, _fake(KeyboardInterrupt()))
    run = tmp_path/'00000-x'
    assert rc == 130 and err == (f"interrupted at kimg 0.500; saved: {run/'network-snapshot-000000.500.pt'}; "
                                 f"resume with: python -m t2igan.run -p resume {run} -p outdir {tmp_path}\n")
    assert 'Traceback' not in out + err and out.count('\n') == 2      # the start line and the tick
    rc, out, err = _main(capsys, argv, _fake(KeyboardInterrupt(), snapshot=False))
    assert rc == 130 and err == (f"interrupted at kimg 0.500; no snapshot was saved in {tmp_path/'00001-x'}, so there is nothing to "
                                 f"resume; start again with: python -m t2igan.run -p outdir {tmp_path} -p desc x\n")

def test_cell_error_one_line(tmp_path, capsys):
    import papermill as pm
    err_ = pm.PapermillExecutionError(5, 5, 'launch(cfg)', 'RuntimeError', 'Loss/G/loss is NaN at kimg 0.5', ['...'])
    rc, out, err = _main(capsys, ['-p', 'outdir', str(tmp_path), '--notebook', str(ROOT/'nbs'/'train.ipynb')], _fake(err_))
    run = next(tmp_path.iterdir())
    assert rc == 1 and err.count('\n') == 1 and err.startswith(
        f"failed (RuntimeError: Loss/G/loss is NaN at kimg 0.5; the traceback is in {run/'train.ipynb'}) at kimg 0.500; saved: ")

# ---------------------------------------------------------------- D: progress lines, the kernel's log

def test_progress_lines(tmp_path):
    import io
    pp = R.ProgressPrinter(tmp_path, kimg=6.0, file=io.StringIO())
    append_jsonl(tmp_path/'stats.jsonl', stats_record({'Progress/kimg': dict(num=1, mean=2.0), 'Timing/sec_per_kimg': dict(num=1, mean=40.0),
                                                       'Loss/G/loss': dict(num=1, mean=1.0), 'Loss/D/loss': dict(num=1, mean=0.5)}))
    append_jsonl(tmp_path/'metric-fid1k_full.jsonl', metric_record('fid1k_full', {'fid1k_full': 0.47}, 2.0, 's.pt', {}, 1.0))
    append_jsonl(tmp_path/'stats.jsonl', stats_record({'Progress/kimg': dict(num=1, mean=2.5), 'Timing/sec_per_kimg': dict(num=1, mean=40.0)}))
    assert pp.poll() == ['kimg 2.000/6  40.0 s/kimg  left ~2m 40s  G 1.000  D 0.500', 'metric at kimg 2.000: fid1k_full 0.47',
                         'kimg 2.500/6  40.0 s/kimg  left ~2m 20s  G nan  D nan  fid1k_full 0.47 (kimg 2.000)']

def test_run_cli_end_to_end(shapes, tmp_path):
    """`python -m t2igan.run` for real: progress lines instead of papermill's cell counter, no kernel warning on the terminal,
    notebook.txt and the notebook's metadata name each other."""
    args = dict(TINY, data=shapes, outdir=str(tmp_path/'runs'), kimg=0.032, tick_kimg=0.016, snap=2, metrics='fid256_full')
    argv = [x for k, v in args.items() for x in ('-p', k, json.dumps(v) if not isinstance(v, str) else v)]
    p = subprocess.run([sys.executable, '-m', 't2igan.run', *argv], capture_output=True, text=True, cwd=ROOT,
                       env=dict(os.environ, OMP_NUM_THREADS='1'), timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert 'without encryption' not in p.stderr + p.stdout and 'Executing' not in p.stderr
    ticks = [l for l in p.stdout.splitlines() if l.startswith('kimg ')]
    assert len(ticks) == 3 and ticks[-1].startswith('kimg 0.032/0.032') and 's/kimg' in ticks[-1] and 'fid256_full' in ticks[-1]
    assert 'metric at kimg 0.032: fid256_full ' in p.stdout
    run = next((tmp_path/'runs').iterdir()); nb = run/'train.ipynb'
    assert (run/'notebook.txt').read_text() == f"{nb.resolve()}\n" and (run/'kernel.log').is_file()
    meta = nbformat.read(nb, as_version=4).metadata
    assert meta.t2igan.run_dir == str(run.resolve()) and meta.papermill.parameters.run_dir == str(run.resolve())

# ---------------------------------------------------------------- B: plain papermill links both ways

def test_plain_papermill_links_both_ways(shapes, tmp_path):
    "`papermill nbs/train.ipynb out.ipynb -p ...`: the notebook makes its run folder, prints it, and the folder records the notebook."
    args = dict(TINY, data=shapes, outdir=str(tmp_path/'runs'), kimg=0.016, tick_kimg=0.016, snap=1, metrics='')
    argv = [x for k, v in args.items() for x in ('-p', k, repr(v) if isinstance(v, bool) else str(v))]
    p = subprocess.run([sys.executable, '-m', 'papermill', str(ROOT/'nbs'/'train.ipynb'), 'out.ipynb', *argv, '--no-progress-bar'],
                       capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ, OMP_NUM_THREADS='1', PWD=str(tmp_path)), timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    run = next((tmp_path/'runs').iterdir())
    assert (run/'notebook.txt').read_text() == f"{(tmp_path/'out.ipynb').resolve()}\n"
    outs = [o for c in nbformat.read(tmp_path/'out.ipynb', as_version=4).cells for o in c.get('outputs', [])]
    shown = [o for o in outs if o.get('metadata', {}).get('t2igan')]
    assert len(shown) == 1 and shown[0].metadata.t2igan.run_dir == str(run.resolve())
    assert shown[0].data['text/plain'] == f"run folder: {run.resolve()}"
    assert any(o.get('text', '').startswith(f"executed notebook: {(tmp_path/'out.ipynb').resolve()}") for o in outs)
