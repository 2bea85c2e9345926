"End-to-end training: papermill runs of nbs/train.ipynb, resume equivalence, DDP with gloo, fail-fast errors."
import json, os
from pathlib import Path
import pytest, torch

ROOT = Path(__file__).resolve().parents[1]
# a tiny network on the CPU: a few seconds per run
TINY = dict(cbase=256, cmax=32, z_dim=32, w_dim=32, map_depth=2, batch=8, grid_size=2, device='cpu', ema_kimg=0.01,
            gamma=0.05, r1_interval=4, aug='ada', ada_kimg=1.0, metric_gen=128, metrics='fid256_full')

@pytest.fixture(scope='session')
def shapes(tmp_path_factory):
    "A small captioned-shapes dataset with a quickly trained domain CLIP (cached under ~/.cache/t2igan)."
    from t2igan.shapes import ensure_shapes_dataset, DomainClipConfig
    clip = DomainClipConfig(count=2000, steps=30, batch_size=64, width=32, embed_dim=32, layers=1, eval_count=200, vision='vit', hard_negatives=0)
    return str(ensure_shapes_dataset(resolution=32, count=1200, val_count=256, clip=clip, progress=False))

_GIGA_NAMES = dict(cbase='giga_cbase', cmax='giga_cmax', z_dim='giga_z_dim', w_dim='giga_w_dim', map_depth='giga_map_depth')

def _params(shapes, tmp, **kw):
    "TINY's run with `kw`; with arch='gigagan' the network sizes go to GigaGAN's names."
    tiny = {(_GIGA_NAMES.get(k, k) if kw.get('arch') == 'gigagan' else k): v for k, v in TINY.items()}
    return dict(tiny, data=shapes, outdir=str(tmp/'runs'), **kw)

def test_papermill_run_folder(shapes, tmp_path):
    "papermill runs train.ipynb with -p overrides; the run folder holds what the reports read."
    from t2igan.run import run_notebook
    run = run_notebook(_params(shapes, tmp_path, clip_mask=0.2, kimg=0.032, tick_kimg=0.016, snap=1), ROOT/'nbs'/'train.ipynb', progress=False)
    cfg = json.loads((run/'config.json').read_text())
    assert cfg['params']['clip_mask'] == 0.2 and cfg['config']['contrastive']['clip_mask'] == 0.2
    assert {'git', 'torch', 'device', 'packages'} <= set(cfg['env'])
    stats = [json.loads(l) for l in (run/'stats.jsonl').read_text().splitlines()]
    assert len(stats) == 3 and 'Loss/G/loss' in stats[-1] and stats[-1]['Progress/kimg']['mean'] == pytest.approx(0.032)
    lines = [json.loads(l) for l in (run/'metric-fid256_full.jsonl').read_text().splitlines()]
    assert [l['kimg'] for l in lines] == [0.008, 0.024, 0.032]
    for l in lines:
        assert set(l) >= {'results', 'metric', 'kimg', 'snapshot', 'protocol', 'total_time', 'total_time_str', 'num_gpus', 'timestamp'}
        assert l['metric'] == 'fid256_full' and l['results']['fid256_full'] > 0 and (run/l['snapshot']).exists()
        assert l['protocol']['num_gen'] == 128 and 'real_cache' not in l['protocol']
    snap = torch.load(run/lines[-1]['snapshot'], weights_only=True)
    assert snap['cur_nimg'] == 32 and snap['config']['clip_mask'] == 0.2
    assert (run/'train.ipynb').exists() and (run/'reals.png').exists() and (run/'losses.png').exists()

def test_bad_parameter_fails_fast(tmp_path):
    "A wrong name stops the notebook at the config cell: nothing is built or written."
    import papermill as pm
    with pytest.raises(pm.PapermillExecutionError, match="clip_mak: unknown parameter.*did you mean 'clip_mask'"):
        pm.execute_notebook(str(ROOT/'nbs'/'train.ipynb'), str(tmp_path/'out.ipynb'), kernel_name='python3', progress_bar=False,
                            parameters=dict(clip_mak=0.2, outdir=str(tmp_path/'runs')))
    assert not (tmp_path/'runs').exists()

