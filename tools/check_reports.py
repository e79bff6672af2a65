"""Check every committed reference run against today's code; exit 1 where today's code would give other numbers.

    python tools/check_reports.py            # judge each step of each run (CI runs this)
    python tools/check_reports.py --update   # also record today's code for the steps re-computation proved current
    python tools/check_reports.py --record   # also add this CPU kind's training fingerprint where a step's code is unchanged
    python tools/check_reports.py --reports DIR --package ROOT   # other run folders, judged with a changed copy of the package

A step whose code (`study.step_code_hash`: its notebook and the package modules it imports) is the one that made it is
current. Where that code changed, its check record (`checks.json`) is re-computed by today's code
(`study.check_run`): the same numbers, current; other numbers, or a failure, STALE; no record, another CPU kind for a
training fingerprint, or the data or model not here, unchecked (said, not failed).
"""
import argparse, json, sys
from pathlib import Path

from colorize_nb.study import check_run, record_checks, read_marker, cpu_kind

root = Path(__file__).resolve().parent.parent

def runs(reports=root / 'reports') -> list[Path]:
    "The run folders under `reports` (and each run of a sweep): folders the study made that hold a params.json."
    return [p.parent for p in sorted(Path(reports).rglob('params.json')) if read_marker(p.parent)]

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--update', action='store_true', help="record today's code for the steps that re-computation proved current")
    p.add_argument('--record', action='store_true', help="add this CPU kind's training fingerprint to runs whose training code is unchanged")
    p.add_argument('--reports', default=root / 'reports', type=Path, help='the folder of run folders (default: the checkout\'s reports/)')
    p.add_argument('--package', type=Path, help='a checkout (or a folder holding colorize_nb/) whose package is judged instead of this one')
    a = p.parse_args()
    print(f"CPU kind: {cpu_kind()}")
    stale = 0
    for run in runs(a.reports):
        if a.record: record_checks(run, root / 'nbs', log=lambda m: print(f"  record: {m}"))
        verdicts = check_run(run, root / 'nbs', a.package, update=a.update)
        states = {v[0] for v in verdicts.values()}
        head = 'STALE' if 'stale' in states else 'current' if states == {'current'} else 'current where checked'
        print(f"{run.relative_to(a.reports.parent) if run.is_relative_to(a.reports.parent) else run}: {head}")
        for step, (state, why) in verdicts.items():
            print(f"  {step}: {state}: {why}")
        stale += 'stale' in states
    sys.exit(1 if stale else 0)
