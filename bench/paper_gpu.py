"""The paper preset's training speed on a GPU machine without TensorFlow, and its 9 epochs projected.

    python bench/paper_gpu.py [--backends jax,torch] [--policies float32,mixed_float16,mixed_bfloat16]
                              [--steps N] [--batch-sizes 16,64] [--train-images N] [--out FILE]

The package's own U-Net (`colorize_nb.model.unet`, the `paper` preset: rgb head, width 32, depth 4,
256x256) is pure Keras 3, so it runs unchanged on Keras' other backends. Each backend runs in its
own process: JAX compiles the whole training step with XLA (the `jit_compile=True` figure), PyTorch
runs it op by op on cuDNN (no XLA). Batches are fed from host memory, as the cached tf.data
pipeline feeds them after the first epoch; the first epoch's JPEG decoding is timed apart with
Pillow on all of the machine's cores. Writes bench/results_gpu.json; bench.py measures the same on
a machine with TensorFlow (`--paper yes`).
"""
from __future__ import annotations

import argparse, json, os, platform, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))          # the checkout's colorize_nb, installed or not
KAGGLE_TRAIN = 11227   # 80% of the Intel training split's 14,034 photos: what the paper preset trains on


def paper_config() -> dict:
    "The `paper` preset's model, data and schedule settings (the study's own PRESETS)."
    from colorize_nb.study import PRESETS
    return {k: PRESETS['paper'][k] for k in ('head', 'width', 'depth', 'crop', 'size', 'batch_size', 'epochs')}