def test_clip_mask_changes_the_loss(shapes):
    "-p clip_mask 0.2 changes the contrastive loss computed on a batch holding two captions of one image."
    from t2igan.config import TrainConfig
    from t2igan.training import Trainer, phase_loss, open_datasets, fetch_batch
    from t2igan.text import load_clip
    losses = []
    for c in (0.0, 0.2):
        cfg = TrainConfig.from_params(dict(TINY, data=shapes, clip_mask=c, style_mixing=0.0))
        train, _ = open_datasets(cfg)
        torch.manual_seed(0); tr = Trainer(cfg, 32, 3, train.clip_dim, 'cpu', clip=load_clip(train.clip_spec))
        b, caps = fetch_batch(train, [0, 0, 1, 2], 'cpu', draws=[0, 1, 0, 0])
        torch.manual_seed(1)
        losses.append(phase_loss(tr, 'Gmain', b, gain=1).item())
    assert losses[0] != losses[1]

def test_resume_gives_the_same_metrics(shapes, tmp_path):
    "A run interrupted after a snapshot and resumed ends with the metric values of the uninterrupted run."
    from t2igan.training import launch
    from t2igan.core import read_jsonl
    p = _params(shapes, tmp_path, kimg=0.048, tick_kimg=0.016, snap=2, iic=1.0)
    a = launch(dict(p, desc='full'))
    b = launch(dict(p, desc='part', kimg=0.024))
    c = launch(dict(p, desc='resumed', resume=str(b)))
    ma, mc = read_jsonl(a/'metric-fid256_full.jsonl'), read_jsonl(c/'metric-fid256_full.jsonl')
    assert [m['kimg'] for m in ma] == [0.008, 0.04, 0.048]
    assert [m['kimg'] for m in mc] == [0.008, 0.024, 0.04, 0.048], 'the earlier lines are carried forward: one curve'
    assert [m['results'] for m in ma[1:]] == [m['results'] for m in mc[2:]]
    assert json.loads((c/'config.json').read_text())['resume_from'].endswith('network-snapshot-000000.024.pt')

def test_ddp_two_processes_gloo(shapes, tmp_path):
    "Two gloo processes: parameters identical across ranks (checked at every snapshot), global batch logged right."
    from t2igan.training import launch
    from t2igan.core import read_jsonl
    run = launch(_params(shapes, tmp_path, num_gpus=2, kimg=0.032, tick_kimg=0.016, snap=1, metrics=''))
    stats = read_jsonl(run/'stats.jsonl')
    assert [round(s['Progress/kimg']['mean'], 3) for s in stats] == [0.008, 0.024, 0.032]
    # tick 1 holds two steps of two ranks, each rank processing 4 of the 8 images of a step
    assert stats[1]['Progress/rank_images'] == dict(num=4, mean=4.0, std=0.0)
    snap = torch.load(sorted(run.glob('network-snapshot-*.pt'))[-1], weights_only=True)
    assert snap['world_size'] == 2 and len(snap['rng']) == 2 and snap['cur_nimg'] == 32

def test_inception_without_weights_fails_with_the_file(shapes, tmp_path, monkeypatch):
    "An Inception FID with no local weights fails before training, naming the file to provide."
    from t2igan.training import launch
    monkeypatch.setenv('TORCH_HOME', str(tmp_path/'torch'))
    with pytest.raises(FileNotFoundError, match=r"Inception-v3 weights for FID not found: expected the file .*torch/hub/checkpoints"):
        launch(_params(shapes, tmp_path, metric_extractor='inception', kimg=0.008))

