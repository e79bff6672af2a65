"""Probe whether a network knows where red is: a small red-pixel detector on a colorization network's features.

    python tools/probe_red.py --split-run reports/cpu [--model faithful] [--finetune] [--epochs 2] [--out FILE.json]

The issue's red bar asks for red recall >= 0.3 at precision >= 0.5 (a pixel is red by `colour.is_red`). Whatever
decodes the colour, it can only paint red where something in the network tells red pixels from the others. This trains
that something directly and measures how well it does: a detector head (every level of the U-Net's decoder
and its bottom, each brought to full size and summed, then a 3x3 convolution) trained on the run's training photos to
say "truly red" per pixel (cross-entropy, red pixels weighted up to half the loss). With `--finetune` the network's body
trains too (from the model's weights), so the question becomes what a network of this size learns about red from gray.

On the run's validation photos (256x256, gray as the study makes it, truths by `colour.is_red`) it prints the pooled
precision the detector reaches at each recall, the highest recall at precision >= 0.5, its average precision and ROC
AUC, against the share of red pixels (what a detector that knows nothing scores), and the hues of the truly red pixels.
If the precision at recall 0.3 is far under 0.5, no decoding of this network's colour is likely to meet the bar.
"""
import argparse, json, subprocess, sys, time
from pathlib import Path
import numpy as np

LEVEL_SCALES = {'dec0_conv2': 1, 'dec1_conv2': 2, 'dec2_conv2': 4, 'dec3_conv2': 8, 'bottom_conv2': 16}

def red_mask(tf, rgb):
    "The training label: `colour.is_red` in TensorFlow (Pillow's HSV thresholds on TF's HSV; it differs on a few pixels at the thresholds)."
    hsv = tf.image.rgb_to_hsv(tf.clip_by_value(rgb, 0, 255) / 255.0) * 255.0
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return tf.cast(((h <= 14.5) | (h >= 240.5)) & (s >= 99.5) & (v >= 49.5), tf.float32)[..., None]

def detector(base, finetune: bool):
    "A red-pixel detector (logits, full size) on the levels of `base`'s U-Net."
    import keras
    from keras import layers
    base.trainable = finetune
    levels = {n: s for n, s in LEVEL_SCALES.items() if n in {l.name for l in base.layers}}   # a bins model stops at 1/2
    feats = keras.Model(base.inputs, [base.get_layer(n).output for n in levels])
    gray = keras.Input((None, None, 1), name='gray')
    summed = None
    for f, scale in zip(feats(gray), levels.values()):
        x = layers.Conv2D(32, 1, dtype='float32')(f)
        if scale > 1: x = layers.UpSampling2D(scale, interpolation='bilinear', dtype='float32')(x)
        summed = x if summed is None else layers.Add(dtype='float32')([summed, x])
    x = layers.Concatenate(dtype='float32')([layers.ReLU(dtype='float32')(summed), gray])
    x = layers.Conv2D(32, 3, padding='same', activation='relu', dtype='float32')(x)
    return keras.Model(gray, layers.Conv2D(1, 1, dtype='float32', name='red_logit')(x))

