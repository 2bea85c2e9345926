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

# %%
import warnings
from pathlib import Path
import matplotlib.pyplot as plt
from IPython.display import Markdown, display
from t2igan.reports import ablation_report, markdown_table, auto_floatfmt, pick_metric

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
                          allow_protocol_mismatch=allow_protocol_mismatch)
for w in caught: print('warning:', w.message)

# %% [markdown]
# ## Per snapshot (rows: kimg)

# %%
fmt = auto_floatfmt(rep.table.values)
display(Markdown(markdown_table(rep.table, fmt)))

# %% [markdown]
# ## Final and best per arm
# `d_*` is the change against the first arm (negative = lower FID = better); `status` is `finished` (reached the kimg of
# its config.json), `partial` (stopped before it), `missing` (no metric lines), or `ok` (length unknown, every snapshot).

# %%
display(Markdown(markdown_table(rep.summary, fmt, formats={'d_final_pct': '.2f', 'd_best_pct': '.2f'})))
for m in rep.runs.missing: print(f"missing: {m['arm']} ({m['run']}): {m['reason']}")

# %%
display(rep.figure); plt.close(rep.figure)
print('written:', *[str(p) for p in rep.files], sep='\n  ')
