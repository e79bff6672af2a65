"""What the encoder U-Net's training costs per phase on this machine: training photos/s of the `lite0` preset's network
with EfficientNet-Lite0 frozen, with only its deep blocks trained (`finetune_from`), and with all of it, beside today's
U-Net; writes bench/results_encoder.json.

    python bench/encoder.py               # about three minutes on 2 CPU cores; --steps N, --runs N

Each setting runs in a fresh process (the precision policy and op determinism are process-wide), on random 128x128
crops in batches of 16 (the preset's), in the precision the preset trains in ('fastest': bfloat16 where the CPU computes
it natively) and in float32; the fastest of `--runs` timings of `--steps` steps counts (noise on a shared machine only
adds time).
"""
from __future__ import annotations

import argparse, json, os, platform, subprocess, sys, time
from pathlib import Path

SETTINGS = {'frozen encoder': ('lite0', 99), 'blocks 10-15 trained': ('lite0', 10), 'blocks 5-15 trained': ('lite0', 5),
            'whole encoder trained': ('lite0', 0), "today's U-Net": ('unet', 0)}   # name -> (encoder, first block trained; 99: none)


def one(encoder: str, first_block: int, precision: str, steps: int, runs: int, batch: int = 16, crop: int = 128) -> float:
    "Training photos/s of one setting, in this process."
    import numpy as np, tensorflow as tf, keras
    from colorize_nb.train import configure
    from colorize_nb.model import unet, set_encoder_trainable
    configure(0, True, precision)
    model = unet(4, 16, 'chroma', encoder=encoder)
    if encoder == 'lite0': set_encoder_trainable(model, first_block < 99, min(first_block, 15))
    model.compile(keras.optimizers.Adam(1e-3), loss='mse')
    rng = np.random.default_rng(0)
    data = tf.data.Dataset.from_tensor_slices((rng.random((batch * 4, crop, crop, 1), np.float32), rng.random((batch * 4, crop, crop, 3), np.float32) * 255)).batch(batch).repeat()
    model.fit(data, steps_per_epoch=3, epochs=1, verbose=0)                 # traces and warms up
    best = min(_timed(lambda: model.fit(data, steps_per_epoch=steps, epochs=1, verbose=0)) for _ in range(runs))
    return batch * steps / best


def _timed(f) -> float:
    t = time.perf_counter(); f(); return time.perf_counter() - t


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--steps', type=int, default=8); p.add_argument('--runs', type=int, default=2)
    p.add_argument('--one', nargs=3, help=argparse.SUPPRESS)          # encoder, first block, precision: one setting in this process
    p.add_argument('--out', default=str(Path(__file__).parent / 'results_encoder.json'))
    a = p.parse_args()
    if a.one:
        print(json.dumps(one(a.one[0], int(a.one[1]), a.one[2], a.steps, a.runs))); return
    from colorize_nb.study import cpu_kind
    res = dict(machine=dict(cpu=cpu_kind(), cores=os.cpu_count(), python=platform.python_version()), batch_size=16, crop=128, steps=a.steps, runs=a.runs, train_images_per_s={})
    for precision in ('fastest', 'float32'):
        for name, (encoder, first) in SETTINGS.items():
            out = subprocess.run([sys.executable, __file__, '--one', encoder, str(first), precision, '--steps', str(a.steps), '--runs', str(a.runs)],
                                 capture_output=True, text=True, check=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL='3'))
            res['train_images_per_s'].setdefault(precision, {})[name] = round(float(out.stdout.strip().splitlines()[-1]), 1)
            print(precision, name, res['train_images_per_s'][precision][name], flush=True)
    print(json.dumps(res, indent=1))
    Path(a.out).write_text(json.dumps(res, indent=1) + '\n')


if __name__ == '__main__':
    main()
