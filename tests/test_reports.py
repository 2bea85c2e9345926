"Reports end to end: run folders -> tables (values checked), the seed's numbers exactly, similarity, and a real papermill sweep."
import glob, json, math, os, re, subprocess, sys, warnings
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT/'data'/'reference'
SEED_NOTES = sorted(glob.glob(str(ROOT.parent/'shared'/'seeds'/'000_*.txt')))
pd = pytest.importorskip('pandas')
pm = pytest.importorskip('papermill')
import torch
from t2igan.core import append_jsonl, metric_record
from t2igan import reports as R, stats as S
from t2igan.contrastive import cosine_matrix, pair_means

def _papermill(nb, out, **params):
    "Execute a report notebook with the python3 kernel, from reports/ (as Jupyter would)."
    pm.execute_notebook(str(ROOT/'reports'/nb), str(out), parameters=params, kernel_name='python3', cwd=str(ROOT/'reports'), progress_bar=False)

def _run(root, name, values, kimg_step=50, protocol=None, metric='fid50k_full'):
    d = Path(root)/name; d.mkdir(parents=True)
    (d/'config.json').write_text(json.dumps(dict(params=dict(clip_mask=0.2), env={})))
    for i, v in enumerate(values):
        append_jsonl(d/f'metric-{metric}.jsonl', metric_record(metric, {metric: v}, (i + 1)*kimg_step, None,
                                                               protocol or dict(extractor='domain-clip', num_gen=500), 2.0))
    return d

# ---------------------------------------------------------------- run folders -> tables

def test_ablation_values_partial_missing(tmp_path):
    a = _run(tmp_path, '00000-base', [300.0, 100.0, 50.0, 40.0])
    b = _run(tmp_path, '00001-mask', [280.0, 90.0, 40.0, 42.0])
    c = _run(tmp_path, '00002-short', [250.0, 80.0])                  # partial: stopped after two snapshots
    (tmp_path/'00003-empty').mkdir(); (tmp_path/'00003-empty'/'metric-fid50k_full.jsonl').write_text('')
    with pytest.warns(UserWarning) as rec:
        r = R.ablation_report({'base': a, 'mask': b, 'short': c, 'empty': tmp_path/'00003-empty'}, out_dir=tmp_path/'rep')
    text = ' '.join(str(w.message) for w in rec)
    assert 'empty' in text and 'no metric lines' in text and "['short']" in text
    t, s = r.table, r.summary
    assert list(t.index) == [50, 100, 150, 200] and list(t.columns) == ['base', 'mask', 'short', 'empty']
    assert t['short'].isna().tolist() == [False, False, True, True] and t['empty'].isna().all()
    assert s.loc['mask', 'final'] == 42.0 and s.loc['mask', 'best'] == 40.0 and s.loc['mask', 'best_at'] == 150
    assert s.loc['mask', 'd_final'] == 2.0 and s.loc['mask', 'd_final_pct'] == pytest.approx(5.0)
    assert s.loc['mask', 'd_best'] == 0.0 and s.loc['base', 'best'] == 40.0
    assert s.loc['short', 'status'] == 'partial' and s.loc['short', 'final_at'] == 100 and s.loc['short', 'd_final_pct'] == pytest.approx(100*(80 - 40)/40)
    assert s.loc['empty', 'status'] == 'missing' and r.runs.missing[0]['arm'] == 'empty' and r.runs.partial == ['short']
    md = (tmp_path/'rep'/'report.md').read_text()
    assert '**missing** `empty`' in md and '**partial** `short`: 2 of 4 snapshots' in md and '| 200 | 40.00 | 42.00 |  |  |' in md
    assert pd.read_csv(tmp_path/'rep'/'summary.csv', index_col='arm').loc['mask', 'd_final'] == 2.0

def test_protocol_mismatch_refused(tmp_path):
    a = _run(tmp_path, '00000-a', [30.0])
    b = _run(tmp_path, '00001-b', [20.0], protocol=dict(extractor='domain-clip', num_gen=2000))
    with pytest.raises(ValueError, match=r"'num_gen' differs between run 'a' \(.*00000-a\): 500 and run 'b' \(.*00001-b\): 2000"):
        R.load_runs({'a': a, 'b': b})
    with pytest.warns(UserWarning, match='compared anyway'):
        assert R.load_runs({'a': a, 'b': b}, allow_protocol_mismatch=True).table().loc[50, 'b'] == 20.0

