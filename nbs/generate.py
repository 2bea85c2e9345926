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
#     display_name: python3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Generate images from a trained run
# > Prompts and seeds in, image grids out: one `parameters` cell, run with papermill.
#
# ```bash
# papermill nbs/generate.ipynb runs/00012-x/generate.ipynb -p snapshot runs/00012-x -p seeds 0-7 \
#     -y 'prompts: ["a red circle on a blue background", "a small green star at the top"]'
# python -m t2igan.generate --snapshot runs/00012-x --prompt "a red circle on a blue background" --seeds 0-7 --out runs/00012-x/generated
# ```
# The snapshot's `G_ema` is rebuilt from its own config and reads the prompts through the run's own text encoder
# (the dataset's CLIP; for the embedded demo, its domain CLIP). Rows are prompts, columns are seeds; the files
# and a `generate.jsonl` line recording how they were made go to `out_dir` (`t2igan.generate`).

# %% tags=["parameters"]
snapshot = ''             # run folder (its newest snapshot) or a network-snapshot-*.pt file
prompts = ['a red circle on a blue background', 'a small green star at the top']  # the rows of the grid
captions_file = ''        # text file with one prompt per line, used instead of prompts; '': use prompts
seeds = '0-7'             # the columns: '0-7', '1,5,9', or a list of ints
trunc = None              # truncation psi; None: the run's trunc_psi
grid = True               # True: one grid PNG; False: one PNG per image
interpolate = []          # two prompts: also a strip from the first to the second, a row per seed; []: none
steps = 8                 # images per interpolation strip, ends included
out_dir = ''              # folder to write; '': <run folder>/generated
overwrite = False         # replace existing files in out_dir
device = 'auto'           # 'auto' | 'cpu' | 'cuda'

# %%
from IPython.display import Image, display
from t2igan.generate import plan_generation, run_generation, resolve_snapshot

# %% [markdown]
# ## The plan
# Every input is checked and every output file named before the snapshot is loaded; a wrong seed spec, an empty
# prompt or an existing file stops here, naming the parameter.

# %%
#| slow
plan = plan_generation(snapshot, out_dir or resolve_snapshot(snapshot).parent/'generated', None if captions_file else prompts,
                       captions_file or None, seeds, trunc, 'grid' if grid else 'separate', interpolate or None, steps=steps,
                       overwrite=overwrite)
print(f"{plan.snapshot}: {len(plan.prompts)} prompts x {len(plan.seeds)} seeds -> {plan.out_dir}")

# %% [markdown]
# ## The images

# %%
#| slow
paths = run_generation(plan, device)
for p in paths[:16]:
    print(p.name); display(Image(filename=str(p)))
