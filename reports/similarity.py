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
# # Cosine similarity within a batch
# For a batch of captions and images: text-text (a caption against another caption of the same image, as in the
# seed's 16x16 matrix), image-image (a real image against a generated one from a run, or against a random crop of
# itself when no run is given) and image-text cosine matrices as annotated heatmaps, the captions beside them, and the mean
# similarity of positive (same image) and negative pairs per feature space: CLIP, ResNet, the discriminator.
#
# `papermill reports/similarity.ipynb /tmp/similarity.ipynb --cwd reports -p run ../runs/00012-demo`
# (or `-p features file.pt`: precomputed features, a dict with captions, text, text_b, img, img_b and optionally
# res, res_b, d, d_b, idx, views, and generated=True when img_b are generated images).

# %% tags=["parameters"]
features = ''                  # .pt file of precomputed features (see above); empty: compute them below
dataset = ''                   # ImageTextDataset folder or zip; empty: the embedded captioned-shapes dataset
split = 'val'                  # dataset split to draw the batch from; empty: every image
clip = ''                      # load_clip spec; empty: the dataset's own CLIP (dataset.clip_spec)
resnet = ''                    # ResNetFeatures weights, 'imagenet' or a file; empty: no ResNet features
run = ''                       # run folder: generated images and discriminator features from its last snapshot; empty: none
batch = 16                     # batch size (matrix side)
seed = 0                       # which images and captions are drawn
device = 'cpu'                 # torch device
out_dir = 'figures/similarity' # where PNG/CSV/Markdown go

# %%
import json
from pathlib import Path
import numpy as np
import pandas as pd
import torch
import matplotlib.pyplot as plt
from IPython.display import Markdown, display
from t2igan.contrastive import cosine_matrix
from t2igan.reports import pair_table, similarity_figure, markdown_table, save_report, check_run_folder
# a wrong path stops here, naming the folder or file and what was expected there
if features and not Path(features).is_file():
    raise FileNotFoundError(f"features: no file at {Path(features).resolve()}; expected a .pt of precomputed features (see above)")
if dataset and not Path(dataset).exists():
    raise FileNotFoundError(f"dataset: nothing at {Path(dataset).resolve()}; expected an ImageTextDataset folder or zip (python -m t2igan.data)")
if run and not features: check_run_folder(run, snapshot=True)

# %% [markdown]
# ## Features
# Real images and two different captions per image from the dataset; CLIP text and image features (L2-normalised),
# optionally ResNet image features and, with a run, generated images and the discriminator's embedding.

# %%
if features:
    F_ = torch.load(features, weights_only=True)
else:
    from t2igan.data import ImageTextDataset, to_float
    from t2igan.shapes import ensure_shapes_dataset
    from t2igan.text import load_clip, ResNetFeatures
    ds = ImageTextDataset(dataset or ensure_shapes_dataset(), split=split or None)
    enc = load_clip(clip or ds.clip_spec, device=device)
    g = torch.Generator().manual_seed(seed)
    ids = torch.randperm(len(ds), generator=g)[:batch].tolist()
    caps = [ds.captions(i) for i in ids]
    ca, cb = [c[0] for c in caps], [c[1 % len(c)] for c in caps]   # two paraphrases of the same image (the same one if only one)
    reals = torch.stack([to_float(ds[i]['img']) for i in ids]).to(device)   # [N, C, H, W] in [-1, 1]
    if reals.shape[1] == 1: reals = reals.repeat(1, 3, 1, 1)
    F_ = dict(captions=ca, captions_b=cb, idx=torch.tensor(ids))
    with torch.no_grad():
        F_['text'], F_['text_b'] = enc.encode_text(ca), enc.encode_text(cb)
        if run:
            from t2igan.config import TrainConfig
            from t2igan.arch import get_arch
            from t2igan.training import find_snapshot, load_snapshot
            cfg = TrainConfig.from_params(json.loads((Path(run)/'config.json').read_text())['params'])
            if cfg.arch != 'stylegan2': raise ValueError(f"run: {run} trained arch={cfg.arch!r}; the discriminator features here are StyleGAN2's")
            arch = get_arch(cfg.arch)(cfg, ds.resolution, ds.num_channels, F_['text'].shape[1]); G, D = arch.G, arch.D
            snap = find_snapshot(run); st = load_snapshot(snap)
            G.load_state_dict(st['G_ema']); D.load_state_dict(st['D']); G, D = G.eval().to(device), D.eval().to(device)
            c = F_['text'] if G.c_dim else None
            second = G(torch.randn(len(ids), G.z_dim, generator=g).to(device), c, noise_mode='const').clamp(-1, 1)
            F_['views'], F_['generated'] = f"generated by {snap}", True
            F_['d'], F_['d_b'] = D(reals, c, return_features=True)[1], D(second, c, return_features=True)[1]
            view = {}
        else:   # a random 70-100% crop of each real (not a flip: the captions name left and right)
            second, view = reals, dict(crop=(0.7, 1.0), generator=g); F_['views'] = 'the reals, seen through random 70-100% crops inside the encoders (no run given)'
        F_['img'], F_['img_b'] = enc.encode_image(reals), enc.encode_image(second, **view)
        if resnet:
            rn = ResNetFeatures(weights=resnet).to(device)
            F_['res'], F_['res_b'] = rn(reals), rn(second, **view)
    F_['images'] = torch.cat([reals, second]).cpu()