# ---------------------------------------------------------------- the seed's numbers

def _seed_blocks(text):
    "The notes' FID code blocks in order, each as (the label line under it, [values])."
    lines, out, i = text.splitlines(), [], 0
    num = re.compile(r'^\s*(\{"fid50k_full":\s*)?(\d+\.\d+)\}?,?\s*$')
    while i < len(lines):
        if lines[i].strip().startswith('```'):
            j = i + 1
            while not lines[j].strip().startswith('```'): j += 1
            body = [b for b in lines[i + 1:j] if b.strip()]
            k = j + 1
            while k < len(lines) and not lines[k].strip(): k += 1
            if body and all(num.match(b) for b in body): out.append((lines[k].strip(), [float(num.match(b).group(2)) for b in body]))
            i = j + 1
        else: i += 1
    return out

@pytest.mark.skipif(not SEED_NOTES, reason='seed notes (../shared/seeds/000_*.txt) not available')
def test_reference_matches_seed_notes():
    ref = json.loads((REF/'seed_ablation_fid.json').read_text())
    blocks = _seed_blocks(Path(SEED_NOTES[0]).read_text())
    arms = [(e['experiment'], label, arm) for e in ref['experiments'] for label, arm in e['arms'].items()]
    assert len(blocks) == len(arms) == 23
    for (note_label, note), (exp, label, arm) in zip(blocks, arms):    # every arm shows exactly the notes' values
        assert note_label.lower().startswith(label.lower()), (exp, label, note_label)
        assert R.seed_experiment_table(ref, exp)[label].dropna().tolist() == note, (exp, label)
    cos = json.loads((REF/'seed_text_cosine_matrix.json').read_text())
    text = Path(SEED_NOTES[0]).read_text()
    rows = [[float(x) for x in l.split()] for l in text.splitlines() if re.fullmatch(r'(\s*\d\.\d\d){16}\s*', l)]
    assert rows == cos['matrix'] and len(rows) == 16
    stats = dict(re.findall(r'^(\w+ img:\w+ \w+ pair) : ([\d.]+)', text, re.M))
    assert {k.replace('res ', 'resnet '): float(v) for k, v in stats.items()} == cos['clip_pair_statistics']

def test_seed_results_notebook(tmp_path):
    "One papermill run: every experiment's CSV equals the reference exactly; the heatmap shows the recorded matrix."
    out = tmp_path/'seed'
    _papermill('seed_results.ipynb', tmp_path/'seed_results.ipynb', out_dir=str(out))
    ref = json.loads((REF/'seed_ablation_fid.json').read_text())
    slug = lambda s: re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')
    n = 0
    for e in ref['experiments']:
        if not e['arms']: continue
        t = pd.read_csv(out/f"{slug(e['experiment'])}.csv", index_col='snapshot')
        assert list(t.columns) == list(e['arms']) and t.index[0] == 1
        for label, arm in e['arms'].items():
            run, k = (arm['run'], arm['snapshots']) if isinstance(arm, dict) else (arm, None)
            assert t[label].dropna().tolist() == ref['runs'][run]['fid50k_full'][:k]; n += 1
    assert n == 23
    sweep = pd.read_csv(out/'clip_mask_sweep_at_common.csv', index_col=0)
    assert sweep.index.astype(str).tolist() == ['0.0', '0.05', '0.1', '0.2', '0.5'] and sweep.loc[0.2, 'best'] == '*'
    cos = json.loads((REF/'seed_text_cosine_matrix.json').read_text())
    assert pd.read_csv(out/'text_cosine.csv', index_col=0).values.tolist() == cos['matrix']
    assert pd.read_csv(out/'pair_statistics.csv', index_col='pair')['mean cosine'].to_dict() == cos['clip_pair_statistics']
    assert {p.name for p in out.glob('*.png')} == {'experiments.png', 'clip_mask_sweep.png', 'text_cosine.png'}
    md = (out/'report.md').read_text()
    assert '| 1 | 331.64653125288464 | 308.6027637342727 |' in md
    assert md.count('One run per arm: these numbers carry no interval over seeds') == 2   # under the title and the CLIP-mask sweep

