"""Benchmark colorize_nb against this machine's own limits, every figure measured in the same run.

    python bench/bench.py [--data DIR] [--steps N] [--paper auto|yes|no] [--inter-op N] [--intra-op N] [--out FILE]

Prints a table and writes bench/results.json with pipeline_ratio, compute_ratio,
inference_compute_ratio, inference_ms_256 and the figures behind them; on a GPU (or with
--paper yes) also the paper preset's training images/s with and without mixed precision and XLA
and the projected time of its 9 epochs. On a GPU machine without TensorFlow, bench/paper_gpu.py
measures the paper preset through Keras' JAX (XLA) and PyTorch (no XLA) backends.
"""
from __future__ import annotations

import argparse, json, os, platform, resource, tempfile, time
from pathlib import Path

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
import numpy as np
import tensorflow as tf
import keras
from keras import layers

from colorize_nb.data import check_images, find_images, make_dataset, make_synthetic_dataset
from colorize_nb.model import count_flops, load_pretrained, unet, pretrained_file
from colorize_nb.colorize import predict_batch, colorize_arrays, decoding_for
from colorize_nb.train import cpu_has_bf16, policy_scope
from colorize_nb.study import PRESETS
from paper_gpu import KAGGLE_TRAIN, paper_config       # bench/ is this script's folder

SHIPPED = {k: PRESETS['cpu'][k] for k in ('head', 'width', 'depth', 'crop', 'size', 'batch_size')}
PAPER = paper_config()


MATMUL_N = 2048

def matmul_times(reps: int = 10, dtype=tf.float32, n: int = MATMUL_N) -> list[float]:
    "Seconds of each of `reps` n x n matmuls in `dtype` on this machine (after a warm-up one)."
    a, b = tf.cast(tf.random.normal([n, n]), dtype), tf.cast(tf.random.normal([n, n]), dtype)
    mm = tf.function(tf.matmul)
    mm(a, b).numpy()
    return [_timed(lambda: mm(a, b).numpy()) for _ in range(reps)]


def matmul_gflops(seconds: float, n: int = MATMUL_N) -> float:
    return 2 * n**3 / seconds / 1e9


def _timed(fn) -> float:
    t = time.perf_counter(); fn(); return time.perf_counter() - t


def frozen_train_step(model, size: int, batch: int):
    "One training step (forward, MSE, gradients) on `batch` images of `size`x`size`, traced with the weights frozen in."
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2
    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
        return tape.gradient(loss, model.trainable_variables)
    return convert_variables_to_constants_v2(step.get_concrete_function(
        tf.TensorSpec([batch, size, size, 1]), tf.TensorSpec([batch, size, size, 3])))


def train_step_flops(model, size: int, batch: int) -> int:
    "FLOPs of one training step at batch `batch`, counted from the graph."
    opts = tf.compat.v1.profiler.ProfileOptionBuilder.float_operation(); opts['output'] = 'none'
    return int(tf.compat.v1.profiler.profile(frozen_train_step(model, size, batch).graph, options=opts).total_float_ops)


def step_op_shares(model, size: int, batch: int, runs: int = 3) -> dict:
    "Share of one training step's op time per TF op type (from a traced step's RunMetadata), largest first."
    import collections
    frozen = frozen_train_step(model, size, batch)
    graph = tf.Graph()
    with graph.as_default():
        tf.graph_util.import_graph_def(frozen.graph.as_graph_def(), name='')
    ins = [graph.get_tensor_by_name(t.name) for t in frozen.inputs]
    outs = [graph.get_tensor_by_name(t.name) for t in frozen.outputs]
    feed = {ins[0]: np.random.rand(batch, size, size, 1).astype(np.float32), ins[1]: np.random.rand(batch, size, size, 3).astype(np.float32)}
    micros = collections.Counter()
    with tf.compat.v1.Session(graph=graph) as sess:
        sess.run(outs, feed)
        for _ in range(runs):
            meta = tf.compat.v1.RunMetadata()
            sess.run(outs, feed, options=tf.compat.v1.RunOptions(trace_level=tf.compat.v1.RunOptions.FULL_TRACE), run_metadata=meta)
            for node in (n for d in meta.step_stats.dev_stats for n in d.node_stats):
                micros[node.timeline_label.split(' = ')[-1].split('(')[0] or node.node_name] += node.all_end_rel_micros
    total = sum(micros.values())
    return {k: round(v / total, 3) for k, v in micros.most_common(8)}