captions = list(F_['captions'])
idx = torch.as_tensor(F_['idx']) if 'idx' in F_ else None
print(f"{len(captions)} pairs; second images: {F_.get('views', 'as given')}; image indices: {idx.tolist() if idx is not None else 'one per row'}")

# %% [markdown]
# ## Matrices
# Rows and columns are batch items numbered as in the caption list; matching pairs are on the diagonal.

# %%
mats = {'text-text (CLIP)': cosine_matrix(F_['text'], F_['text_b']),
        'image-image (CLIP)': cosine_matrix(F_['img'], F_['img_b']),
        'image-text (CLIP)': cosine_matrix(F_['img'], F_['text'])}
if F_.get('generated'): mats['generated-text (CLIP)'] = cosine_matrix(F_['img_b'], F_['text'])   # the seed's img:txt (fake vs caption)
fig = similarity_figure(mats, captions=captions)
display(fig)
if 'images' in F_:
    import torchvision
    grid = torchvision.utils.make_grid((F_['images'] + 1)/2, nrow=len(captions), padding=1).permute(1, 2, 0).numpy()
    figi, axi = plt.subplots(figsize=(min(1.0*len(captions), 20), 2.4)); axi.imshow(grid.clip(0, 1)); axi.axis('off')
    axi.set_title('top: real images 0..N-1; bottom: ' + F_.get('views', 'second view')); display(figi)

# %% [markdown]
# ## Positive and negative pair means per feature space
# Positive = same image (the diagonal, plus in-batch duplicates of an image when `idx` repeats), negative = the rest.

# %%
pairs = {'clip text:text': (F_['text'], F_['text_b']), 'clip img:img': (F_['img'], F_['img_b']), 'clip img:txt': (F_['img'], F_['text'])}
if F_.get('generated'): pairs['clip fake:txt'] = (F_['img_b'], F_['text'])
if 'res' in F_: pairs['resnet img:img'] = (F_['res'], F_['res_b'])
if 'd' in F_: pairs['discriminator img:img'] = (F_['d'], F_['d_b'])
if 'd' in F_ and F_['d'].shape[1] == F_['text'].shape[1]: pairs['discriminator img:txt'] = (F_['d'], F_['text'])
table = pair_table(pairs, idx)
display(Markdown(markdown_table(table, floatfmt='.4f')))
for name, row in table.iterrows():   # the seed's own format
    print(f"{name} positive pair : {row.positive:.4f}\n{name} negative pair : {row.negative:.4f}")

# %%
out = Path(out_dir)
md = ("# Cosine similarity within a batch\n\n" + f"Second images: {F_.get('views', 'as given')}.\n\n" +
      '\n'.join(f"{i}. {c}" for i, c in enumerate(captions)) + "\n\n## Pair means\n\n" + markdown_table(table, floatfmt='.4f'))
figs = {'similarity': fig} | ({'images': figi} if 'images' in F_ else {})
tabs = {'pair_means': table} | {k.split(' ')[0].replace('-', '_'): pd.DataFrame(v.numpy()) for k, v in mats.items()}
files = save_report(out, tabs, figs, md)
(out/'captions.txt').write_text('\n'.join(captions) + '\n')
plt.close('all')
print('written:', *[str(p) for p in files], sep='\n  ')
