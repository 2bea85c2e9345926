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
#
# Run it with papermill, e.g.
# `papermill reports/ablation.ipynb runs/ablation.ipynb --cwd reports -y "arms: {base: ../runs/00000-base, mask: ../runs/00001-mask}"`;
# `python -m t2igan.sweep` runs it over a sweep. Relative paths are taken from the working directory.

# %% tags=["parameters"]
arms = ''                      # dict {label: run folder} or a comma-separated string of label/path pairs (see above); empty: every run in ../runs
metric = 'fid50k_full'         # metric name (reads metric-<metric>.jsonl)
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
from t2igan.reports import ablation_report, markdown_table, auto_floatfmt

# %%
if not arms:
    found = sorted(p for p in Path('../runs').glob('[0-9]' * 5 + '-*') if (p/f'metric-{metric}.jsonl').is_file())
    if not found: raise ValueError(f"arms: none given and no run in {Path('../runs').resolve()} has metric-{metric}.jsonl")
    arms = {p.name: str(p) for p in found}
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
# `d_*` is the change against the first arm (negative = lower FID = better); `status` flags partial and missing runs.

# %%
display(Markdown(markdown_table(rep.summary, fmt, formats={'d_final_pct': '.2f', 'd_best_pct': '.2f'})))
for m in rep.runs.missing: print(f"missing: {m['arm']} ({m['run']}): {m['reason']}")

# %%
display(rep.figure); plt.close(rep.figure)
print('written:', *[str(p) for p in rep.files], sep='\n  ')