def fit_rates(model, x, y, batch_size: int, reps: int) -> list[float]:
    "Training images/s of each of `reps` epochs over the in-memory pool (after one warm-up epoch that compiles)."
    import keras
    times = []
    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None): self.t = time.perf_counter()
        def on_epoch_end(self, epoch, logs=None): times.append(time.perf_counter() - self.t)  # logs are host values: synced
    model.fit(x, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
    model.fit(x, y, batch_size=batch_size, epochs=reps, shuffle=False, verbose=0, callbacks=[EpochTimer()])
    return [len(x) / t for t in times]


def eval_rate(model, x, y, batch_size: int) -> float:
    "Evaluation images/s over the pool (after a warm-up pass)."
    model.evaluate(x, y, batch_size=batch_size, verbose=0)
    t = time.perf_counter()
    model.evaluate(x, y, batch_size=batch_size, verbose=0)
    return len(x) / (time.perf_counter() - t)


def backend_figures(policies, batch_sizes, steps: int, reps: int) -> dict:
    "One backend (KERAS_BACKEND, set before this process imported Keras): images/s per precision and batch size."
    import numpy as np, keras
    from colorize_nb.model import unet
    cfg = paper_config()
    backend = keras.backend.backend()
    out = dict(backend=backend, keras=keras.__version__, xla=backend == 'jax', rates={})
    if backend == 'jax':
        import jax; out.update(jax=jax.__version__, devices=[str(d) for d in jax.devices()])
    elif backend == 'torch':
        import torch
        out.update(torch=torch.__version__, devices=[torch.cuda.get_device_name(0)] if torch.cuda.is_available() else ['cpu'])
    rng = np.random.default_rng(0)
    for bs in batch_sizes:
        n = bs * steps
        x = rng.random((n, cfg['size'], cfg['size'], 1), dtype=np.float32)
        y = (255 * rng.random((n, cfg['size'], cfg['size'], 3), dtype=np.float32))
        for policy in policies:
            name = f'{policy}_b{bs}'
            try:
                keras.config.set_dtype_policy(policy)
                keras.utils.set_random_seed(0)
                model = unet(cfg['depth'], cfg['width'], cfg['head'])
                keras.config.set_dtype_policy('float32')
                model.compile(keras.optimizers.Adam(1e-3), 'mse', jit_compile=backend == 'jax')
                rates = fit_rates(model, x, y, bs, reps)
                out['rates'][name] = dict(train_images_per_s=round(max(rates), 1),
                                          train_images_per_s_median=round(float(np.median(rates)), 1),
                                          eval_images_per_s=round(eval_rate(model, x, y, bs), 1))
            except Exception as e:                                  # one setting failing must not lose the others
                out['rates'][name] = dict(error=f'{type(e).__name__}: {str(e).splitlines()[0][:300]}' if str(e) else type(e).__name__)
            finally:
                keras.config.set_dtype_policy('float32')
            print(f'  {backend:6s} {name:22s} {out["rates"][name]}', flush=True)
    return out


def decode_rate(n: int = 2000, workers: int | None = None) -> float:
    "Photos/s decoded from 150x150 JPEGs and resized to 256x256 with Pillow on all cores (the first epoch's work)."
    from PIL import Image
    from colorize_nb.data import make_synthetic_dataset, open_image
    src = make_synthetic_dataset(Path(tempfile.mkdtemp()) / 'synthetic', n_per_class=max(1, n // 6))
    paths = sorted(src.glob('*/*.jpg'))
    def load(p): return open_image(p).convert('RGB').resize((256, 256), Image.BILINEAR)
    with ThreadPoolExecutor(workers or os.cpu_count()) as pool:
        list(pool.map(load, paths[:64]))
        t = time.perf_counter()
        list(pool.map(load, paths))
    return len(paths) / (time.perf_counter() - t)


def projection(fig: dict, train_images: int, epochs: int, batch_size: int, decode: float | None) -> dict:
    """Minutes for `epochs` epochs (training, then validation on a quarter as many photos) at the best rate
    measured at the preset's batch size; the first epoch also waits for JPEG decoding where that is slower."""
    best, best_rate = None, 0.0
    for b in fig.values():
        for name, r in b.get('rates', {}).items():
            if r.get('train_images_per_s', 0) > best_rate and name.endswith(f'_b{batch_size}'):
                best, best_rate = f"{b['backend']}:{name}", r['train_images_per_s']
    if best is None: return dict(paper_projected_minutes=None)
    backend, name = best.split(':')
    r = fig[backend]['rates'][name]
    n_val = round(train_images / 4)
    epoch_s = train_images / r['train_images_per_s'] + n_val / r['eval_images_per_s']
    first = train_images / min(r['train_images_per_s'], decode) + n_val / min(r['eval_images_per_s'], decode) if decode else epoch_s
    return dict(paper_best=best, paper_train_images_per_s=r['train_images_per_s'],
                paper_eval_images_per_s=r['eval_images_per_s'],
                paper_projected_minutes=round((first + (epochs - 1) * epoch_s) / 60, 2),
                paper_epoch_s=round(epoch_s, 1), paper_first_epoch_s=round(first, 1))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--backends', default='jax,torch', help='Keras backends, each in its own process')
    p.add_argument('--policies', default='float32,mixed_float16,mixed_bfloat16')
    p.add_argument('--batch-sizes', default=None, help="batch sizes (default: the preset's, 16)")
    p.add_argument('--steps', type=int, default=24, help='training steps per timed epoch')
    p.add_argument('--reps', type=int, default=3, help='timed epochs per setting')
    p.add_argument('--train-images', type=int, default=KAGGLE_TRAIN)
    p.add_argument('--decode-images', type=int, default=2000, help='JPEGs for the first-epoch decode rate (0: skip)')
    p.add_argument('--out', default=str(ROOT / 'bench' / 'results_gpu.json'))
    p.add_argument('--worker', action='store_true', help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    cfg = paper_config()
    batch_sizes = [int(b) for b in (a.batch_sizes or str(cfg['batch_size'])).split(',')]
    policies = a.policies.split(',')
    if a.worker:
        print(json.dumps(backend_figures(policies, batch_sizes, a.steps, a.reps)))
        return 0
    figures, decode = {}, None
    def write():
        out = dict(machine=dict(platform=platform.platform(), cpus=os.cpu_count()), config=cfg,
                   steps=a.steps, reps=a.reps, train_images=a.train_images, decode_images_per_s=decode,
                   backends=figures, **projection(figures, a.train_images, cfg['epochs'], cfg['batch_size'], decode))
        Path(a.out).write_text(json.dumps(out, indent=1) + '\n')      # after each backend: a cut-off run keeps what it measured
        return out
    for backend in a.backends.split(','):
        print(f'{backend}:', flush=True)
        env = dict(os.environ, KERAS_BACKEND=backend, XLA_PYTHON_CLIENT_PREALLOCATE='false',
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get('PYTHONPATH')])))
        args = [sys.executable, __file__, '--worker', '--policies', a.policies, '--steps', str(a.steps),
                '--reps', str(a.reps), '--batch-sizes', ','.join(map(str, batch_sizes))]
        with tempfile.TemporaryFile('w+') as err:
            proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
            lines = []
            for line in proc.stdout:                                    # progress as it comes; the last line is the JSON
                lines.append(line.rstrip())
                if not line.startswith('{'): print(line.rstrip(), flush=True)
            proc.wait()
            err.seek(0)
            tail = err.read().strip().splitlines()[-8:]
        try: figures[backend] = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            print(f'  {backend}: failed (exit {proc.returncode}):', *tail, sep='\n    ')
            figures[backend] = dict(backend=backend, error=(tail or ['no output'])[-1][:300])
        write()
    decode = round(decode_rate(a.decode_images), 1) if a.decode_images else None
    out = write()
    print(f"decode+resize (Pillow, {os.cpu_count()} cores): {decode} photos/s")
    print(f"best: {out.get('paper_best')}: {out.get('paper_train_images_per_s')} train, "
          f"{out.get('paper_eval_images_per_s')} eval images/s; {cfg['epochs']} epochs on {a.train_images} photos "
          f"projected at {out['paper_projected_minutes']} min")
    return 0


if __name__ == '__main__':
    sys.exit(main())
