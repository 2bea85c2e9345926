"""The domain-CLIP recipes tried for the captioned shapes (table in nbs/08_shapes.ipynb), one per call.

    python tools/domain_clip_trials.py STEPS HARD_SHARE HARD_ATTRS GROUP TAG   # e.g. 1000 0.25 shape 8 resnet16
    env: CFG='{"lr": 0.005}' (DomainClipConfig fields), VIS='{"image_size": 32, "layers": [1, 1, 1, 1], "width": 16}'
         (an open_clip vision_cfg replacing the recipe's ViT; layers as a list = ModifiedResNet), UP=64 (upsample the
         32-px images to this size before the image tower)

A prototype of `t2igan.shapes.train_domain_clip`: every batch is drawn fresh (HARD_SHARE of it as groups of GROUP
images that differ in one attribute of HARD_ATTRS only, the rest random), where the library draws the random part from
its fixed training set. Prints one JSON line: training time, held-out retrieval (`evaluate_domain_clip`), the text
cosines (`attribute_cosine`) and the zero-shot attribute accuracy on 400 held-out images (`attribute_accuracy`, and for
the shape per size). One CPU thread: run two at once on two cores.
"""
import json, math, os, sys, time
import numpy as np, torch, torch.nn.functional as F, open_clip
from t2igan.shapes import (DomainClipConfig, SHAPES, COLOURS, SIZES, POSITIONS, BACKGROUNDS, draw_shapes, shape_captions,
                           domain_clip_model_cfg, evaluate_domain_clip, attribute_cosine, attribute_accuracy, make_shapes)
from t2igan.data import to_float

torch.set_num_threads(1)
steps, share, attrs, group, tag = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3].split(','), int(sys.argv[4]), sys.argv[5]
cfg = DomainClipConfig(steps=steps, vision='vit', hard_negatives=0, **json.loads(os.environ.get('CFG', '{}')))
UP = int(os.environ.get('UP', '0'))
VALS = dict(shape=list(SHAPES), colour=list(COLOURS), size=list(SIZES), pos=list(POSITIONS), bg=list(BACKGROUNDS))

def batch(rng, B):
    per = []
    for _ in range(int(B * share) // group if share > 0 else 0):
        a = attrs[rng.integers(len(attrs))]
        base = {k: v[rng.integers(len(v))] for k, v in VALS.items()}
        per += [dict(base, **{a: str(v)}) for v in rng.permutation(VALS[a])[:group]]
    while len(per) < B: per.append({k: v[rng.integers(len(v))] for k, v in VALS.items()})
    for p in per:
        if p['colour'] == p['bg']: p['colour'] = 'red'
    img = to_float(torch.from_numpy(draw_shapes({k: [p[k] for p in per] for k in VALS}, cfg.image_size, rng.uniform(-1, 1, (B, 3)).astype(np.float32))))
    return img, open_clip.tokenize([shape_captions(p, rng, 1)[0] for p in per], context_length=cfg.context_length)

t0 = time.time()
mc = domain_clip_model_cfg(cfg)
if os.environ.get('VIS'): mc['vision_cfg'] = json.loads(os.environ['VIS'])
torch.manual_seed(cfg.seed); model = open_clip.CLIP(**mc)
rng = np.random.default_rng(cfg.seed)
opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, 0.98))
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=steps, pct_start=0.1)
model.train(); B = cfg.batch_size
for s in range(steps):
    x, t = batch(rng, B)
    if UP: x = F.interpolate(x, size=UP, mode='bicubic', align_corners=False)
    fi, ft = model.encode_image(x, normalize=True), model.encode_text(t, normalize=True)
    logits = model.logit_scale.exp() * fi @ ft.T; lab = torch.arange(B)
    loss = (F.cross_entropy(logits, lab) + F.cross_entropy(logits.T, lab)) / 2
    opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    with torch.no_grad(): model.logit_scale.clamp_(0, math.log(100))
model.eval(); secs = time.time() - t0
if UP:
    _ei = model.encode_image
    model.encode_image = lambda x, normalize=False: _ei(F.interpolate(x, size=UP, mode='bicubic', align_corners=False), normalize=normalize)

class Enc:
    @torch.no_grad()
    def encode_image(self, x): return model.encode_image(x, normalize=True)
    @torch.no_grad()
    def encode_text(self, caps): return model.encode_text(open_clip.tokenize(caps, context_length=cfg.context_length), normalize=True)

d = make_shapes(400, 32, seed=cfg.seed + 1)
x = to_float(torch.from_numpy(d['images']))
acc = attribute_accuracy(Enc(), x, d['attributes'])
for sz in SIZES:
    ix = [i for i, p in enumerate(d['attributes']) if p['size'] == sz]
    acc['shape_' + sz] = attribute_accuracy(Enc(), x[ix], [d['attributes'][i] for i in ix])['shape']
print(json.dumps(dict(tag=tag, secs=secs, loss=loss.item(), **evaluate_domain_clip(model, cfg), cos=attribute_cosine(Enc()), acc=acc)))
