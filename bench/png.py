"""PNG outputs: how hard zlib works when colorize writes a PNG, measured on a folder as `colorize` runs it.

    python bench/png.py        # about 3 minutes on 2 CPU cores; --levels 6 3 1, --runs N

Folders of gray PNG photos made here from the procedural scenes (`--photos` at 256x256, `--large` at 1024x768) are
colorized by `colorize_folder` with the shipped default model, once per zlib level a run, the levels interleaved
(median of `--runs`): photos/s and the mean output size at each level, and whether the pixels are the same (PNG is
lossless: they must be). Writes bench/results_png.json, with the CPU kind. Pillow's default level is 6.
"""
from __future__ import annotations

import argparse, json, platform, shutil, statistics, tempfile, time
from pathlib import Path

import numpy as np
from PIL import Image

import colorize_nb.colorize as colorize
from colorize_nb.data import synth_scene, CLASSES
from colorize_nb.runtime import load_colorizer
from colorize_nb.study import cpu_kind


def folder_of_pngs(where: Path, n: int, width: int, height: int) -> Path:
    "`n` gray PNG photos of `width`x`height` from the procedural scenes."
    where.mkdir(parents=True)
    for i in range(n):
        scene = synth_scene(np.random.default_rng(i), CLASSES[i % len(CLASSES)], max(width, height))
        Image.fromarray(scene[:height, :width]).convert('L').save(where / f'p{i:04d}.png')
    return where


def measure(src: Path, tmp: Path, model, levels: list[int], runs: int) -> dict:
    "Per level: photos/s (median of `runs`, the levels interleaved), KiB per output, and the first output's pixels."
    seconds, kib, pixels = {l: [] for l in levels}, {}, {}
    n = len(list(src.glob('*.png')))
    for r in range(runs):
        for level in levels:
            colorize.PNG_COMPRESS_LEVEL = level
            out = tmp / f'out-{level}-{r}'
            t = time.perf_counter(); report = colorize.colorize_folder(src, out, model, progress=False); seconds[level].append(time.perf_counter() - t)
            assert len(report.written) == n, report.summary()
            kib[level] = round(sum(p.stat().st_size for p in out.glob('*.png')) / n / 1024, 1)
            pixels[level] = np.asarray(Image.open(out / 'p0000.png'))
            shutil.rmtree(out)
    same = all(np.array_equal(pixels[levels[0]], p) for p in pixels.values())
    return dict(photos=n, same_pixels=same, levels={f'level_{l}': dict(photos_per_s=round(n / statistics.median(seconds[l]), 1), kib_per_photo=kib[l]) for l in levels})


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--levels', type=int, nargs='+', default=[6, 3, 1], help='zlib levels to compare (Pillow: 6 by default)')
    p.add_argument('--photos', type=int, default=200, help='photos at 256x256')
    p.add_argument('--large', type=int, default=40, help='photos at 1024x768')
    p.add_argument('--runs', type=int, default=3)
    a = p.parse_args()
    shipped = colorize.PNG_COMPRESS_LEVEL
    tmp = Path(tempfile.mkdtemp(prefix='colorize_nb-png-'))
    try:
        model = load_colorizer(None)
        result = dict(machine=dict(cpu=cpu_kind(), python=platform.python_version()), runtime=model.runtime, shipped_level=shipped,
                      command='python bench/png.py')
        for name, n, (w, h) in (('256x256', a.photos, (256, 256)), ('1024x768', a.large, (1024, 768))):
            src = folder_of_pngs(tmp / name, n, w, h)
            colorize.colorize_folder(src, tmp / 'warm-up', model, progress=False); shutil.rmtree(tmp / 'warm-up')
            result[name] = r = measure(src, tmp, model, a.levels, a.runs)
            base = r['levels'][f'level_{a.levels[0]}']
            for level, f in r['levels'].items():
                f['speed_vs_first'] = round(f['photos_per_s'] / base['photos_per_s'], 2); f['size_vs_first'] = round(f['kib_per_photo'] / base['kib_per_photo'], 2)
            print(f"{name}: " + '; '.join(f"{l.replace('_', ' ')}: {f['photos_per_s']} photos/s ({f['speed_vs_first']}x), {f['kib_per_photo']} KiB ({f['size_vs_first']}x)" for l, f in r['levels'].items())
                  + f"; same pixels: {r['same_pixels']}")
    finally:
        colorize.PNG_COMPRESS_LEVEL = shipped
        shutil.rmtree(tmp, ignore_errors=True)
    (Path(__file__).parent / 'results_png.json').write_text(json.dumps(result, indent=1) + '\n')


if __name__ == '__main__':
    main()
