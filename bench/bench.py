"""Benchmark colorize_nb against this machine's own limits, every figure measured in the same run.

    python bench/bench.py [--data DIR] [--steps N] [--out bench/results.json]

Prints a table and writes bench/results.json with pipeline_ratio, compute_ratio,
inference_compute_ratio, inference_ms_256 and the figures behind them.
"""
from __future__ import annotations

import argparse, json, os, platform, resource, sys, tempfile, time
from pathlib import Path

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
import numpy as np
import tensorflow as tf
import keras

from colorize_nb.data import check_images, find_images, make_dataset, make_synthetic_dataset
from colorize_nb.model import count_flops, load_pretrained, unet, PRETRAINED
from colorize_nb.colorize import predict_batch, colorize_arrays, default_size

SHIPPED = dict(head='chroma', width=16, depth=4, crop=None, size=128, batch_size=16)  # the cpu preset's recipe


def matmul_gflops(n: int = 2048, reps: int = 10) -> float:
    "Achieved fp32 GFLOP/s of an n x n matmul on this machine (best of `reps`)."
    a, b = tf.random.normal([n, n]), tf.random.normal([n, n])
    mm = tf.function(lambda x, y: tf.matmul(x, y))
    mm(a, b).numpy()
    best = min(_timed(lambda: mm(a, b).numpy()) for _ in range(reps))
    return 2 * n**3 / best / 1e9


def _timed(fn) -> float:
    t = time.perf_counter(); fn(); return time.perf_counter() - t


def train_step_flops(model, crop: int, batch: int) -> int:
    "FLOPs of one training step (forward, loss, gradients) at batch `batch`, counted from the graph."
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2
    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
        return tape.gradient(loss, model.trainable_variables)
    cf = step.get_concrete_function(tf.TensorSpec([batch, crop, crop, 1]), tf.TensorSpec([batch, crop, crop, 3]))
    frozen = convert_variables_to_constants_v2(cf)
    opts = tf.compat.v1.profiler.ProfileOptionBuilder.float_operation(); opts['output'] = 'none'
    return int(tf.compat.v1.profiler.profile(frozen.graph, options=opts).total_float_ops)