# ---------------------------------------------------------------- similarity

def _batch(n=6, d=16, seed=0):
    g = torch.Generator().manual_seed(seed)
    img = torch.randn(n, d, generator=g)
    return dict(captions=[f"caption {i}" for i in range(n)], captions_b=[f"other {i}" for i in range(n)],
                img=img, img_b=img + 0.3*torch.randn(n, d, generator=g), text=img + 0.6*torch.randn(n, d, generator=g),
                text_b=img + 0.6*torch.randn(n, d, generator=g), res=torch.randn(n, 8, generator=g), res_b=torch.randn(n, 8, generator=g),
                idx=torch.arange(n), views='test features')

def test_similarity_functions():
    b = _batch()
    s = cosine_matrix(b['img'], b['text'])
    assert s.shape == (6, 6)
    off = s.masked_fill(torch.eye(6, dtype=torch.bool), float('nan'))
    assert (s.diagonal() > off.nan_to_num(-2).max(1).values).all()      # matching pairs beat every other column
    t = R.pair_table({'clip img:txt': (b['img'], b['text']), 'resnet img:img': (b['res'], b['res_b'])})
    assert t.loc['clip img:txt', 'positive'] == pytest.approx(s.diagonal().mean().item())
    assert t.loc['clip img:txt', 'negative'] == pytest.approx(off.nanmean().item())
    assert t.loc['clip img:txt', 'gap'] > 0.5 > abs(t.loc['resnet img:img', 'gap'])
    ax = R.plot_similarity(s)
    assert R.heatmap_values(ax) == [format(v, '.2f') for v in s.flatten().tolist()]

def test_similarity_notebook(tmp_path):
    b = _batch(); torch.save(b, tmp_path/'feats.pt')
    _papermill('similarity.ipynb', tmp_path/'similarity.ipynb', features=str(tmp_path/'feats.pt'), out_dir=str(tmp_path/'sim'))
    pm_ = pd.read_csv(tmp_path/'sim'/'pair_means.csv', index_col='features')
    assert list(pm_.index) == ['clip text:text', 'clip img:img', 'clip img:txt', 'resnet img:img']
    exp = pair_means(b['img'], b['img_b'])
    assert pm_.loc['clip img:img', 'positive'] == pytest.approx(exp['positive']) and pm_.loc['clip img:img', 'negative'] == pytest.approx(exp['negative'])
    tt = pd.read_csv(tmp_path/'sim'/'text_text.csv', index_col=0).values
    assert tt.shape == (6, 6) and tt == pytest.approx(cosine_matrix(b['text'], b['text_b']).numpy(), abs=1e-6)
    assert (tmp_path/'sim'/'similarity.png').stat().st_size > 0 and (tmp_path/'sim'/'captions.txt').read_text().splitlines()[5] == 'caption 5'

def test_similarity_notebook_with_a_run(tmp_path):
    "similarity.ipynb with `run`: the run's networks are built through its architecture, its snapshot loaded, D's features compared."
    from t2igan.testing import tiny_run
    run = tiny_run(tmp_path)
    _papermill('similarity.ipynb', tmp_path/'similarity.ipynb', run=str(run), dataset=str(tmp_path/'shapes16.zip'), split='', batch=4,
               out_dir=str(tmp_path/'sim'))
    pm_ = pd.read_csv(tmp_path/'sim'/'pair_means.csv', index_col='features')
    assert 'discriminator img:img' in pm_.index and pm_.loc['discriminator img:img'].notna().all(), pm_
    assert (tmp_path/'sim'/'similarity.png').stat().st_size > 0

# ---------------------------------------------------------------- sweep (real papermill, real CLI)

STANDIN = '''import json, os
from t2igan.core import make_run_dir, append_jsonl, metric_record
if clip_mask == 0.5: raise RuntimeError("stand-in diverged at clip_mask 0.5")   # a failure only running shows
run_dir = make_run_dir(outdir, desc or 'standin')
(run_dir/'config.json').write_text(json.dumps(dict(params=dict(clip_mask=clip_mask), env=dict(gpus=os.environ.get('CUDA_VISIBLE_DEVICES')))))
for kimg in (10, 20):
    append_jsonl(run_dir/'metric-fid50k_full.jsonl', metric_record('fid50k_full', {'fid50k_full': 100.0/kimg + 10*clip_mask}, kimg, None, dict(extractor='stand-in'), 0.1))
'''

