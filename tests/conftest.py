import os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TORCH_CUDA_ARCH_LIST", "9.0")
if str(ROOT) not in sys.path: sys.path.insert(0, str(ROOT))