def test_parameters_cell_matches_the_config():
    "train.ipynb's parameters cell declares exactly TrainConfig's names, with TrainConfig's defaults."
    import nbformat
    from t2igan.config import TrainConfig
    nb = nbformat.read(ROOT/'nbs'/'train.ipynb', as_version=4)
    cell = next(c for c in nb.cells if 'parameters' in c.metadata.get('tags', []))
    ns = {}; exec(cell.source, ns); ns.pop('__builtins__')
    assert set(ns) == set(TrainConfig.flat_names())
    from t2igan.config import parameters_source
    assert cell.source.strip() == parameters_source().strip(), 'the parameters cell is generated: put parameters_source() into nbs/train.py and run jupytext --sync'
    assert TrainConfig.from_params(ns) == TrainConfig(), 'the notebook defaults are the config defaults'
    from t2igan.config import explicit_names
    from t2igan.presets import resolve_preset
    ns = dict(ns, preset='lafite-coco', gamma=ns['gamma'])   # as papermill leaves it: every name, only preset injected
    cfg = TrainConfig.from_params(ns, explicit_names(ns, ['# Parameters\npreset = "lafite-coco"\n'])).to_params()
    norm = lambda v: list(v) if isinstance(v, tuple) else v
    assert {k: norm(v) for k, v in resolve_preset('lafite-coco', ns['shapes_resolution']).items()} == {k: cfg[k] for k in resolve_preset('lafite-coco', 32)}

def test_gigagan_through_papermill(shapes, tmp_path):
    "arch='gigagan' trains through train.ipynb on the shapes at 32 px and writes a metric line."
    from t2igan.run import run_notebook
    from t2igan.core import read_jsonl
    run = run_notebook(_params(shapes, tmp_path, arch='gigagan', aug='noaug', style_mixing=0.0, giga_kernels=2,
                               giga_text_width=32, giga_cmap_dim=32, kimg=0.016, tick_kimg=0.008, snap=2),
                       ROOT/'nbs'/'train.ipynb', progress=False)
    lines = read_jsonl(run/'metric-fid256_full.jsonl')
    assert [l['kimg'] for l in lines] == [0.008, 0.016] and all(l['results']['fid256_full'] > 0 for l in lines)
    snap = torch.load(run/lines[-1]['snapshot'], weights_only=True)
    assert snap['config']['arch'] == 'gigagan' and snap['config']['giga_kernels'] == 2
    assert 'Loss/G/clip' in read_jsonl(run/'stats.jsonl')[-1]

def test_ddp_resume_is_exact(shapes, tmp_path):
    "Two gloo processes with path length and ADA: stopping at a snapshot and resuming ends with the same weights."
    from t2igan.training import launch
    p = _params(shapes, tmp_path, num_gpus=2, kimg=0.032, tick_kimg=0.008, snap=2, metrics='', pl_weight=1.0, pl_interval=2)
    a = launch(dict(p, desc='full'))
    b = launch(dict(p, desc='part', kimg=0.016))
    c = launch(dict(p, desc='resumed', resume=str(b)))
    sa, sc = (torch.load(sorted(r.glob('network-snapshot-*.pt'))[-1], weights_only=True) for r in (a, c))
    assert sa['cur_nimg'] == sc['cur_nimg'] == 32
    for k in ('G', 'G_ema', 'D'):
        for name, t in sa[k].items(): assert torch.equal(t, sc[k][name]), f'{k}.{name} differs after a DDP resume'
    assert torch.equal(sa['pl']['pl_mean'], sc['pl']['pl_mean'])

def test_gigagan_ddp_two_processes(shapes, tmp_path):
    "GigaGAN under two gloo processes: w_avg and weights stay identical across ranks (checked at each snapshot)."
    from t2igan.training import launch
    run = launch(_params(shapes, tmp_path, num_gpus=2, arch='gigagan', aug='noaug', style_mixing=0.0, giga_kernels=2,
                         giga_text_width=32, giga_cmap_dim=32, kimg=0.016, tick_kimg=0.008, snap=1, metrics=''))
    assert torch.load(sorted(run.glob('network-snapshot-*.pt'))[-1], weights_only=True)['cur_nimg'] == 16