def test_sweep_end_to_end(tmp_path):
    """Three values (one makes the notebook fail while running) on two 'GPUs' (CUDA_VISIBLE_DEVICES is all the kernel sees of
    them, so a CPU can check it): two runs, one manifest, one ablation report run through reports/ablation.ipynb (its metric
    read from the runs: no --metric); exit code 1."""
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("outdir = 'runs'\ndesc = ''\nclip_mask = 0.0", metadata={'tags': ['parameters']}),
                                         nbformat.v4.new_code_cell(STANDIN)])
    nb.metadata['kernelspec'] = dict(name='python3', display_name='Python 3', language='python')
    nbformat.write(nb, tmp_path/'standin.ipynb')
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, '-m', 't2igan.sweep', str(tmp_path/'standin.ipynb'), '-p', 'clip_mask', '0', '0.2', '0.5',
                        '--outdir', str(tmp_path/'runs'), '--name', 'cm', '--gpus', '5,6'], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert p.returncode == 1, p.stdout + p.stderr
    sd = tmp_path/'runs'/'00000-sweep-cm'
    m = json.loads((sd/'sweep.json').read_text())
    assert [r['status'] for r in m['runs']] == ['ok', 'ok', 'failed'] and 'stand-in diverged' in m['runs'][2]['error']
    assert m['parameters'] == {'clip_mask': [0, 0.2, 0.5]} and m['runs'][1]['params'] == {'clip_mask': 0.2}
    runs = {p.name[6:]: p for p in sd.iterdir() if re.match(r'\d{5}-', p.name)}   # ids depend on which worker came first
    assert sorted(runs) == ['clip_mask=0', 'clip_mask=0.2'] and (runs['clip_mask=0.2']/'standin.ipynb').is_file()
    assert (runs['clip_mask=0.2']/'notebook.txt').read_text() == f"{runs['clip_mask=0.2']/'standin.ipynb'}\n"
    for r in m['runs'][:2]:
        conf = json.loads((sd/r['run_dir']/'config.json').read_text())
        assert conf['params'] == r['params'] and conf['env']['gpus'] == r['gpu'] and r['gpu'] in ('5', '6')
    assert m['report']['status'] == 'ok' and m['report']['how'] == 'notebook' and (sd/'report'/'ablation.ipynb').is_file()
    t = pd.read_csv(sd/'report'/'table.csv', index_col='kimg')
    assert t['clip_mask=0'].tolist() == [10.0, 5.0] and t['clip_mask=0.2'].tolist() == [12.0, 7.0] and t['clip_mask=0.5'].isna().all()
    s = pd.read_csv(sd/'report'/'summary.csv', index_col='arm')
    assert s.loc['clip_mask=0.2', 'final'] == 7.0 and s.loc['clip_mask=0.2', 'd_final'] == 2.0 and s.loc['clip_mask=0.2', 'd_final_pct'] == 40.0
    assert s.loc['clip_mask=0.2', 'best'] == 7.0 and s.loc['clip_mask=0.5', 'status'] == 'missing'
    assert (sd/'report'/'curves.png').is_file() and 'failed  clip_mask=0.5' in p.stdout

def test_sweep_checks_every_run_first(tmp_path, capsys):
    "A bad value in the second arm stops the sweep before anything runs or any folder exists (exit code 2, one line)."
    import nbformat
    from t2igan import sweep as S
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("outdir = 'runs'\ndesc = ''\nclip_mask = 0.0", metadata={'tags': ['parameters']}),
                                         nbformat.v4.new_code_cell(STANDIN)])
    nbformat.write(nb, tmp_path/'standin.ipynb')
    ran = []
    with pytest.raises(ValueError, match=r"run 2 of 3 \(clip_mask=-1\): .*clip_mask: must be >= 0, got -1"):
        S.run_sweep(tmp_path/'standin.ipynb', {'clip_mask': [0, -1, 0.2]}, outdir=tmp_path/'runs', execute=lambda job, env: ran.append(job) or 0)
    assert ran == [] and not (tmp_path/'runs').exists()
    assert S.main([str(tmp_path/'standin.ipynb'), '-p', 'clip_mask', '0', '-1', '--outdir', str(tmp_path/'runs')]) == 2
    assert capsys.readouterr().err.startswith("error: run 2 of 2 (clip_mask=-1): ") and not (tmp_path/'runs').exists()
    assert S.parse_args(['nb.ipynb']).metric is None               # the report's metric comes from the runs

