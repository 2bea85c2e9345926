"""Notebook-first, reproducible text-to-image GANs: StyleGAN2-ADA, LAFITE-style CLIP conditioning, contrastive losses, GigaGAN parts

Modules:

- `t2igan.gigagan`: GigaGAN (Kang et al. 2023, arXiv 2303.05511) on the StyleGAN2 bricks: the RGB-pyramid generator, the multi-scale input / multi-scale output discriminator, the vision-aided head, the matching-aware, CLIP and vision-aided losses with their weights, and BigGAN's truncated z; every part switchable from the configs, so the paper's ablation is a sweep."""

__version__ = "0.0.1"
