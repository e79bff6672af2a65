#!/usr/bin/env bash
# Render nbs/index.ipynb to README.md and nbs/reports.ipynb to reports/README.md with nbconvert (nbdev_readme needs
# Quarto), executing the cells that read the committed results (their code hidden), and bench/README.md from its template.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3
render() {
  jupyter nbconvert --to markdown --execute "$1" --output-dir "$2" --output README --log-level ERROR \
    --TagRemovePreprocessor.enabled=True --TagRemovePreprocessor.remove_input_tags=remove_input
}
render nbs/index.ipynb .
render nbs/reports.ipynb reports
python tools/render_docs.py