ARM_STANDIN = '''import json, os
from t2igan.core import make_run_dir, append_jsonl, metric_record
run_dir = make_run_dir(outdir, desc or 'standin')
(run_dir/'config.json').write_text(json.dumps(dict(params=dict(clip_mask=clip_mask, seed=seed, scale=scale), env={})))
for kimg in (10, 20):
    append_jsonl(run_dir/'metric-fid50k_full.jsonl', metric_record('fid50k_full', {'fid50k_full': scale*(100.0/kimg + 10*clip_mask) + 0.1*seed}, kimg, None, dict(extractor='stand-in'), 0.1))
'''

def test_sweep_arms_cli(tmp_path, capsys):
    """`--arm baseline --arm clip_mask=0.2 -p scale 2 --seeds 2 --jobs 2` on a stand-in notebook (real papermill, two CPU workers):
    2 arms x 2 seeds, the manifest's arms and overrides, each run's parameters as the notebook saw them, the verdict against
    the first arm; a -p grid mixed with --arm is refused in one line before anything is created."""
    import nbformat
    from t2igan import sweep as SW
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("outdir = 'runs'\ndesc = ''\nclip_mask = 0.0\nseed = 0\nscale = 1.0",
                                                                   metadata={'tags': ['parameters']}),
                                         nbformat.v4.new_code_cell(ARM_STANDIN)])
    nb.metadata['kernelspec'] = dict(name='python3', display_name='Python 3', language='python')
    nbformat.write(nb, tmp_path/'standin.ipynb')
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, '-m', 't2igan.sweep', str(tmp_path/'standin.ipynb'), '--arm', 'baseline', '--arm', 'clip_mask=0.2',
                        '-p', 'scale', '2', '--seeds', '2', '--jobs', '2', '--outdir', str(tmp_path/'runs'), '--name', 'ab', '--report', 'function'],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    sd = tmp_path/'runs'/'00000-sweep-ab'
    m = json.loads((sd/'sweep.json').read_text())
    assert m['design'] == 'arms' and m['arms'] == ['baseline', 'clip_mask=0.2'] and m['overrides'] == [{}, {'clip_mask': 0.2}]
    assert m['parameters'] == {'clip_mask': [None, 0.2]} and m['fixed'] == {'scale': 2} and m['seeds'] == 2 and m['jobs'] == 2 and m['gpus'] is None
    assert [r['desc'] for r in m['runs']] == ['baseline,seed=0', 'clip_mask=0.2,seed=0', 'baseline,seed=1', 'clip_mask=0.2,seed=1']
    assert [r['status'] for r in m['runs']] == ['ok']*4 and m['runs'][3]['params'] == {'scale': 2, 'clip_mask': 0.2, 'seed': 1}
    for r in m['runs']:                                       # what the notebook ran with: the arm's overrides, else its own default
        conf = json.loads((sd/r['run_dir']/'config.json').read_text())['params']
        assert conf == dict(clip_mask=0.2 if r['arm'] == 'clip_mask=0.2' else 0.0, seed=r['seed'], scale=2) and r['gpu'] is None
    v = pd.read_csv(sd/'report'/'verdicts.csv', index_col='arm')
    assert m['report']['status'] == 'ok' and list(v.index) == ['baseline', 'clip_mask=0.2']
    assert v.loc['clip_mask=0.2', 'verdict'] == 'worse' and v.loc['clip_mask=0.2', 'diff'] == pytest.approx(4.0) and v.loc['clip_mask=0.2', 'n'] == 2
    assert v.loc['clip_mask=0.2', 'line'].startswith('clip_mask=0.2 vs baseline: FID ')
    assert '    ok  clip_mask=0.2,seed=1' in p.stdout
    assert p.stdout.splitlines()[-2] == f"verdict: {v.loc['clip_mask=0.2', 'line']}"     # the verdicts close the output, before the manifest line
    assert SW.main([str(tmp_path/'standin.ipynb'), '--arm', 'baseline', '-p', 'clip_mask', '0', '0.2', '--outdir', str(tmp_path/'bad')]) == 2
    err = capsys.readouterr().err
    assert err.startswith('error: params: clip_mask has 2 values [0, 0.2], a grid; with arms') and len(err.splitlines()) == 1
    assert not (tmp_path/'bad').exists()

