"""The red probe of a finished study run on other features than its own step made (`miscolor.run_red_probe`).

    python tools/probe_red.py reports/lite0 imagenet-lite1             # writes reports/lite0/red_probe_imagenet-lite1.json
    python tools/probe_red.py reports/lite0 imagenet --epochs 1        # ... --epochs N, --finetune, --out FILE

The probe is the one the run's miss-colorization step makes with `-p red_probe_features ...`: the run's training
photos train the detector (at its training size and crop), its split's photos score it at the step's `eval_size`, as
its parameters say (`study.step_parameters`); so its numbers stand beside the step's own `red_probe.json`.
"""
import argparse, json, subprocess, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def main(argv=None) -> int:
    from colorize_nb.miscolor import PROBED_FEATURES
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('run', help='a finished study run folder (its split.csv and config.json)')
    ap.add_argument('features', choices=PROBED_FEATURES, help="what the detector reads: the run's model, or an ImageNet encoder alone")
    ap.add_argument('--epochs', type=int, default=2, help='passes over the training photos (default: 2)')
    ap.add_argument('--finetune', action='store_true', help="train the probed network's body too")
    ap.add_argument('--out', help='the JSON file written (default: RUN/red_probe_FEATURES.json)')
    a = ap.parse_args(argv)
    run = Path(a.run)
    out = Path(a.out) if a.out else run / f"red_probe_{a.features}{'_finetune' if a.finetune else ''}.json"
    from colorize_nb.data import read_split, DatasetError
    from colorize_nb.study import code_hash, step_parameters, read_marker, find_nbs, StudyError, run_as_evaluated
    from colorize_nb.miscolor import run_red_probe
    try:
        if not read_marker(run): raise StudyError(f"{run}: not a study run folder (no .colorize-study.json)")
        nbs = find_nbs()
        p = step_parameters(run, nbs / '06_miscolor.ipynb')                        # the step's defaults, then the run's own
        frame = read_split(run)
        part = frame[frame.split == p['split']]
        if p['max_images']: part = part.sample(min(p['max_images'], len(part)), random_state=p['seed'])
        model = run_as_evaluated(run) if a.features == 'model' else None
        result = run_red_probe(run, model, frame[frame.split == 'train'], part.reset_index(drop=True), a.features, a.epochs, a.finetune, p['eval_size'], p['seed'])
    except (StudyError, DatasetError, FileNotFoundError, ValueError) as e:
        print(f"probe_red: {e}", file=sys.stderr); return 2
    commit = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=root, capture_output=True, text=True).stdout.strip() or None
    command = f"python tools/probe_red.py {a.run} {a.features}" + (f" --epochs {a.epochs}" if a.epochs != 2 else '') + (' --finetune' if a.finetune else '')
    out.write_text(json.dumps(dict(command=command, code_hash=code_hash(nbs), git_commit=commit, **result), indent=1) + '\n')
    print(f"red probe on {result['model']}: precision {result['precision_at_recall']['0.3']:.3f} at recall 0.3 "
          f"(knowing nothing: {result['red_share_val']:.3f}), average precision {result['average_precision']:.3f}, ROC AUC {result['roc_auc']:.3f}; "
          f"{result['seconds'] / 60:.1f} min of training; written to {out}")
    return 0

if __name__ == '__main__': sys.exit(main())
