"""The runtimes side by side: the shipped default model on ONNX Runtime and on TensorFlow, every figure in one run,
interleaved; writes bench/results_runtime.json.

    python bench/runtime.py               # about 10 minutes on 2 CPU cores; --photos N, --runs N, --model NAME

- start-up: `colorize one.jpg -o out/` as a user runs it, a new process timed from outside, from command to file
  (median of `--runs`, the runtimes interleaved), and its peak memory;
- latency: one photo through `colorize` (the Python function, the model loaded) at 256x256 and at 1024x768, median of 20;
- a folder: `colorize_folder` on `--photos` photos (256x256 JPEGs made here from the procedural scenes), photos/s,
  against the network's own throughput on the same number of inputs at its working size in batches (`Colorizer.predict`),
  measured in the same process: the ratio says how much the decoding, the reading and the writing cost beside it;
- the same pixels: the largest difference between the two runtimes' colorized photos of the folder, in levels, as arrays
  (the contract: at most 2) and as the JPEG files written (the coder can turn a one-level step into a few).
The CPU kind is recorded beside the figures (oneDNN's and ONNX Runtime's kernels differ per kind).
"""
from __future__ import annotations

import argparse, json, os, platform, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

import numpy as np
from PIL import Image

from colorize_nb.study import cpu_kind
from colorize_nb.data import synth_scene, CLASSES
from colorize_nb.runtime import load_colorizer, has_module

RUNTIMES = ('onnx', 'tensorflow')


MEASURE = "import resource, subprocess, sys, time; t = time.perf_counter(); r = subprocess.run(sys.argv[1:], capture_output=True); s = time.perf_counter() - t; sys.stderr.buffer.write(r.stderr[-2000:]); print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"

def command_figures(cmd: list[str]) -> tuple[float, float]:
    "Wall seconds of a command run as a user runs it (it must succeed) and its peak resident memory in MiB, measured by a small parent of its own."
    r = subprocess.run([sys.executable, '-c', MEASURE, *cmd], capture_output=True, text=True)
    seconds, kib, rc = r.stdout.split()
    if int(rc): sys.exit(f"{' '.join(cmd[:4])}...: exit {rc}\n{r.stderr}")
    return float(seconds), round(int(kib) / 1024, 1)


def make_photos(folder: Path, n: int, size=(256, 256)) -> list[Path]:
    "n colour JPEGs of the procedural scenes, `size` (w, h)."
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        rgb = synth_scene(np.random.default_rng(i), CLASSES[i % len(CLASSES)], max(size))[:size[1], :size[0]]
        p = folder / f'{i:05d}.jpg'; Image.fromarray(rgb).save(p, quality=90); out.append(p)
    return out


def latency_ms(model, photo: Path, reps: int = 20) -> float:
    "Median milliseconds of `colorize` on one photo, the model loaded, after two warm-ups."
    from colorize_nb.colorize import colorize
    im = Image.open(photo); im.load()
    for _ in range(2): colorize(im, model)
    times = []
    for _ in range(reps):
        t = time.perf_counter(); colorize(im, model); times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 2)


def folder_figures(model, photos: list[Path], out: Path) -> dict:
    "`colorize_folder` photos/s on the folder, and the network's own photos/s on as many inputs at its working size, in batches of 16."
    from colorize_nb.colorize import colorize_folder
    d = model.decoding_for()
    x = np.random.default_rng(0).random((len(photos), d.work_size, d.work_size, 1), np.float32)
    model.predict(x[:32], 16, d.flip)                                     # warm-up: the traces, the sessions' first runs
    t = time.perf_counter(); model.predict(x, 16, d.flip); net = time.perf_counter() - t
    t = time.perf_counter(); r = colorize_folder(photos[0].parent, out, model, progress=False); whole = time.perf_counter() - t
    assert len(r.written) == len(photos), r.skipped[:3]
    return dict(network_photos_per_s=round(len(photos) / net, 1), colorize_photos_per_s=round(len(photos) / whole, 1),
                ratio=round(net / whole, 3))


def max_level_difference(a: Path, b: Path) -> int:
    "The largest difference between two folders' outputs of the same names, in levels."
    worst = 0
    for p in sorted(a.glob('*.jpg')):
        worst = max(worst, int(np.abs(np.asarray(Image.open(p), np.int16) - np.asarray(Image.open(b / p.name), np.int16)).max()))
    return worst


def array_level_difference(photos: list[Path], models: dict) -> int:
    "The largest difference, in levels, between the runtimes' colorized photos as arrays (before any file format's coder)."
    from colorize_nb.colorize import colorize_lumas, gray_of
    grays = [gray_of(p) for p in photos]
    a, b = (colorize_lumas(m, grays) for m in models.values())
    return max(int(np.abs(x.astype(np.int16) - y).max()) for x, y in zip(a, b))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--photos', type=int, default=3000); p.add_argument('--runs', type=int, default=3)
    p.add_argument('--model', default='faithful')
    p.add_argument('--out', default=str(Path(__file__).parent / 'results_runtime.json'))
    a = p.parse_args()
    runtimes = [r for r in RUNTIMES if has_module({'onnx': 'onnxruntime', 'tensorflow': 'tensorflow'}[r])]
    tmp = Path(tempfile.mkdtemp())
    photos = make_photos(tmp / 'photos', a.photos)
    one = make_photos(tmp / 'one', 1)[0]
    big = make_photos(tmp / 'big', 1, (1024, 768))[0]
    exe = shutil.which('colorize') or sys.exit('colorize: not on PATH (pip install -e .)')
    start, peak = {r: [] for r in runtimes}, {r: [] for r in runtimes}
    for i in range(a.runs):                                               # interleaved: a shared machine's noise falls on both
        for r in runtimes:
            seconds, mib = command_figures([exe, str(one), '-o', str(tmp / f'start-{r}-{i}'), '-q', '--model', a.model, '--runtime', r])
            start[r].append(seconds); peak[r].append(mib)
    res = dict(machine=dict(cpu=cpu_kind(), cores=os.cpu_count(), python=platform.python_version()), model=a.model, photos=a.photos, runs=a.runs,
               start_up_s={r: round(statistics.median(v), 2) for r, v in start.items()}, start_up_runs_s={r: [round(x, 2) for x in v] for r, v in start.items()},
               start_up_peak_mib={r: max(v) for r, v in peak.items()})
    models = {r: load_colorizer(a.model, r) for r in runtimes}
    for r, model in models.items():
        res.setdefault('latency_ms_256', {})[r] = latency_ms(model, one)
        res.setdefault('latency_ms_1024x768', {})[r] = latency_ms(model, big)
        res.setdefault('folder', {})[r] = folder_figures(model, photos, tmp / f'folder-{r}')
    if len(runtimes) == 2:
        res['max_level_difference'] = array_level_difference(photos, models)
        res['max_level_difference_jpeg'] = max_level_difference(tmp / 'folder-onnx', tmp / 'folder-tensorflow')
        res['speedup'] = dict(start_up=round(res['start_up_s']['tensorflow'] / res['start_up_s']['onnx'], 2),
                              latency_256=round(res['latency_ms_256']['tensorflow'] / res['latency_ms_256']['onnx'], 2),
                              folder=round(res['folder']['onnx']['colorize_photos_per_s'] / res['folder']['tensorflow']['colorize_photos_per_s'], 2))
    print(json.dumps(res, indent=1))
    Path(a.out).write_text(json.dumps(res, indent=1) + '\n')
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