# ---------------------------------------------------------------- finished vs partial, the metric, wrong folders

def _sized(root, name, values, kimg, metric='fid1k_full'):
    d = _run(root, name, values, metric=metric)
    (d/'config.json').write_text(json.dumps(dict(params=dict(clip_mask=0.2, kimg=kimg, metrics=metric), env={})))
    return d

def test_finished_run_is_not_partial(tmp_path):
    "A run that trained a shorter kimg is 'finished'; one that stopped before its kimg is 'partial'; the metric is read from the runs."
    a = _sized(tmp_path, '00000-long', [30.0, 20.0, 10.0], kimg=150)
    b = _sized(tmp_path, '00001-short', [28.0, 18.0], kimg=100)
    c = _sized(tmp_path, '00002-killed', [29.0, 19.0], kimg=150)
    with pytest.warns(UserWarning, match=r"partial runs .*\['killed'\]"):
        r = R.ablation_report({'long': a, 'short': b, 'killed': c}, out_dir=tmp_path/'rep')   # no metric given: fid1k_full
    assert r.runs.metric == 'fid1k_full' and r.runs.partial == ['killed']
    assert r.summary['status'].to_dict() == {'long': 'finished', 'short': 'finished', 'killed': 'partial'}
    assert '**finished** `short`: trained its 100 kimg' in r.markdown and '**partial** `killed`: stopped at kimg 100 of the 150' in r.markdown
    assert '**partial** `short`' not in (tmp_path/'rep'/'report.md').read_text()

def test_wrong_folder_says_which_and_what(tmp_path):
    "A sweep's folder given as a run, an empty folder, a run without the metric: each message names the folder and what it expected."
    sweep = tmp_path/'00000-sweep-cm'; _run(sweep, '00000-a', [1.0]); _run(sweep, '00001-b', [2.0]); (tmp_path/'empty').mkdir()
    with pytest.raises(ValueError, match=rf"none of the runs has metric lines; s: {re.escape(str(sweep))} is a folder of 2 run folders "
                                         r"\(00000-a, 00001-b\), not a run folder: give those runs as arms; e: .*empty is an empty folder: "
                                         r"expected config.json and metric-<name>.jsonl written by nbs/train.ipynb"):
        R.load_runs({'s': sweep, 'e': tmp_path/'empty'})
    with pytest.raises(ValueError, match=rf"expected metric-fid50k_full.jsonl in run folders .*a: no metric-fid50k_full.jsonl in "
                                         rf"{re.escape(str(tmp_path/'k'/'a'))} \(it has metric-kid1k_full.jsonl\)"):
        R.load_runs({'a': _run(tmp_path/'k', 'a', [0.1], metric='kid1k_full')}, metric='fid50k_full')
    with pytest.raises(ValueError, match=r"path: no reference file at .*nope.json; expected a JSON file of the repository's data/reference/"):
        R.load_reference(tmp_path/'nope.json')
    with pytest.raises(pm.PapermillExecutionError, match=rf"none of the runs has metric lines; empty: {re.escape(str(tmp_path/'empty'))} is an empty folder"):
        _papermill('ablation.ipynb', tmp_path/'ablation.ipynb', arms=f"empty={tmp_path/'empty'}", out_dir=str(tmp_path/'rep'))

SHARED_REF = ROOT.parent/'shared'/'reference'

@pytest.mark.skipif(not SHARED_REF.is_dir(), reason='../shared/reference not available')
def test_reference_is_exact_copy_of_shared():
    "data/reference/ holds exactly the files of ../shared/reference/, byte for byte."
    import filecmp
    names = sorted(p.name for p in SHARED_REF.iterdir() if p.is_file())
    assert sorted(p.name for p in REF.iterdir() if p.is_file()) == names
    assert all(filecmp.cmp(SHARED_REF/n, REF/n, shallow=False) for n in names)