def train_rate(model, batches, steps: int) -> float:
    "Training images/s over `steps` steps of `batches` (an iterator of (x, y)), after warm-up."
    model.compile(keras.optimizers.Adam(1e-3), 'mse')
    it = iter(batches)
    for _ in range(3): model.train_on_batch(*next(it))
    n = 0
    t = time.perf_counter()
    for _ in range(steps):
        x, y = next(it); model.train_on_batch(x, y); n += int(x.shape[0])
    return n / (time.perf_counter() - t)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', default='../shared/data/intel-image-classification', help='photo folder (default: the shared sample; synthetic when absent)')
    p.add_argument('--steps', type=int, default=40, help='timed training steps per measurement')
    p.add_argument('--out', default=str(Path(__file__).parent / 'results.json'))
    a = p.parse_args(argv)
    cfg = SHIPPED
    data = Path(a.data)
    if not data.is_dir(): data = make_synthetic_dataset(Path(tempfile.mkdtemp()) / 'synthetic', n_per_class=120)
    rows, _ = check_images(find_images(data))
    rows = rows.sample(frac=1.0, random_state=0).reset_index(drop=True)
    need = (a.steps + 4) * cfg['batch_size']
    rows = rows.iloc[:need]
    keras.utils.set_random_seed(0)
    model = unet(cfg['depth'], cfg['width'], cfg['head'])

    peak = matmul_gflops()
    # 1. pipeline ratio: JPEG files through the real training pipeline against the same batches already
    #    in memory. "warm" is the pipeline as training runs it after its first epoch (decoded images
    #    cached, crop, flip and gray conversion still done per batch); "cold" decodes every JPEG.
    cold = make_dataset(rows, cfg['size'], cfg['batch_size'], cfg['crop'], training=True, seed=0, cache=False, repeat=True)
    warm = make_dataset(rows, cfg['size'], cfg['batch_size'], cfg['crop'], training=True, seed=0, cache=True, repeat=True)
    warm_it = iter(warm)
    for _ in range(len(rows) // cfg['batch_size'] + 1): next(warm_it)    # one pass fills the cache
    in_memory = [(x.numpy(), y.numpy()) for x, y in cold.take(a.steps + 3)]
    mem_rates = [train_rate(model, iter(in_memory), a.steps)]
    warm_rate = train_rate(model, warm_it, a.steps)
    mem_rates.append(train_rate(model, iter(in_memory), a.steps))     # again, to bracket machine drift
    cold_rate = train_rate(model, iter(cold), a.steps)
    mem_rates.append(train_rate(model, iter(in_memory), a.steps))
    mem_rate = float(np.median(mem_rates))
    # 2. compute ratio: achieved training GFLOP/s against the matmul
    flops_step = train_step_flops(model, cfg['crop'] or cfg['size'], cfg['batch_size'])
    train_gflops = flops_step / cfg['batch_size'] * mem_rate / 1e9
    # 3. inference: colorize_arrays on 256x256 photos, batched (end to end: resize to the model's working
    #    size, forward, colour put back around the 256x256 luma), and the bare forward pass at 256x256
    #    for the compute ratio
    shipped = (PRETRAINED / 'colorize_unet.keras').exists()
    infer_model = load_pretrained() if shipped else model
    x = np.random.default_rng(0).random((64, 256, 256, 1)).astype(np.float32)
    predict_batch(infer_model, x[:16])
    best = min(_timed(lambda: predict_batch(infer_model, x, 16)) for _ in range(3))
    ms = best / len(x) * 1000
    eager = lambda: [np.asarray(infer_model(x[i:i + 16], training=False)) for i in range(0, len(x), 16)]
    eager()
    ms_eager = min(_timed(eager) for _ in range(3)) / len(x) * 1000
    xla = tf.function(lambda t: infer_model(t, training=False), jit_compile=True)
    xla(tf.constant(x[:16])).numpy()
    best_xla = min(_timed(lambda: [xla(tf.constant(x[i:i + 16])).numpy() for i in range(0, len(x), 16)]) for _ in range(3))
    ms_xla = best_xla / len(x) * 1000
    colorize_arrays(infer_model, x[:16])
    best_e2e = min(_timed(lambda: colorize_arrays(infer_model, x, batch_size=16)) for _ in range(3))
    fwd = count_flops(infer_model, 256)
    infer_gflops = fwd / (ms / 1000) / 1e9
    peak2 = matmul_gflops()
    peak = max(peak, peak2)
    res = dict(
        machine=dict(cpus=os.cpu_count(), platform=platform.platform(), tensorflow=tf.__version__),
        config=cfg, data=str(data), steps=a.steps,
        matmul_gflops=round(peak, 1),
        train_images_per_s_in_memory=round(mem_rate, 2), train_images_per_s_pipeline=round(warm_rate, 2),
        train_images_per_s_pipeline_cold=round(cold_rate, 2),
        pipeline_ratio=round(warm_rate / mem_rate, 3), pipeline_ratio_cold=round(cold_rate / mem_rate, 3),
        train_gflop_per_step=round(flops_step / 1e9, 2), train_gflops=round(train_gflops, 1),
        compute_ratio=round(train_gflops / peak, 3),
        inference_model='shipped' if shipped else 'untrained, same architecture',
        inference_ms_256=round(best_e2e / len(x) * 1000, 2), inference_work_size=default_size(infer_model),
        forward_ms_256=round(ms, 2), inference_gflop_per_image=round(fwd / 1e9, 3), inference_gflops=round(infer_gflops, 1),
        inference_compute_ratio=round(infer_gflops / peak, 3),
        forward_ms_256_eager=round(ms_eager, 2), graph_speedup_over_eager=round(ms_eager / ms, 2),
        inference_ms_256_xla=round(ms_xla, 2), inference_compute_ratio_xla=round(fwd / (ms_xla / 1000) / 1e9 / peak, 3),
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    )
    width = max(len(k) for k in res)
    for k, v in res.items():
        if not isinstance(v, dict): print(f"{k:<{width}}  {v}")
    Path(a.out).write_text(json.dumps(res, indent=1))
    return res


if __name__ == '__main__':
    main()
