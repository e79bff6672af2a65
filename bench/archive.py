"""Archive speed: the same photos through one `colorize` process and through `colorize-archive` (Ray Data, local, N actors) on
this machine; photos/s of each and their ratio, start-up included and excluded, the per-photo overhead, and whether the two
give the same pixels; writes bench/results_archive.json.

    python bench/archive.py                # about 7 minutes on 2 CPU cores; --photos N, --actors N, --runs N, --model NAME, --data DIR

The photos are the first N of the scenes' training split (found as the study finds it), read where they lie through a
folder of links made here (nothing is copied). Each command runs as the user runs it, in a new process, timed from outside;
the start-up of each is a run on one photo. Each is run `--runs` times, interleaved, and the fastest counts; every photo
is read once before either runs, so the first does not pay for a cold disk cache that the second finds warm. From the
figures, on paper: what M machines of this kind would do, and which limit comes first (the driver's listing and
planning, the scheduler's tasks, the storage reads).
"""
from __future__ import annotations

import argparse, json, os, platform, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path

import numpy as np
from PIL import Image

from colorize_nb.data import find_intel
from colorize_nb.study import cpu_kind
from colorize_nb.runtime import load_colorizer


def timed(cmd: list[str]) -> tuple[float, str]:
    "Run a command; its wall time and stdout (it must succeed)."
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: sys.exit(f"{' '.join(cmd[:3])}...: exit {r.returncode}\n{r.stderr[-2000:]}")
    return time.perf_counter() - t, r.stdout


def same_pixels(a: Path, b: Path) -> dict:
    "Compare every output of two runs: how many there are in each, how many differ at all, the largest difference in levels."
    names = sorted(p.relative_to(a) for p in a.rglob('*.jpg'))
    other = sorted(p.relative_to(b) for p in b.rglob('*.jpg'))
    worst, differ = 0, 0
    for n in names:
        x, y = (np.asarray(Image.open(d / n), np.int16) for d in (a, b))
        d = int(np.abs(x - y).max()) if x.shape == y.shape else 255
        worst = max(worst, d); differ += d > 0
    return dict(colorize=len(names), archive=len(other), same_names=names == other, differ=differ, max_level_difference=worst)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--photos', type=int, default=3000); p.add_argument('--actors', type=int, default=2)
    p.add_argument('--model', default='faithful'); p.add_argument('--data', default=None)
    p.add_argument('--runs', type=int, default=2, help='runs of each command, interleaved; the fastest counts (default 2)')
    p.add_argument('--out', default=str(Path(__file__).parent / 'results_archive.json'))
    a = p.parse_args()
    root = Path(a.data) if a.data else find_intel() / 'seg_train' / 'seg_train'
    photos = sorted(root.rglob('*.jpg'))[:a.photos]
    if len(photos) < a.photos: sys.exit(f'{root}: {len(photos)} photos, {a.photos} asked for')
    tmp = Path(tempfile.mkdtemp())
    src, one = tmp / 'photos', tmp / 'one'
    for f in photos:
        (src / f.parent.name).mkdir(parents=True, exist_ok=True); os.symlink(f, src / f.parent.name / f.name)
    one.mkdir(); os.symlink(photos[0], one / photos[0].name)
    colorize = ['colorize', '-q', '--model', a.model]
    archive = ['colorize-archive', '-q', '--model', a.model, '--actors', str(a.actors)]
    for f in photos: f.read_bytes()                    # every photo read once first: neither command pays for a cold disk alone
    runs = {k: [] for k in ('colorize_start', 'archive_start', 'colorize', 'archive')}
    for r in range(a.runs):                            # interleaved; the fastest of each counts, since noise on a shared machine only adds time
        runs['colorize_start'].append(timed(colorize + [str(one), '-o', str(tmp / f'c1-{r}')])[0])
        runs['archive_start'].append(timed(archive + [str(one), '-o', str(tmp / f'a1-{r}')])[0])
        seconds, c_out = timed(colorize + [str(src), '-o', str(tmp / f'c{r}')]); runs['colorize'].append(seconds)
        seconds, a_out = timed(archive + [str(src), '-o', str(tmp / f'a{r}')]); runs['archive'].append(seconds)
    t = {k: min(v) for k, v in runs.items()}
    n = len(photos)
    pixels = same_pixels(tmp / 'c0', tmp / 'a0')
    rate = {k: n / t[k] for k in ('colorize', 'archive')}
    steady = {k: n / max(t[k] - t[f'{k}_start'], 1e-9) for k in ('colorize', 'archive')}
    # the driver's own work per photo: listing and planning (it does it alone, whatever the cluster's size)
    from colorize_nb.archive import list_inputs, plan_archive
    tp = time.perf_counter(); items, _ = list_inputs(src); plan_archive(items, tmp / 'plan'); plan_s = time.perf_counter() - tp
    mean_bytes = float(np.mean([f.stat().st_size for f in photos]))
    res = dict(
        machine=dict(cpu=cpu_kind(), cores=os.cpu_count(), python=platform.python_version()), photos=n, actors=a.actors, model=a.model,
        runtime=load_colorizer(a.model).runtime,   # what `colorize` and the actors run the network on (both the default, auto)
        seconds={k: round(v, 2) for k, v in t.items()}, seconds_runs={k: [round(x, 2) for x in v] for k, v in runs.items()},
        photos_per_s=dict(colorize=round(rate['colorize'], 1), archive=round(rate['archive'], 1),
                          colorize_started=round(steady['colorize'], 1), archive_started=round(steady['archive'], 1)),
        ratio=dict(with_start_up=round(rate['archive'] / rate['colorize'], 3), without_start_up=round(steady['archive'] / steady['colorize'], 3)),
        overhead_ms_per_photo=round((1 / steady['archive'] - 1 / steady['colorize']) * 1000, 2),
        pixels=pixels, summary=dict(colorize=c_out.strip().splitlines()[-1], archive=a_out.strip().splitlines()[-2]),
        driver_plans_per_s=round(n / plan_s, 1), mean_photo_bytes=round(mean_bytes),
    )
    per_machine = steady['archive']
    res['on_paper'] = dict(
        per_machine_photos_per_s=round(per_machine, 1),
        ten_million_photos_hours={f'machines_{m}': round(1e7 / (per_machine * m) / 3600, 2) for m in (1, 10, 100)},
        driver_plan_hours_ten_million=round(1e7 / res['driver_plans_per_s'] / 3600, 2),
        storage_read_mb_per_s_100_machines=round(100 * per_machine * mean_bytes / 1e6, 1),
        scheduler_tasks_per_s_100_machines=round(100 * per_machine / 16, 1),
        machines_where_planning_outlasts_colorizing=int(res['driver_plans_per_s'] // per_machine),
    )
    extra = t['archive_start'] - t['colorize_start']   # the archive's longer start-up, paid back by its faster photos
    gain = 1 / steady['colorize'] - 1 / steady['archive']
    res['break_even_photos'] = int(extra / gain) if gain > 0 else None
    print(json.dumps(res, indent=1))
    Path(a.out).write_text(json.dumps(res, indent=1) + '\n')
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