def pooled_curve(pos, neg):
    "Recall and precision at every threshold, from counts of red and other pixels per score bin (highest bin first)."
    tp, fp = np.cumsum(pos[::-1]), np.cumsum(neg[::-1])
    return tp / max(tp[-1], 1), tp / np.maximum(tp + fp, 1), fp / max(fp[-1], 1)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--split-run', default='reports/cpu', help="a run folder: its split's training photos train the detector, its validation photos score it")
    p.add_argument('--model', default='faithful', help="a shipped model's name or a .keras file (a U-Net of this package, any head)")
    p.add_argument('--finetune', action='store_true', help="train the network's body too, not only the detector")
    p.add_argument('--epochs', type=int, default=2)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--train-images', type=int, default=0, help='0: all the training photos')
    p.add_argument('--val-images', type=int, default=0, help='0: all the validation photos')
    p.add_argument('--out', help='also write the results to this JSON file (a new file; an existing one is refused)')
    a = p.parse_args()
    if a.out and Path(a.out).exists(): sys.exit(f"probe_red: {a.out}: exists; give a new file name")
    root = Path(__file__).resolve().parent.parent
    commit = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=root, capture_output=True, text=True).stdout.strip() or None   # the code this run starts with
    from colorize_nb.data import read_split, make_dataset, quiet_tensorflow
    tf = quiet_tensorflow()
    import keras
    from colorize_nb.model import load_model, load_pretrained, MODELS
    from colorize_nb.study import code_hash
    from colorize_nb.colour import is_red
    base = load_pretrained(a.model) if a.model in MODELS else load_model(a.model)
    size = int(json.loads((Path(a.split_run) / 'config.json').read_text())['size']) if (Path(a.split_run) / 'config.json').is_file() else 144
    crop = min(128, size)
    split = read_split(a.split_run)
    train, val = split[split.split == 'train'], split[split.split == 'val']
    if a.train_images: train = train.sample(a.train_images, random_state=0)
    if a.val_images: val = val.sample(a.val_images, random_state=0)
    keras.utils.set_random_seed(0)
    det = detector(base, a.finetune)
    share = float(np.mean([tf.reduce_mean(red_mask(tf, rgb)) for _, rgb in make_dataset(train.iloc[:1000], size, 50, cache=False)]))
    weight = (1 - share) / share   # red pixels carry half the loss (their share estimated on the split's first 1,000 training photos)
    def loss(y, z): return tf.reduce_mean(tf.nn.weighted_cross_entropy_with_logits(y, z, pos_weight=weight)) / (2 * (1 - share))   # log 2 for a detector that knows nothing
    det.compile(keras.optimizers.Adam(a.lr), loss)
    data = make_dataset(train, size, 16, crop=crop, training=True, seed=0).map(lambda g, rgb: (g, red_mask(tf, rgb)))
    t = time.time()
    hist = det.fit(data, epochs=a.epochs, verbose=2).history['loss']
    seconds = time.time() - t
    edges = np.linspace(0, 1, 2001)
    pos, neg, hues = np.zeros(2000), np.zeros(2000), []
    for gray, rgb in make_dataset(val, 256, 16, cache=False):
        z = det.predict(tf.image.resize(gray, (size, size), antialias=True), verbose=0)
        prob = tf.sigmoid(tf.image.resize(z, (256, 256))).numpy()[..., 0]
        for q, y in zip(prob, rgb.numpy()):
            red = is_red(y)
            pos += np.histogram(q[red], edges)[0]; neg += np.histogram(q[~red], edges)[0]
            hsv = tf.image.rgb_to_hsv(y[red] / 255.0).numpy()
            hues.append(hsv[:, 0])
    recall, precision, fpr = pooled_curve(pos, neg)
    at = {r: float(precision[min(np.searchsorted(recall, r), len(recall) - 1)]) for r in (0.05, 0.1, 0.2, 0.3, 0.5)}
    ok = precision >= 0.5
    deg = np.concatenate(hues) * 360; deg = np.where(deg > 180, deg - 360, deg)
    res = dict(command='python tools/probe_red.py ' + ' '.join(sys.argv[1:]), code_hash=code_hash(root / 'nbs'), git_commit=commit, model=a.model, finetune=a.finetune, epochs=a.epochs, size=size, crop=crop, train_images=len(train), val_images=len(val),
               seconds=round(seconds, 1), train_loss=[round(x, 5) for x in hist], red_share_val=float(pos.sum() / (pos.sum() + neg.sum())),
               precision_at_recall={str(k): round(v, 4) for k, v in at.items()},
               recall_at_precision_half=round(float(recall[ok].max()) if ok.any() else 0.0, 4),
               average_precision=round(float(np.sum(np.diff(np.concatenate([[0], recall])) * precision)), 4),
               roc_auc=round(float(np.trapezoid(recall, fpr)), 4),
               red_hue_degrees_quantiles={str(q): round(float(v), 1) for q, v in zip((5, 25, 50, 75, 95), np.percentile(deg, [5, 25, 50, 75, 95]))})
    print(json.dumps(res, indent=1))
    print(f"the bar (recall 0.3 at precision 0.5) {'is' if at[0.3] >= 0.5 else 'is not'} within this detector's reach: precision {at[0.3]:.3f} at recall 0.3, "
          f"against {res['red_share_val']:.3f} for knowing nothing")
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1) + '\n')

if __name__ == '__main__': main()
