"""`python -m t2igan.ops`: build the CUDA kernels and print a diagnosis (exit status 1 on failure).

Written by hand, not generated: nbdev exports one module per notebook (nbs/23_ops.ipynb -> t2igan/ops/__init__.py,
where `main` lives), so this entry point only calls it."""
import sys
from t2igan.ops import main

if __name__ == '__main__': sys.exit(main())