# ---------------------------------------------------------------- several seeds per arm: intervals and verdicts

import numpy as np
scipy_stats = pytest.importorskip('scipy.stats')

def test_intervals_match_scipy():
    "Known numbers: the t interval of the mean (t.ppf) and Welch's interval and df (ttest_ind, equal_var=False) agree with scipy."
    x = [25.1, 26.3, 24.2, 25.8]
    r = S.mean_interval(x)
    h = scipy_stats.t.ppf(0.975, 3)*np.std(x, ddof=1)/np.sqrt(4)
    assert r['n'] == 4 and r['mean'] == pytest.approx(25.35) and r['half'] == pytest.approx(h) and r['half'] == pytest.approx(1.4497, abs=1e-4)
    assert (r['lo'], r['hi']) == pytest.approx(scipy_stats.t.interval(0.95, 3, loc=np.mean(x), scale=scipy_stats.sem(x)))
    assert math.isnan(S.mean_interval([25.1])['half'])                              # one seed: no interval
    base, arm = [25.1, 26.3, 24.2, 25.8], [23.0, 24.9, 23.7]
    w, tt = S.welch_interval(base, arm), scipy_stats.ttest_ind(arm, base, equal_var=False)
    va, vb = np.var(base, ddof=1)/4, np.var(arm, ddof=1)/3
    assert w['df'] == pytest.approx(tt.df) == pytest.approx((va + vb)**2/(va**2/3 + vb**2/2))
    assert w['diff'] == pytest.approx(np.mean(arm) - np.mean(base))
    assert (w['lo'], w['hi']) == pytest.approx(tuple(tt.confidence_interval(0.95)))
    assert w['half'] == pytest.approx(scipy_stats.t.ppf(0.975, tt.df)*np.sqrt(va + vb))

def test_stats_names_still_import_from_reports():
    "reports/ablation.ipynb imports interval_table and verdict_table from t2igan.reports: they are t2igan.stats's, imported there."
    from t2igan.reports import interval_table, verdict_table
    assert interval_table is S.interval_table and verdict_table is S.verdict_table

def _seed_runs(root, arms, metric='fid50k_full'):
    "Hand-made run folders, one per (arm value, seed): {clip_mask: [[values per snapshot] per seed]}; config.json differs only in seed."
    runs = {}
    for c, seeds in arms.items():
        for s, vals in enumerate(seeds):
            d = Path(root)/f"{len(runs):05d}-clip_mask={c},seed={s}"; d.mkdir(parents=True)
            (d/'config.json').write_text(json.dumps(dict(params=dict(clip_mask=c, seed=s, kimg=0.1, desc=d.name[6:], run_dir=str(d)), env={})))
            for i, v in enumerate(vals):
                append_jsonl(d/f'metric-{metric}.jsonl', metric_record(metric, {metric: v}, (i + 1)*50, None, dict(extractor='domain-clip', num_gen=500), 2.0))
            runs[d.name[6:]] = d
    return runs

