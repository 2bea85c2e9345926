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
# # The seed notes' results
# Every experiment of the 7/28 meeting notes (`../shared/seeds/000_*.txt`) from the numbers copied to
# `data/reference/`: one table and one curve per experiment, the CLIP-mask sweep with its best arm marked, and
# the text-feature cosine matrix. Values are shown exactly as recorded (tables carry every digit; CSVs round-trip).
#
# **x axis: snapshot number.** The notes list one FID per training snapshot but not the snapshot spacing in kimg
# (training ran 1000 kimg), so curves and tables use the snapshot index 1, 2, ... as x.
#
# **One run per arm: no interval.** Every arm of the notes is a single training run, so its numbers carry no interval
# over seeds, and a difference between two arms (the deltas below, the sweep's best arm) may be seed noise as much as
# an effect. A sweep with `--seeds N` (`python -m t2igan.sweep ... --seeds 3`) gives means with 95% intervals and a
# verdict per arm (`reports/ablation.ipynb`).
#
# `papermill reports/seed_results.ipynb /tmp/seed_results.ipynb --cwd reports -p readme_dir figures/readme`

# %% tags=["parameters"]
reference = '../data/reference/seed_ablation_fid.json'         # FID lists and experiment arms
cosine = '../data/reference/seed_text_cosine_matrix.json'      # the 16x16 text cosine matrix and pair statistics
out_dir = 'figures/seed'       # where PNG/CSV/Markdown go
readme_dir = ''                # also copy the CLIP-mask sweep figure and table here; empty: no
log_y = False                  # log-scaled y axes

# %%
import math, re, shutil
from pathlib import Path
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import Markdown, display
from t2igan.reports import (load_reference, seed_experiment_table, summarize, common_best, plot_curves, markdown_table,
                            plot_similarity, similarity_figure, heatmap_values, save_report)

ref, cos = load_reference(reference), load_reference(cosine)
out = Path(out_dir); out.mkdir(parents=True, exist_ok=True)
slug = lambda s: re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')
display(Markdown(f"Source: {ref['source']}. Metric: {ref['metric']}. Setting: " + ', '.join(f"{k}: {v}" for k, v in ref['setting'].items())))

# %% [markdown]
# ## Experiments
# Arms are in the order of the notes; deltas are against the first arm (negative = lower FID = better). One run per
# arm: a delta has no interval, so it says nothing about seed noise.

# %%
experiments = [e for e in ref['experiments'] if e['arms']]
NO_INTERVAL = ("One run per arm: these numbers carry no interval over seeds, so a difference between arms may be seed noise "
               "(a sweep with `--seeds N` gives 95% intervals and a verdict per arm).\n")
tables, pages = {}, ["# Seed experiments (x: snapshot number; the kimg spacing was not recorded)\n", NO_INTERVAL]
ncol = 3; nrow = math.ceil(len(experiments)/ncol)
fig, axes = plt.subplots(nrow, ncol, figsize=(6*ncol, 3.8*nrow), squeeze=False)
for ax, e in zip(axes.flat, experiments):
    t = seed_experiment_table(ref, e); s = summarize(t)
    tables[slug(e['experiment'])] = t
    head = f"### {e['experiment']} (verdict: {e['verdict'] or 'none recorded'})"
    runs = ', '.join(f"`{k}` = {v if isinstance(v, str) else v['run']}" for k, v in e['arms'].items())
    page = f"{head}\n\nRuns: {runs}" + (f". Note: {e['note']}" if e.get('note') else '') + "\n\n" + markdown_table(t, floatfmt='') + "\n" + \
           markdown_table(s[['status', 'snapshots', 'final', 'best', 'best_at', 'd_final', 'd_final_pct', 'd_best', 'd_best_pct']])
    pages.append(page); display(Markdown(page))
    plot_curves(t, log_y=log_y, ax=ax, title=e['experiment']); ax.set_xlabel('snapshot number')
