"""Report (never fail) committed reference runs whose code differs from today's.

    python tools/check_reports.py

Each run folder under reports/ records in params.json the `code_hash` of the package modules and
study notebooks that produced it; this prints, per run, whether that hash is today's.
"""
import json
from pathlib import Path

from colorize_nb.study import code_hash

root = Path(__file__).resolve().parent.parent
today = code_hash(root / 'nbs')
for params in sorted((root / 'reports').glob('*/params.json')):
    recorded = json.loads(params.read_text()).get('code_hash')
    state = 'current' if recorded == today else f'STALE (made by code {recorded or "without a recorded hash"}, today {today})'
    print(f"{params.parent.relative_to(root)}: {state}")
