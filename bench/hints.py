"""How fast a hint is answered: the explorer's click on the shipped hint network, on ONNX Runtime and on TensorFlow,
interleaved in one run; writes bench/results_hints.json.

    python bench/hints.py          # about a minute on 2 CPU cores; --clicks N

- a click: `Explorer.click` on a 256x256 photo and on a 1024x768 one (both shown at the explorer's 256-pixel preview),
  each click adding a hint and colorizing the preview again with all of them (median and 90th percentile of `--clicks`);
- the same without hints (`Explorer.render`), so that the ratio says what the hints cost;
- saving: `Explorer.save` of the 1024x768 photo at full size with its hints.
The CPU kind is recorded beside the figures.
"""
from __future__ import annotations

import argparse, json, os, platform, statistics, tempfile, time
from pathlib import Path

import numpy as np
from PIL import Image

from colorize_nb.study import cpu_kind
from colorize_nb.data import synth_scene
from colorize_nb.runtime import load_colorizer, has_module, HINT_MODEL
from colorize_nb.explore import Explorer

def figures(times: list[float]) -> dict:
    "Median and 90th percentile, in milliseconds."
    return dict(median_ms=round(1000 * statistics.median(times), 1), p90_ms=round(1000 * float(np.percentile(times, 90)), 1))

def main(clicks: int = 20) -> dict:
    tmp = Path(tempfile.mkdtemp())
    photos = {'256x256': synth_scene(np.random.default_rng(0), 'street', 256),
              '1024x768': np.asarray(Image.fromarray(synth_scene(np.random.default_rng(1), 'buildings', 1024)).crop((0, 0, 1024, 768)))}
    runtimes = [r for r in ('onnx', 'tensorflow') if has_module('onnxruntime' if r == 'onnx' else 'tensorflow')]
    explorers = {(r, p): Explorer(photos[p], load_colorizer(HINT_MODEL, r)) for r in runtimes for p in photos}
    rng = np.random.default_rng(2)
    times = {k: dict(click=[], plain=[]) for k in explorers}
    for _ in range(clicks):                                            # the runtimes and photos interleaved
        for k, ex in explorers.items():
            ex.click(*rng.uniform(0.05, 0.95, 2)); times[k]['click'].append(ex.seconds)
            hints, ex.hints = ex.hints, []
            ex.render(); times[k]['plain'].append(ex.seconds); ex.hints = hints
    out = dict(machine=dict(cpu=cpu_kind(), cores=os.cpu_count(), python=platform.python_version()), clicks=clicks, preview=256, results={})
    for (r, p), t in times.items():
        ex = explorers[(r, p)]
        row = dict(click=figures(t['click']), without_hints=figures(t['plain']))
        row['hints_cost'] = round(row['click']['median_ms'] / row['without_hints']['median_ms'], 2)
        if p == '1024x768':
            t0 = time.perf_counter(); ex.save(tmp / f'{r}.png'); row['save_s'] = round(time.perf_counter() - t0, 2)
        out['results'][f'{r} {p}'] = row
    return out

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--clicks', type=int, default=20)
    a = p.parse_args()
    res = main(a.clicks)
    (Path(__file__).parent / 'results_hints.json').write_text(json.dumps(res, indent=1))
    print(json.dumps(res, indent=1))