for ax in list(axes.flat)[len(experiments):]: ax.axis('off')
fig.tight_layout(); display(fig)
figures = {'experiments': fig}
open_ = [e for e in ref['experiments'] if not e['arms']]
if open_: display(Markdown("Listed without FID numbers in the notes: " + '; '.join(f"{e['experiment']} ({e['verdict']})" for e in open_)))

# %% [markdown]
# ## The CLIP-mask sweep
# The mask ratio c in {0, 0.05, 0.1, 0.2, 0.5}. Arms of unequal length are compared at the last snapshot every arm
# reached; the best arm there is marked with a star (at that snapshot) and "(best)" in the legend. One run per arm:
# "best" is the lowest single value, with no interval to say whether it beats seed noise.

# %%
sweep = next(e for e in experiments if 'sweep' in e['experiment'].lower())
st = seed_experiment_table(ref, sweep)
best, at, val = common_best(st)
fig2 = plot_curves(st, log_y=log_y, highlight=best, mark_at=at, title=f"CLIP mask ratio sweep (best at snapshot {at}: c={best}, FID {val:.2f})")
fig2.axes[0].set_xlabel('snapshot number'); figures['clip_mask_sweep'] = fig2
at_common = st.loc[[at]].T.rename(columns={at: f'FID at snapshot {at}'})
at_common['best'] = ['*' if a == best else '' for a in at_common.index]
sweep_md = (f"CLIP-mask sweep: FID at snapshot {at}, the last one every arm reached in the reference data "
            f"(x: snapshot number; the kimg spacing was not recorded). Best: c = {best}.\n\n" + markdown_table(at_common, floatfmt='.3f'))
pages.append("## CLIP-mask sweep\n\n" + sweep_md + "\n" + NO_INTERVAL); display(Markdown(sweep_md)); display(fig2)

# %% [markdown]
# ## Text features: cosine similarity within a batch
# 16 COCO captions against 16 other captions of the same images (so the diagonal is below 1), CLIP ViT-B/16 text
# features, as recorded with two decimals. The notes list six example captions, not the sixteen of the batch.

# %%
M = np.array(cos['matrix'], dtype=float)
fig3 = similarity_figure({'text-text cosine (seed notes)': M}, captions=cos.get('example_captions'), vmin=0, vmax=1,
                         captions_title='example captions from the notes (not the batch)')
ax = fig3.axes[0]; ax.set_xlabel('caption (second paraphrase)'); ax.set_ylabel('caption')
assert heatmap_values(ax) == [format(v, '.2f') for row in cos['matrix'] for v in row]  # the heatmap shows the recorded values
figures['text_cosine'] = fig3; display(fig3)
pairs = pd.DataFrame({'mean cosine': cos['clip_pair_statistics']}); pairs.index.name = 'pair'
diag = pd.DataFrame({'diagonal': [np.diag(M).mean()], 'off-diagonal': [M[~np.eye(len(M), dtype=bool)].mean()]}, index=['text-text (matrix)'])
pages.append("## Text cosine matrix\n\n" + markdown_table(pd.DataFrame(M), floatfmt='.2f') + "\n## Pair means\n\n" + markdown_table(pairs, floatfmt='.4f'))
display(Markdown(markdown_table(pairs, floatfmt='.4f'))); display(Markdown(markdown_table(diag, floatfmt='.4f')))

# %%
tables.update(clip_mask_sweep_at_common=at_common, text_cosine=pd.DataFrame(M), pair_statistics=pairs)
files = save_report(out, tables, figures, '\n'.join(pages))
if readme_dir:
    rd = Path(readme_dir); rd.mkdir(parents=True, exist_ok=True)
    shutil.copy(out/'clip_mask_sweep.png', rd/'seed_clip_mask_sweep.png'); (rd/'seed_clip_mask_sweep.md').write_text(sweep_md)
plt.close('all')
print('written:', *[str(p) for p in files], sep='\n  ')
