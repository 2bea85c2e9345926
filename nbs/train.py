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
# # Train one experiment
# > The experiment notebook: one `parameters` cell, run with papermill.
#
# ```bash
# python -m t2igan.run -p clip_mask 0.2                       # new runs/<id>-<desc>/, executed notebook saved inside
# python -m t2igan.run -p run_dir runs/mask02 -p clip_mask 0.2  # a folder you name (refused if it holds a run)
# papermill nbs/train.ipynb "runs/train-{pm[run_uuid]}.ipynb" -p clip_mask 0.2   # plain papermill: see below
# ```
# With the defaults this is the embedded demo: the captioned-shapes dataset and its domain CLIP (built once and
# cached), a small text-conditional StyleGAN2-ADA on the CPU, FID in the domain CLIP's feature space after every
# snapshot. Every experiment of the seed notes (`../shared/seeds/000_*.txt`) is one parameter below; the names
# are those of `t2igan.training.TrainConfig` and `t2igan.contrastive.ContrastiveConfig`, where each is checked.
#
# With plain papermill, leave `run_dir` empty and write the output notebook outside the run folders: the notebook
# makes the next free `runs/<id>-<desc>/`, prints it, and records the output notebook's path in its
# `notebook.txt` (`--inject-output-path` makes that certain). papermill overwrites its output file before the
# kernel starts, so a notebook inside a run folder is written only by `python -m t2igan.run` (`nbs/14_run.ipynb`).