def test_seed_verdicts(tmp_path):
    "Three seeds per arm: better, worse and within noise where the intervals say; files, columns and the line for notes."
    runs = _seed_runs(tmp_path, {0: [[40, 30.0], [41, 31.0], [42, 29.5]], 0.2: [[38, 26.0], [39, 27.0], [37, 26.5]],
                                 0.5: [[45, 35.0], [44, 34.0], [46, 36.0]], 0.1: [[40, 28.0], [41, 32.0], [39, 30.5]]})
    r = R.ablation_report(runs, out_dir=tmp_path/'rep')
    v = pd.read_csv(tmp_path/'rep'/'verdicts.csv', index_col='arm')
    assert v['verdict'].to_dict() == {'clip_mask=0': 'baseline', 'clip_mask=0.2': 'better', 'clip_mask=0.5': 'worse', 'clip_mask=0.1': 'within noise'}
    w = S.welch_interval([30.0, 31.0, 29.5], [26.0, 27.0, 26.5])
    assert (v.loc['clip_mask=0.2', 'diff_lo'], v.loc['clip_mask=0.2', 'diff_hi']) == pytest.approx((w['lo'], w['hi'])) and w['hi'] < 0
    assert {'kimg', 'n', 'mean', 'sd', 'lo', 'hi', 'half', 'n_base', 'diff', 'diff_lo', 'diff_hi', 'df', 'verdict', 'line'} <= set(v.columns)
    st = pd.read_csv(tmp_path/'rep'/'seeds.csv', index_col=['arm', 'kimg'])
    assert list(st.columns[:4]) == ['n', 'mean', 'sd', 'lo'] and len(st) == 8 and st.loc['clip_mask=0.5', 'n'].tolist() == [3, 3]
    t = pd.read_csv(tmp_path/'rep'/'table.csv', index_col='kimg')
    assert list(t.columns) == list(r.groups) and t.loc[100, 'clip_mask=0.2'] == pytest.approx(26.5)    # the mean over seeds
    assert pd.read_csv(tmp_path/'rep'/'runs.csv', index_col='kimg').shape == (2, 12) and (tmp_path/'rep'/'curves.png').stat().st_size > 0
    b, a = S.mean_interval([30.0, 31.0, 29.5]), S.mean_interval([26.0, 27.0, 26.5])
    line = (f"clip_mask=0.2 vs clip_mask=0: FID 26.50 ± {a['half']:.2f} vs 30.17 ± {b['half']:.2f}, "
            f"difference -3.67 [{w['lo']:.2f}, {w['hi']:.2f}]: better (3 seeds)")
    md = (tmp_path/'rep'/'report.md').read_text()
    assert f"- {line}\n" in md and v.loc['clip_mask=0.2', 'line'] == line
    assert f"| clip_mask=0.2 | 100 | 3 | 26.50 ± {a['half']:.2f} | -3.67 [{w['lo']:.2f}, {w['hi']:.2f}] | better |" in md
    assert 'Student t interval of the mean' in md and "Welch's t interval" in md
    ax = r.figure.axes[0]
    assert len(ax.collections) == 4 and [l.get_text() for l in ax.get_legend().get_texts()][0] == 'clip_mask=0 (3 seeds)'

def test_seed_verdict_direction_for_scores(tmp_path):
    "For a higher-is-better metric (CLIP score) an arm with a higher mean is 'better', a lower one 'worse'."
    runs = _seed_runs(tmp_path, {0: [[0.20], [0.21], [0.22]], 0.2: [[0.25], [0.26], [0.27]], 0.5: [[0.15], [0.16], [0.17]]}, metric='clip_score')
    r = R.ablation_report(runs)
    assert r.verdicts['verdict'].to_dict() == {'clip_mask=0': 'baseline', 'clip_mask=0.2': 'better', 'clip_mask=0.5': 'worse'}
    assert r.verdicts.loc['clip_mask=0.2', 'line'].startswith('clip_mask=0.2 vs clip_mask=0: CLIP score 0.260 ± ') and 'higher is better' in r.markdown
    with pytest.raises(ValueError, match='lower or higher'): S.lower_is_better('loss')

def test_seed_report_notebook(tmp_path):
    "reports/ablation.ipynb with a sweep's groups (papermill passes the dict): the verdict table and lines; one run per arm keeps the old files."
    runs = _seed_runs(tmp_path/'runs', {0: [[40.0], [41.0]], 0.2: [[30.0], [31.0]]})
    groups = {'base': [k for k in runs if k.startswith('clip_mask=0,')], 'mask': [k for k in runs if k.startswith('clip_mask=0.2,')]}
    _papermill('ablation.ipynb', tmp_path/'ablation.ipynb', arms={k: str(v) for k, v in runs.items()}, groups=groups, out_dir=str(tmp_path/'rep'))
    v = pd.read_csv(tmp_path/'rep'/'verdicts.csv', index_col='arm')
    assert list(v.index) == ['base', 'mask'] and v.loc['mask', 'verdict'] == 'better' and v.loc['mask', 'n'] == 2
    assert '- mask vs base: FID 30.50 ± 6.35 vs 40.50 ± 6.35, difference -10.00 [' in (tmp_path/'rep'/'report.md').read_text()
    assert '| mask | 50 | 2 | 30.50 ± 6.35 | -10.00 [' in (tmp_path/'ablation.ipynb').read_text()
