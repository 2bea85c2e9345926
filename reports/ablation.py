# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Ablation report
# FID (or another metric) per snapshot for a set of runs: the table with kimg as rows and one column per arm (the
# layout of the seed notes), final and best value per arm with the change against the first arm, and the curves.
# Runs whose metric protocols differ are refused; missing and partial runs are listed, not dropped.
#
# **Several seeds per arm** (a sweep with `--seeds N`, or run folders whose `config.json` agree except `seed`): the
# report is about arms. Per arm and snapshot it shows the mean over seeds and its 95% interval, the Student t interval
# of the mean, mean ± t(0.975, n−1)·s/√n (s: standard deviation over the n seeds; one seed has no interval); the
# difference of each arm to the baseline (the first arm) with Welch's t interval (unequal variances, Welch–Satterthwaite
# degrees of freedom; not paired by seed: the runs of one seed in two arms drift apart, and an arm keeps its other seeds
# when one fails); and a verdict from that interval: `better` when it lies entirely on the improving side of 0 (below
# for FID/KID, above for IS, CLIP score, R-precision), `worse` when entirely on the other side, `within noise` when it
# holds 0. Each comparison stands alone (no correction for comparing several arms). With one run per arm there are no
# intervals and the report is the per-run one.
#
# Arms: a dict `{label: run folder}` or the string `"label=path,label=path"`; the first arm is the baseline.
# The metric is the one the runs measured (their `metric-<name>.jsonl`) unless `metric` names one. A folder that is
# not a run (a sweep's folder, `runs/` itself, an empty one) is reported with what was expected there.
#
# Run it with papermill, e.g.
# `papermill reports/ablation.ipynb runs/ablation.ipynb --cwd reports -y "arms: {base: ../runs/00000-base, mask: ../runs/00001-mask}"`;
# `python -m t2igan.sweep` runs it over a sweep. Relative paths are taken from the working directory.

# %% tags=["parameters"]
arms = ''                      # dict {label: run folder} or a comma-separated string of label/path pairs (see above); empty: every run in ../runs
metric = ''                    # metric name (reads metric-<metric>.jsonl); empty: the one the runs measured
log_y = False                  # log-scaled y axis
out_dir = ''                   # where PNG/CSV/Markdown go; empty: figures/<name>
name = ''                      # report name for the default out_dir; empty: ablation-<metric>
title = ''                     # plot and page title; empty: '<metric> ablation'
allow_protocol_mismatch = False  # compare runs measured with different protocols (warns)
groups = ''                    # dict {arm: [labels of arms]}: runs that are seeds of one arm (a sweep passes them); '': by config.json except seed; 'none': run by run

# %%
import warnings
from pathlib import Path
import matplotlib.pyplot as plt
from IPython.display import Markdown, display
from t2igan.reports import ablation_report, markdown_table, auto_floatfmt, pick_metric, interval_table, verdict_table

# %%
if not arms:
    runs = Path('../runs'); want = f"metric-{metric or '*'}.jsonl"
    found = sorted(p for p in runs.glob('[0-9]' * 5 + '-*') if any(p.glob(want)))
    if not found: raise ValueError(f"arms: none given, and no run folder <id>-<desc>/ in {runs.resolve()} has {want} "
                                   "(expected run folders written by nbs/train.ipynb; or name the runs with -p arms)")
    arms = {p.name: str(p) for p in found}
metric = metric or pick_metric(arms)
out = Path(out_dir or Path('figures')/(name or f'ablation-{metric}'))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    rep = ablation_report(arms, metric=metric, log_y=log_y, out_dir=out, title=title or None,
                          allow_protocol_mismatch=allow_protocol_mismatch, groups=groups or 'auto')
for w in caught: print('warning:', w.message)

# %% [markdown]
# ## Per snapshot (rows: kimg)
# One run per arm: its value. Several seeds per arm: the mean over seeds ± the half-width of its 95% interval, the mean
# alone for one seed, `(n=k)` where fewer of the arm's seeds reached the snapshot.

# %%
fmt = auto_floatfmt(rep.table.values)
display(Markdown(markdown_table(rep.table if rep.seeds is None else interval_table(rep.seeds, fmt), fmt)))

# %% [markdown]
# ## Verdicts (several seeds per arm)
# Per arm at the last snapshot it and the baseline both reached: mean ± 95% interval, the difference to the baseline
# with its Welch interval, and the verdict; then one line per compared arm, for notes. `seeds.csv` has every snapshot,
# `verdicts.csv` this table with the lines, `runs.csv` every run's values.

# %%
if rep.verdicts is None: print('one run per arm: no intervals and no verdicts (run a sweep with --seeds N for them)')
else:
    display(Markdown(markdown_table(verdict_table(rep.verdicts, rep.runs.metric, fmt))))
    display(Markdown('\n'.join(f"- {l}" for l in rep.verdicts['line'] if l)))

# %% [markdown]
# ## Final and best per arm
# With several seeds per arm: of the mean curve, `seeds` the runs that have values. `d_*` is the change against the
# first arm (negative = lower FID = better); `status` is `finished` (reached the kimg of
# its config.json), `partial` (stopped before it), `missing` (no metric lines), or `ok` (length unknown, every snapshot).

# %%
display(Markdown(markdown_table(rep.summary, fmt, formats={'d_final_pct': '.2f', 'd_best_pct': '.2f'})))
for m in rep.runs.missing: print(f"missing: {m['arm']} ({m['run']}): {m['reason']}")

# %%
display(rep.figure); plt.close(rep.figure)
print('written:', *[str(p) for p in rep.files], sep='\n  ')