# %% tags=["parameters"]
# --- run ---
run_dir = ''              # run folder to write; '': a new runs/<id>-<desc> under outdir
outdir = 'runs'           # parent of new run folders
desc = ''                 # short run description; '': derived from data and switches
resume = ''               # run folder or snapshot file to continue; '': start fresh
preset = ''               # sg2a-paper256 | sg2a-auto | lafite-coco | lafite-langfree | seed; '': none (explicit -p values win)
seed = 0                  # random seed (networks, latents, data order)
device = 'auto'           # 'auto' | 'cpu' | 'cuda'
num_gpus = 1              # processes, one per GPU (DDP); on the CPU gloo processes
threads = 1               # CPU threads per process (CPU runs only)
prefetch = True           # read the next batch in a background thread
# --- data and text ---
data = ''                 # dataset (python -m t2igan.data ...); '': embedded captioned shapes
shapes_kind = 'shapes'    # 'shapes' | 'scenes' (1-3 objects, varied COCO-like captions), when data = ''
shapes_resolution = 32    # 32 | 64, resolution of the embedded shapes
mirror = False            # x-flip training images
text_encoder = ''         # CLIP spec (load_clip) for the CLIP-space terms; '': the dataset's CLIP
# --- length and logging ---
kimg = 6.0                # thousands of real images shown to D (seed: 1000)
tick_kimg = 0.5           # one stats.jsonl line every this many kimg
snap = 4                  # ticks between snapshots, grids and metrics
batch = 16                # total batch size
batch_gpu = 0             # batch per process and accumulation round; 0: batch // num_gpus
metrics = 'fid1k_full'    # comma-separated, '': none (seed: fid50k_full)
metric_extractor = 'domain-clip'  # 'domain-clip' | 'inception' (needs the local weights file)
metric_gen = 0            # generated images per metric; 0: the count in its name
grid_size = 8             # image grid: rows: captions of the eval split, columns: latents
tensorboard = True        # also write TensorBoard event files into the run folder (runs/<id>/tensorboard)
snap_opt = 'newest'       # Adam states in the newest snapshot only ('newest') | in every snapshot ('all')
# --- architecture ---
arch = 'stylegan2'        # 'stylegan2' | 'gigagan' (GigaGAN: also aug 'noaug', style_mixing 0)
z_dim = 512               # latent size (seed: 512 vs 64, low-dimensional latent)
w_dim = 512               # intermediate latent size
map_depth = 8             # mapping depth (seed: 8 vs 2, shallow mapping)
mapping_text = True       # also feed the text into the mapping network (LAFITE: False)
cbase = 2048              # channel base (LAFITE 32768; seed "large network")
cmax = 64                 # max channels (LAFITE 512)
text_injection = 'concat' # how text enters G's layers: concat | film | add | bypass | none (seed: generator layer)
text_pre_norm = '2nd_moment'  # text normalization before G's text MLP: '2nd_moment' | 'unit' (LAFITE)
g_arch = 'skip'           # orig | skip | resnet
d_arch = 'resnet'         # orig | skip | resnet
d_projection = 'per_sample'  # 'per_sample' | 'legacy_batch' (LAFITE's batch-wide sum) | 'none'
mbstd_group = 4           # minibatch-std group size
fp16_res = 0              # highest resolutions in fp16 (CUDA; 4 as StyleGAN2)
mp_dtype = 'float16'      # dtype of the fp16_res blocks: 'float16' (CUDA only) | 'bfloat16' (any device)
channels_last = False     # channels_last memory format in the fp16_res blocks
reg_fp32 = False          # lazy R1 / path-length phases in float32
torch_compile = False     # torch.compile G.synthesis and D for the main phases
conv_clamp = None         # clamp conv outputs (256 with fp16); None: off
# --- optimisation ---
glr = 0.0025              # G learning rate
dlr = 0.0025              # D learning rate
gamma = 0.05              # R1 weight (StyleGAN2-ADA: 10 at 256 px)
r1_interval = 16          # lazy R1 interval; 0: every step
pl_weight = 0.0           # path-length weight, 0: off (StyleGAN2: 2)
pl_start_kimg = 0.0       # delayed path-length regularization (seed / StyleGAN-XL: 200)
pl_interval = 4           # lazy path-length interval
style_mixing = 0.9        # style-mixing probability, 0: disabled (seed experiment)
ema_kimg = 1.0            # G_ema half-life in kimg
ema_rampup = 0.05         # G_ema ramp-up ratio; None: off
orth_reg = 0.0            # BigGAN orthogonal regularization on G, 0: off
trunc_psi = 1.0           # truncation for grids and metrics
# --- augmentation ---
aug = 'ada'               # 'ada' | 'fixed' | 'noaug'
augpipe = 'bgc'           # blit | geom | color | bgc | bgcfnc ...
aug_p = 0.0               # initial (ada) or fixed probability
ada_target = 0.6          # ADA target E[sign(D(real))]
ada_kimg = 100.0          # ADA speed (StyleGAN2-ADA: 500)
imgfilter_bands = (1.0, 1.0, 1.0, 1.0)  # ADA image filter: per-band probability multipliers (0: band never changes)
# --- contrastive terms of the research ---
form = 'lafite'           # 'lafite' (double exponential, the seed's "problem") | 'ntxent'
temp = 0.5                # temperature tau
lam = 0.5                 # row-direction weight: 0.5 symmetric (seed), 0 asymmetric (LAFITE)
clip_mask = 0.0           # CLIP mask c (seed grid 0, 0.05, 0.1, 0.2, 0.5), 0: off
mask_rule = 'relative+same_image'  # pairs that get c: '+'-joined threshold | topk | relative | same_image
mask_threshold = 0.9      # 'threshold' rule: text cosine above which two captions count as the same
mask_topk = 1             # 'topk' rule: each caption's k most similar other captions in the batch
mask_z = 2.0              # 'relative' rule: pairs above the batch's mean off-diagonal text cosine + z std
it_weight = 5.0           # image-text weight (seed grid 0.5 .. 5)
ii_weight = 5.0           # image-image weight (seed grid 0.5 .. 5)
hetero_ratio = None       # G's image-text : image-image ratio r (seed grid 0 .. 2), total kept; None: the weights as given
structure = (1.0, 2.0, 1.0)  # discriminator : CLIP : ResNet multipliers
itd = 1.0                 # image-text in D space, 0: off
itc = 1.0                 # image-text in CLIP space, 0: off
iid = 0.0                 # image-image in D space, 0: off
iic = 0.0                 # image-image in CLIP space (seed experiment), 0: off
iird = 0.0                # image-image in ResNet space (seed experiment; needs resnet_weights), 0: off
mixing_prob = 0.0         # language-free pseudo text probability, 0: captions only
text_noise = 0.1          # LAFITE's real-text perturbation normalize((1-s) t + s eps), also at mixing_prob 0; 0: off
img_noise = 0.75          # noise on image features for pseudo text
clip_input = 'resize'     # generated images into CLIP: 'resize' (random 50-100% crop) | 'pad' (LAFITE below 224 px)
resnet_weights = ''       # ImageNet ResNet weights file (or 'imagenet') for iird
# --- GigaGAN parts (arch 'gigagan' also needs aug 'noaug' and style_mixing 0) ---
giga_kernels = 4          # adaptive kernel bank size N (1: plain modulated conv)
giga_self_attn_res = (8, 16)   # G resolutions with L2 self-attention ((): none)
giga_cross_attn_res = (8, 16)  # G resolutions with cross-attention to the text tokens ((): none)
giga_attn_heads = 2       # attention heads in the synthesis network
giga_attn_gain = 0.2      # residual gain of the attention branches
giga_text_width = 128     # width of the learned text layers (also the size of t_global)
giga_text_layers = 2      # depth of G's learned text layers T
giga_d_text_layers = 1    # depth of D's learned text layers
giga_text_heads = 2       # attention heads of the learned text layers
giga_cmap_dim = 128       # size of D's text embedding
giga_noise = True         # per-pixel noise inputs in G
giga_pyramid_levels = 3   # RGB pyramid levels G outputs and D reads
giga_blocks_per_res = 1   # G layer groups (conv, attention, conv) per resolution, >1: Table 1's '+ Deeper'
giga_attn_decay = 0.01    # AdamW weight decay of G's attention weights, 0: off
giga_ms_io = True         # multi-scale input and output discriminator
giga_matching = 1.0       # matching-aware D loss weight (eq. 8), 0: off
giga_g_matching = 0.0     # G matching term weight, 0: off
giga_clip_loss = 0.2      # CLIP contrastive loss on G (eq. 9), 0: off
giga_clip_tau = 0.07      # temperature of the CLIP loss
giga_vision_aided = 0.0   # vision-aided loss weight (needs a CLIP with a ViT tower), 0: off
giga_vision_layers = ()   # ViT blocks the vision-aided head reads ((): 3 evenly spaced)
giga_vision_proj_dim = 64 # size of the fixed random projection of the ViT features
giga_trunc = None         # BigGAN truncation of z for grids and metrics, None: off
giga_autocast = 'none'    # GigaGAN's text encoding and losses under torch.autocast: 'none' | 'bfloat16'

