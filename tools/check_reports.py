"""Report (never fail) committed reference runs whose code differs from today's.

    python tools/check_reports.py

Each run folder under reports/ (and each run of a sweep's folder) records in params.json the `code_hash` of the package modules and
study notebooks that ran each step (`step_code_hash`); this prints, per run, the steps whose hash is not today's.
"""
import json
from pathlib import Path

from colorize_nb.study import code_hash

root = Path(__file__).resolve().parent.parent

def stale_steps(root=root) -> tuple[str, dict]:
    "Today's code hash, and for each run folder under `root`/reports (and each run of a sweep) the steps made by other code: {run: {step: hash}}."
    today, stale = code_hash(root / 'nbs'), {}
    for params in sorted((root / 'reports').rglob('params.json')):      # run folders, and the runs inside a sweep's folder
        info = json.loads(params.read_text())
        steps = info.get('step_code_hash') or {'(whole run)': info.get('code_hash')}
        stale[params.parent.relative_to(root)] = {step: h for step, h in steps.items() if h != today}
    return today, stale

if __name__ == '__main__':
    today, runs = stale_steps()
    for run, stale in runs.items():
        state = 'current' if not stale else 'STALE: ' + ', '.join(f"{s} made by code {h or 'without a recorded hash'}" for s, h in stale.items()) + f' (today {today})'
        print(f"{run}: {state}")
