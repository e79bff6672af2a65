"""Finished study runs side by side on their one validation split (`study.side_by_side`).

    python tools/side_by_side.py reports/cpu reports/lite0 --names faithful "encoder U-Net"   # writes reports/side_by_side/

Needs the runs' photos (the dataset) and their models (a run's model.keras, or the shipped model its check record names).
"""
import argparse, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('runs', nargs='+', help='finished run folders of one split')
    ap.add_argument('--names', nargs='+', help="a name per run (default: the folders' names)")
    ap.add_argument('--out', default=str(root / 'reports' / 'side_by_side'), help='the folder written (default: reports/side_by_side)')
    ap.add_argument('--max-photos', type=int, help='the rare-colour measure on a seeded sample of the validation photos (default: all)')
    args = ap.parse_args(argv)
    names = args.names or [Path(r).name for r in args.runs]
    if len(names) != len(args.runs): ap.error(f"{len(names)} names for {len(args.runs)} runs")
    import matplotlib; matplotlib.use('Agg')
    from colorize_nb.study import side_by_side, StudyError
    from colorize_nb.data import DatasetError
    try: table = side_by_side(dict(zip(names, args.runs)), args.out, max_photos=args.max_photos)
    except (StudyError, DatasetError, FileNotFoundError) as e:
        print(f"side_by_side: {e}", file=sys.stderr); return 2
    print(table.to_markdown(floatfmt='.3g'))
    return 0

if __name__ == '__main__': sys.exit(main())