def train_step_times(model, batches, steps: int) -> list[float]:
    "Seconds of each of `steps` training steps on `batches` (an iterator of full (x, y) batches), fetching the batch included, after warm-up."
    model.compile(keras.optimizers.Adam(1e-3), 'mse')
    it = iter(batches)
    for _ in range(3): model.train_on_batch(*next(it))
    times = []
    for _ in range(steps):
        t = time.perf_counter(); model.train_on_batch(*next(it)); times.append(time.perf_counter() - t)
    return times


def unet_variant(depth: int, width: int, data_format: str = 'channels_last', split_skips: bool = False) -> keras.Model:
    """The U-Net with a 3-channel 1x1 head in `data_format`, to time what the package's choices cost: with
    `split_skips` each decoder's first convolution over [up, skip] is written as conv(up) + conv(skip), the
    same function and FLOPs without the concatenation (and the slices of its gradient)."""
    axis, shape = (-1, (None, None, 1)) if data_format == 'channels_last' else (1, (1, None, None))
    conv = lambda c, **kw: layers.Conv2D(c, 3, padding='same', data_format=data_format, **{'activation': 'relu', **kw})
    gray = keras.Input(shape)
    x, skips = gray, []
    for i in range(depth):
        x = conv(width * 2**i)(conv(width * 2**i)(x)); skips.append(x)
        x = layers.MaxPooling2D(data_format=data_format)(x)
    x = conv(width * 2**depth)(conv(width * 2**depth)(x))
    for i in reversed(range(depth)):
        c = width * 2**i
        up = layers.Conv2DTranspose(c, 2, strides=2, activation='relu', data_format=data_format)(x)
        if split_skips:
            x = layers.ReLU()(layers.Add()([conv(c, activation=None, use_bias=False)(up), conv(c, activation=None)(skips[i])]))
        else:
            x = conv(c)(layers.Concatenate(axis=axis)([up, skips[i]]))
        x = conv(c)(x)
    return keras.Model(gray, layers.Conv2D(3, 1, data_format=data_format)(x))


