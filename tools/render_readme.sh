#!/usr/bin/env bash
# Render nbs/index.ipynb to README.md with nbconvert (nbdev_readme needs Quarto).
set -euo pipefail
cd "$(dirname "$0")/.."
jupyter nbconvert --to markdown nbs/index.ipynb --output-dir . --output README --log-level ERROR
