"Benchmarks: every suite runs at tiny sizes on the CPU and writes a valid JSON record with positive timings."
import json, os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
SUITES = ('ops', 'networks', 'train', 'infer', 'metrics')
# per suite: a case that must have run, and the derived figures it must carry
EXPECT = {'ops': ('bias_act/float32/ref', ()), 'networks': ('G/32px/fp32', ('images_per_s', 'ms_per_image')),
          'train': ('lafite/32px/fp32', ('sec_per_kimg', 'images_per_s')),
          'infer': ('stylegan2/32px/fp32/batch1', ('images_per_s', 'ms_per_image')),
          'metrics': ('inception', ('images_per_s', 'fid50k_extract_s', 'fid50k_uncached_s'))}

@pytest.fixture(scope='module')
def results(tmp_path_factory):
    "Run every suite once through the CLI entry point (tiny sizes, CPU) into a temporary folder."
    from t2igan.bench import main
    out = tmp_path_factory.mktemp('bench')
    assert main(['all', '--out', str(out), '--device', 'cpu', '--tiny', '--repeats', '2']) == 0
    return out

@pytest.mark.parametrize('suite', SUITES)
def test_suite_record(results, suite):
    from t2igan.bench import validate_record, RECORD_KEYS, CASE_KEYS, TIMING_KEYS, SCHEMA, STATUSES
    from t2igan.core import device_slug, cpu_model
    path = results/f"{device_slug(cpu_model(), 'cpu')}-{suite}.json"
    rec = json.loads(path.read_text())
    validate_record(rec)
    assert set(RECORD_KEYS) <= set(rec) and rec['schema'] == SCHEMA and rec['suite'] == suite and rec['tiny'] is True
    assert rec['device'].startswith('cpu-') and rec['torch'] and rec['total_time_s'] > 0 and rec['notes']
    assert rec['command'] == f"python -m t2igan.bench all --out {results} --device cpu --tiny --repeats 2"
    assert set(rec['git']) == {'commit', 'dirty'}
    ok = [c for c in rec['cases'] if c['status'] == 'ok']
    assert not [c['name'] + ': ' + c['reason'] for c in rec['cases'] if c['status'] == 'failed']
    assert ok, 'at least one case ran'
    for c in rec['cases']:
        assert set(CASE_KEYS) <= set(c) and c['status'] in STATUSES and isinstance(c['config'], dict)
        if c['status'] == 'ok':
            t = c['timing']
            assert set(TIMING_KEYS) <= set(t) and t['n'] >= 2 and 0 < t['min_s'] <= t['median_s'] and t['iqr_s'] >= 0
            assert c['results']['peak_mem_gib'] is None and c['results']['wall_s'] > 0
        else: assert c['timing'] is None and c['reason']
    name, figures = EXPECT[suite]
    case = {c['name']: c for c in rec['cases']}[name]
    assert case['status'] == 'ok', case['reason']
    for k in figures: assert case['results'][k] > 0, k
    if suite == 'metrics':   # the whole fid50k_full as training runs it (32 images at tiny sizes)
        e2e = {c['name']: c for c in rec['cases']}['fid50k/end-to-end']
        assert e2e['status'] == 'ok' and e2e['results']['fid_s'] > 0 and e2e['config']['num_gen'] == 32
        assert 'fid50k_s' not in e2e['results'], 'no 50k figure is projected from 32 images'

def test_train_covers_whole_cycles(results):
    "Train steps are timed over whole lazy-regularization cycles, and sec/kimg follows from the mean step."
    from t2igan.core import device_slug, cpu_model
    rec = json.loads((results/f"{device_slug(cpu_model(), 'cpu')}-train.json").read_text())
    c = {c['name']: c for c in rec['cases']}['paper256/32px/fp32']
    assert c['config']['timed_steps'] % c['config']['warmup_steps'] == 0 and c['timing']['n'] == c['config']['timed_steps']
    assert c['results']['sec_per_kimg'] == pytest.approx(c['timing']['mean_s'] * 1000 / c['config']['params']['batch'])
    statuses = {c['name']: c['status'] for c in rec['cases']}
    assert statuses['paper256/32px/bf16'] == statuses['lafite/32px/bf16-channels_last'] == 'ok'
    assert statuses['paper256/fp16'] == 'unsupported' and statuses['lafite/fp32-compile'] == 'skipped'
    cl = {c['name']: c for c in rec['cases']}['lafite/32px/bf16-channels_last']['config']['params']
    assert (cl['fp16_res'], cl['mp_dtype'], cl['channels_last']) == (4, 'bfloat16', True)
    assert c['config']['c_dim'] == 0 and c['config']['params']['text_injection'] == 'none', 'paper256 trains unconditionally'
    assert 'random init' in {c['name']: c for c in rec['cases']}['lafite/32px/fp32']['config']['clip']['weights']

def test_infer_variants(results):
    "The infer suite runs the reduced-precision variants that exist on the CPU and records the CUDA-only ones."
    from t2igan.core import device_slug, cpu_model
    rec = json.loads((results/f"{device_slug(cpu_model(), 'cpu')}-infer.json").read_text())
    st = {c['name']: c['status'] for c in rec['cases']}
    for n in ('stylegan2/32px/bf16/batch1', 'stylegan2/32px/bf16-channels_last/batch4', 'gigagan/32px/bf16-autocast/batch1'): assert st[n] == 'ok', n
    assert st['gigagan/fp16-autocast'] == st['stylegan2/fp16'] == 'unsupported'

def test_cli_module(tmp_path):
    "`python -m t2igan.bench` runs a suite and writes its file (the __main__ guard works)."
    env = dict(os.environ, OMP_NUM_THREADS='1', HF_HUB_OFFLINE='1')
    r = subprocess.run([sys.executable, '-m', 't2igan.bench', 'infer', '--out', str(tmp_path), '--repeats', '1', '--device', 'cpu'],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert 'stylegan2/32px/fp32/batch1' in r.stdout and len(list(tmp_path.glob('cpu-*-infer.json'))) == 1