def paper_figures(rows, steps: int, train_images: int, policies) -> dict:
    """The paper preset (rgb head, width 32, 256x256, batch 16) trained with `fit` on the cached tf.data
    pipeline: images/s per precision (`policies`) and XLA setting, and the projected time of its epochs."""
    cfg = PAPER
    ds = make_dataset(rows, cfg['size'], cfg['batch_size'], cfg['crop'], training=True, seed=0, cache=True, repeat=True)
    it = iter(ds)
    for _ in range(len(rows) // cfg['batch_size'] + 1): next(it)          # one pass fills the cache
    t = time.perf_counter()
    for _ in range(steps): next(it)
    out = dict(paper_config=cfg, paper_pipeline_images_per_s=round(steps * cfg['batch_size'] / (time.perf_counter() - t), 1))
    rates, models = {}, {}
    for policy in policies:
        for jit in (False, True):
            with policy_scope(policy): model = unet(cfg['depth'], cfg['width'], cfg['head'])
            model.compile(keras.optimizers.Adam(1e-3), 'mse', jit_compile=jit)
            model.fit(ds, steps_per_epoch=3, epochs=1, verbose=0)                # traces (and compiles under XLA)
            t = time.perf_counter()
            model.fit(ds, steps_per_epoch=steps, epochs=1, verbose=0)
            name = f"{policy}{'+xla' if jit else ''}"
            rates[name], models[name] = steps * cfg['batch_size'] / (time.perf_counter() - t), model
    best = max(rates, key=rates.get)
    model = models[best]
    val = make_dataset(rows, cfg['size'], cfg['batch_size'], cache=True, repeat=True)
    model.evaluate(val, steps=3, verbose=0)
    t = time.perf_counter()
    model.evaluate(val, steps=steps, verbose=0)
    eval_rate = steps * cfg['batch_size'] / (time.perf_counter() - t)
    n_val = round(train_images / 4)
    epoch_s = train_images / rates[best] + n_val / eval_rate
    out.update({f'paper_train_images_per_s_{k}': round(v, 1) for k, v in rates.items()})
    out.update(paper_best=best, paper_eval_images_per_s=round(eval_rate, 1), paper_train_images=train_images,
               paper_projected_minutes=round(cfg['epochs'] * epoch_s / 60, 1), paper_epochs=cfg['epochs'])
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', default='../shared/data/intel-image-classification', help='photo folder (default: the shared sample; synthetic when absent)')
    p.add_argument('--steps', type=int, default=40, help='timed training steps per measurement')
    p.add_argument('--paper', choices=('auto', 'yes', 'no'), default='auto', help="the paper preset's figures (auto: on a GPU)")
    p.add_argument('--paper-steps', type=int, default=None, help='timed steps per paper-preset setting (default: --steps)')
    p.add_argument('--train-images', type=int, default=KAGGLE_TRAIN, help="training photos of the paper preset's projection")
    p.add_argument('--inter-op', type=int, default=0, help="TensorFlow's inter-op threads (0: its default)")
    p.add_argument('--intra-op', type=int, default=0, help="TensorFlow's intra-op threads (0: its default)")
    p.add_argument('--out', default=str(Path(__file__).parent / 'results.json'))
    a = p.parse_args(argv)
    if a.inter_op: tf.config.threading.set_inter_op_parallelism_threads(a.inter_op)
    if a.intra_op: tf.config.threading.set_intra_op_parallelism_threads(a.intra_op)
    cfg = SHIPPED
    data = Path(a.data)
    if not data.is_dir(): data = make_synthetic_dataset(Path(tempfile.mkdtemp()) / 'synthetic', n_per_class=120)
    rows, _ = check_images(find_images(data))
    rows = rows.sample(frac=1.0, random_state=0).reset_index(drop=True)
    need = (a.steps + 4) * cfg['batch_size']
    rows = rows.iloc[:need]
    keras.utils.set_random_seed(0)
    model = unet(cfg['depth'], cfg['width'], cfg['head'])
    gpus = [d.name for d in tf.config.list_physical_devices('GPU')]
    bf16 = cpu_has_bf16() and not gpus

    rate = lambda times: cfg['batch_size'] * len(times) / sum(times)     # images/s of a run of steps
    mm_times = matmul_times()                  # fp32 matmuls, sampled again after every in-memory training run
    mem_runs = []                              # step times of the in-memory training runs
    def in_memory_run():
        mem_runs.append(train_step_times(model, iter(in_memory), a.steps))
        mm_times.extend(matmul_times())
    # 1. pipeline ratio: JPEG files through the real training pipeline against the same batches already
    #    in memory. "warm" is the pipeline as training runs it after its first epoch (decoded images
    #    cached, crop, flip and gray conversion still done per batch); "cold" decodes every JPEG.
    cold = make_dataset(rows, cfg['size'], cfg['batch_size'], cfg['crop'], training=True, seed=0, cache=False, repeat=True)
    warm = make_dataset(rows, cfg['size'], cfg['batch_size'], cfg['crop'], training=True, seed=0, cache=True, repeat=True)
    warm_it = iter(warm)
    for _ in range(len(rows) // cfg['batch_size'] + 1): next(warm_it)    # one pass fills the cache
    in_memory = [(x.numpy(), y.numpy()) for x, y in cold.take(a.steps + 3)]
    in_memory_run()
    warm_rate = rate(train_step_times(model, warm_it, a.steps))
    in_memory_run()                                                   # again, to bracket machine drift
    cold_rate = rate(train_step_times(model, iter(cold), a.steps))
    in_memory_run()
    mem_rate = float(np.median([rate(run) for run in mem_runs]))      # the three runs around the pipelines
    # 2. compute ratio: achieved training GFLOP/s against the matmul's, both timed op by op (one training
    #    step, one matmul) and interleaved through the run: the fastest step against the fastest matmul, since
    #    noise only adds time (the median against the median and the best 40-step run beside it)
    flops_step = train_step_flops(model, cfg['crop'] or cfg['size'], cfg['batch_size'])
    step_gflops = lambda seconds: flops_step / seconds / 1e9
    op_shares = step_op_shares(model, cfg['crop'] or cfg['size'], cfg['batch_size'])
    # 2b. what the package's choices cost: the skip concatenations (against conv(up) + conv(skip)) and the
    #     channels-last layout (against channels-first), each on the same U-Net
    nchw = [(x.transpose(0, 3, 1, 2).copy(), y.transpose(0, 3, 1, 2).copy()) for x, y in in_memory]
    variant = {name: rate(train_step_times(unet_variant(cfg['depth'], cfg['width'], **kw), iter(nchw if name == 'channels_first' else in_memory), a.steps))
               for name, kw in (('concat', {}), ('split', dict(split_skips=True)), ('channels_first', dict(data_format='channels_first')))}
    in_memory_run()
    # 2c. bfloat16 training where the CPU computes it natively, against a bfloat16 matmul
    if bf16:
        mm16_times = matmul_times(dtype=tf.bfloat16)
        with policy_scope('mixed_bfloat16'): model16 = unet(cfg['depth'], cfg['width'], cfg['head'])
        bf16_runs = [train_step_times(model16, iter(in_memory), a.steps) for _ in range(2)]
        mm16_times.extend(matmul_times(dtype=tf.bfloat16))
        bf16_rate = max(map(rate, bf16_runs))
        in_memory_run()
    # 3. inference: colorize_arrays on 256x256 photos, batched (end to end: resize to the model's working
    #    size, forward, colour put back around the 256x256 luma), and the bare forward pass at 256x256
    #    for the compute ratio
    shipped = pretrained_file().exists()
    infer_model = load_pretrained() if shipped else model
    x = np.random.default_rng(0).random((64, 256, 256, 1)).astype(np.float32)
    predict_batch(infer_model, x[:16], flip=False)                         # one view: the forward pass the FLOPs count
    best = min(_timed(lambda: predict_batch(infer_model, x, 16, flip=False)) for _ in range(3))
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
    mm_times.extend(matmul_times())
    peak, peak_median = matmul_gflops(min(mm_times)), matmul_gflops(float(np.median(mm_times)))
    best_mem = max(map(rate, mem_runs))
    steps_all = [t for run in mem_runs for t in run]
    res = dict(
        machine=dict(cpus=os.cpu_count(), platform=platform.platform(), tensorflow=tf.__version__,
                     threads=dict(inter_op=tf.config.threading.get_inter_op_parallelism_threads(),
                                  intra_op=tf.config.threading.get_intra_op_parallelism_threads()),
                     gpu=gpus, bf16_cpu=cpu_has_bf16()),
        config=cfg, data=str(data), steps=a.steps,
        matmul_gflops=round(peak, 1), matmul_gflops_median=round(peak_median, 1), matmul_samples=len(mm_times),
        train_images_per_s_in_memory=round(mem_rate, 2), train_images_per_s_in_memory_best=round(best_mem, 2),
        train_images_per_s_pipeline=round(warm_rate, 2), train_images_per_s_pipeline_cold=round(cold_rate, 2),
        pipeline_ratio=round(warm_rate / mem_rate, 3), pipeline_ratio_cold=round(cold_rate / mem_rate, 3),
        train_gflop_per_step=round(flops_step / 1e9, 2), train_steps_timed=len(steps_all),
        train_gflops=round(step_gflops(float(np.median(steps_all))), 1), train_gflops_best=round(step_gflops(min(steps_all)), 1),
        compute_ratio=round(step_gflops(min(steps_all)) / peak, 3),
        compute_ratio_median=round(step_gflops(float(np.median(steps_all))) / peak_median, 3),
        compute_ratio_sustained=round(step_gflops(cfg['batch_size'] / best_mem) / peak, 3),
        step_op_shares=op_shares,
        train_images_per_s_split_skips=round(variant['split'], 2), skip_concat_share=round(1 - variant['concat'] / variant['split'], 3),
        channels_first_over_last=round(variant['channels_first'] / variant['concat'], 3),
    )
    if bf16:
        best16, peak16 = step_gflops(min(t for run in bf16_runs for t in run)), matmul_gflops(min(mm16_times))
        res.update(matmul_gflops_bf16=round(peak16, 1), train_images_per_s_bf16=round(bf16_rate, 2),
                   bf16_speedup=round(bf16_rate / best_mem, 2), train_gflops_bf16_best=round(best16, 1),
                   compute_ratio_bf16=round(best16 / peak16, 3))
    res.update(
        inference_model='shipped' if shipped else 'untrained, same architecture',
        inference_ms_256=round(best_e2e / len(x) * 1000, 2), inference_work_size=decoding_for(infer_model).work_size,
        inference_flip_average=decoding_for(infer_model).flip,
        forward_ms_256=round(ms, 2), inference_gflop_per_image=round(fwd / 1e9, 3), inference_gflops=round(infer_gflops, 1),
        inference_compute_ratio=round(infer_gflops / peak, 3),
        forward_ms_256_eager=round(ms_eager, 2), graph_speedup_over_eager=round(ms_eager / ms, 2),
        inference_ms_256_xla=round(ms_xla, 2), inference_compute_ratio_xla=round(fwd / (ms_xla / 1000) / 1e9 / peak, 3),
    )
    if a.paper == 'yes' or (a.paper == 'auto' and gpus):
        policies = ['float32', 'mixed_float16'] if gpus else ['float32'] + (['mixed_bfloat16'] if bf16 else [])
        res.update(paper_figures(rows, a.paper_steps or a.steps, a.train_images, policies))
    res['peak_rss_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    width = max(len(k) for k in res)
    for k, v in res.items():
        if k not in ('machine', 'config', 'paper_config'): print(f"{k:<{width}}  {v}")
    Path(a.out).write_text(json.dumps(res, indent=1))
    return res


if __name__ == '__main__':
    main()