# %% [markdown]
# ## The config
# The parameters (defaults and papermill's overrides) become one frozen, typed config; a wrong name, type or
# value stops here, before anything is built or written.

# %%
import types
from t2igan.training import TrainConfig, launch, NotebookDisplay, plot_losses, metric_frame
# every plain value defined so far is a parameter (an unknown name injected by papermill -p is caught here)
_params = {k: v for k, v in dict(globals()).items()
           if not k.startswith(('_', 'PAPERMILL_')) and k not in ('In', 'Out') and not callable(v) and not isinstance(v, types.ModuleType)}
from t2igan.training import explicit_names
cfg = TrainConfig.from_params(_params, explicit_names(_params, globals().get('In', ())))   # -p values win over a preset
import pandas as pd
pd.DataFrame([(k, repr(v)) for k, v in cfg.to_params().items()], columns=['parameter', 'value']).set_index('parameter').T

# %% [markdown]
# ## The networks

# %%
from t2igan.training import build_networks
from t2igan.stylegan2 import print_module_summary
import torch
from t2igan.data import read_manifest
_m = read_manifest(cfg.data) if cfg.data else dict(resolution=cfg.shapes_resolution, clip_dim=64)   # the demo's domain CLIP is 64-d
if cfg.arch == 'stylegan2':
    _G, _D = build_networks(cfg, int(_m['resolution']), 3, int(_m['clip_dim']))
    _z, _c = torch.randn(2, _G.z_dim), torch.nn.functional.normalize(torch.randn(2, int(_m['clip_dim'])), dim=1)
    print_module_summary(_G, [_z, _c], max_nesting=2)
    print_module_summary(_D, [_G(_z, _c), _c], max_nesting=2)

# %% [markdown]
# ## The run folder
# Made before training, so that it and the executed notebook name each other from the start: this cell prints
# the folder (its output also carries it as metadata); the next writes the executed notebook's path into
# `<run>/notebook.txt` (papermill has saved the notebook by then; `t2igan.run.link_notebook` says how it is found).

# %%
#| slow
from t2igan.training import prepare_run_dir
from t2igan.run import announce_run, link_notebook
run_dir = prepare_run_dir(cfg); cfg = cfg.replace(run_dir=str(run_dir))
_token = announce_run(run_dir)

# %%
#| slow
link_notebook(run_dir, _token, globals().get('PAPERMILL_OUTPUT_PATH'), globals().get('__session__'));

# %% [markdown]
# ## Train
# A live progress bar, the loss curves, the latest image grid (fixed captions of the evaluation split, fixed
# latents) and the metric table update as the run goes.

# %%
#| slow
run_dir = launch(cfg, callbacks=NotebookDisplay())
print('run folder:', run_dir)

# %% [markdown]
# ## Results

# %%
#| slow
from IPython.display import Image, display
if plot_losses(run_dir) is not None: display(Image(filename=str(run_dir/'losses.png')))
_grids = sorted(run_dir.glob('fakes*.png'))
if _grids: display(Image(filename=str(_grids[-1])))
_m = metric_frame(run_dir)
_m.pivot_table(index='kimg', columns='metric', values='value') if len(_m) else 'no metrics requested'
