# t2igan: the README's two commands are `make demo` and `make test`.
SHELL := /bin/bash
PY    ?= python3
VENV  := .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
# Offline by design: nothing waits on the Hugging Face hub.
export HF_HUB_OFFLINE := 1
export TORCH_CUDA_ARCH_LIST ?= 9.0

.PHONY: demo test lab install export clean-nbs outputs ops ablation-demo tensorboard help

help:
	@echo "make demo        # create .venv if missing, install, run the demo experiment"
	@echo "make test        # create .venv if missing, install, run every check"
	@echo "make lab         # JupyterLab on nbs/"
	@echo "make outputs     # re-execute the notebooks in nbs/ in place (their committed figures), then nbdev-clean"
	@echo "make ops         # build the custom CUDA ops and print a diagnosis"
	@echo "make ablation-demo # CLIP mask 0 vs 0.2 and style mixing off vs on, 3 seeds each, on the CPU (< 30 min), with verdicts"
	@echo "make tensorboard # TensorBoard over runs/ (every run writes runs/<id>/tensorboard)"

$(BIN)/python:
	$(PY) -m venv $(VENV)

# the stamp's name is a hash of the two files' contents, so only a content change reinstalls (nbdev-export rewrites
# pyproject.toml without changing it, which a time-stamp rule would take for a change)
$(STAMP): | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

export: install
	$(BIN)/nbdev-export

clean-nbs: install
	$(BIN)/nbdev-clean

# tiny CPU tensors run fastest on one thread per process; two pytest workers use both cores
test: install
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -p no:cacheprovider -rs -n 2 tests

# the CPU demo: the default experiment, one process on every core (threads=0)
demo: install
	$(BIN)/python -m t2igan.run

# the committed outputs: every nbs/ notebook re-executed in place (cuda/slow/notest cells left empty)
outputs: install
	OMP_NUM_THREADS=1 $(BIN)/python tools/execute_nbs.py nbs/[0-9]*.ipynb
	$(BIN)/nbdev-clean

ops: install
	$(BIN)/python -m t2igan.ops

# one factor at a time against the demo's defaults (the first arm), 3 seeds per arm, two runs at once (one per core)
ablation-demo: install
	$(BIN)/python -m t2igan.sweep nbs/train.ipynb --arm baseline --arm clip_mask=0.2 --arm style_mixing=0.9 --seeds 3 --jobs 2 \
		-p kimg 16 -p snap 16 -p metrics fid1k_full --name ablation-demo --log-y

tensorboard: install
	$(BIN)/tensorboard --logdir runs

lab: install
	$(BIN)/jupyter lab --notebook-dir=. $$( [ "$$(id -u)" = 0 ] && echo --allow-root )
