"""The colour-classification (`bins`) head against the regression (`chroma`) head, timed in one run.

    python bench/heads.py [--steps N] [--out bench/results_heads.json]

Both with the shipped recipe's body (width 16, depth 4, batch 16, at the side its training steps
compute on: the crop when the `cpu` preset crops) in the precision the `cpu` preset trains in
('fastest': mixed bfloat16 on a CPU that computes it natively): training images/s through
`train_on_batch` with each head's own loss (MSE; the soft-encoded, rebalanced cross-entropy), the
GFLOP of a training step (forward counted from the graph, times 3 for forward and backward), its
ratio to this machine's matmul GFLOP/s in the same precision, and ms per 256x256 photo through
`colorize` (float32, one view at the training side). Then each shipped model as `colorize` runs it
(its card's working size, flip averaging, chroma smoothing, gain and median): ms per 256x256 photo, each run the fastest of
three, every run kept beside it. Interleaved runs; the fastest of each is reported, since noise on a shared machine only adds
time.
"""
from __future__ import annotations

import argparse, json, os, platform, time
from pathlib import Path

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import numpy as np
import tensorflow as tf
import keras

from colorize_nb.colour import chroma_bins, CHROMA_STEP, Decoding
from colorize_nb.model import unet, logits_model, count_flops, load_pretrained, pretrained_file, MODELS
from colorize_nb.colorize import colorize_arrays
from colorize_nb.train import SoftEncodedCrossEntropy, precision_policy, policy_scope
from colorize_nb.study import PRESETS, cpu_kind
from bench import matmul_times, matmul_gflops, _timed   # bench/ is this script's folder

CPU = PRESETS['cpu']

def heads(centres, weights):
    "The two models to compare: (name, inference model, model to fit, loss)."
    reg = unet(CPU['depth'], CPU['width'], 'chroma')
    vivid = unet(CPU['depth'], CPU['width'], 'bins', centres=centres)
    return [('chroma', reg, reg, 'mse'), ('bins', vivid, logits_model(vivid), SoftEncodedCrossEntropy(centres, weights))]

def colorize_ms(model, photos):
    "ms per photo of `colorize_arrays` on `photos` (N, 256, 256, 1), the fastest of three runs after a warm-up."
    colorize_arrays(model, photos[:16])
    return min(_timed(lambda: colorize_arrays(model, photos, batch_size=16)) for _ in range(3)) / len(photos) * 1000

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=30, help='timed training steps per run (default 30)')
    p.add_argument('--runs', type=int, default=3, help='interleaved runs per head (default 3)')
    p.add_argument('--out', default=str(Path(__file__).with_name('results_heads.json')))
    a = p.parse_args(argv)
    rng = np.random.default_rng(0)
    size, batch = CPU['crop'] or CPU['size'], CPU['batch_size']
    x = rng.random((batch, size, size, 1)).astype(np.float32)
    y = np.clip(x * 255 + rng.normal(0, 30, (batch, size, size, 3)), 0, 255).astype(np.float32)
    grid = np.mgrid[-12:12, -10:10].reshape(2, -1).T * CHROMA_STEP                   # about the number of bins real photos hit
    centres = chroma_bins(grid[np.abs(grid).sum(1) < 190], CHROMA_STEP)
    weights = np.ones(len(centres), np.float32)
    policy = precision_policy(CPU['mixed_precision'])
    times, flops, ms = {}, {}, {}
    with policy_scope(policy):
        models = heads(centres, weights)
        for name, _, fit, loss in models:
            fit.compile(keras.optimizers.Adam(1e-3), loss)
            for _ in range(3): fit.train_on_batch(x, y)
            times[name] = []
    for _ in range(a.runs):
        for name, _, fit, _ in models:
            times[name] += [_timed(lambda: fit.train_on_batch(x, y)) for _ in range(a.steps)]
    mm = matmul_times(10, tf.bfloat16 if policy == 'mixed_bfloat16' else tf.float32)
    peak = matmul_gflops(min(mm))
    with policy_scope('float32'):
        for name, infer, _, _ in heads(centres, weights):
            flops[name] = 3 * count_flops(logits_model(infer) if name == 'bins' else infer, size) * batch
            photos = rng.random((32, 256, 256, 1)).astype(np.float32)
            infer.decoding = Decoding(size)
            ms[name] = colorize_ms(infer, photos)
        loaded = {name: load_pretrained(name) for name in MODELS if pretrained_file(name).exists()}   # the shipped models as `colorize` runs them
        shipped_ms = {name: [] for name in loaded}
        for _ in range(a.runs):                                                        # interleaved, like the training steps
            for name, m in loaded.items(): shipped_ms[name].append(colorize_ms(m, photos))
        shipped = {name: dict(**m.decoding.record(), colorize_ms_256=round(min(shipped_ms[name]), 2), colorize_ms_256_runs=[round(t, 2) for t in shipped_ms[name]])
                   for name, m in loaded.items()}
    res = dict(machine=dict(cpu=cpu_kind(), cores=os.cpu_count(), python=platform.python_version()), precision=policy, size=size, batch_size=batch, n_bins=len(centres), matmul_gflops=round(peak, 1), shipped=shipped)
    for name in times:
        best = min(times[name])
        res[name] = dict(train_images_per_s=round(batch / best, 1), train_images_per_s_median=round(batch / float(np.median(times[name])), 1),
                         train_gflop_per_step=round(flops[name] / 1e9, 2), compute_ratio=round(flops[name] / best / 1e9 / peak, 3),
                         colorize_ms_256=round(ms[name], 2))
    res['bins_cost_per_step_over_chroma'] = round(res['chroma']['train_images_per_s'] / res['bins']['train_images_per_s'], 2)
    print(json.dumps(res, indent=1))
    Path(a.out).write_text(json.dumps(res, indent=1))
    return res

if __name__ == '__main__':
    main()
