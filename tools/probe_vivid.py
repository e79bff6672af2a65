"""Probe what decoding alone can buy towards the vivid bars, on a sample of a run's validation photos.

    python tools/probe_vivid.py --split-run reports/cpu [--bins-run RUN] [--images 300]

Prints up to three tables (MSE, CF ratio, red recall and precision at 256x256, as the study measures them):
1. the shipped faithful model with its chroma multiplied by a gain (more colourful, same hues);
2. with `--bins-run`, a bins model's logits decoded at temperature T with a prior correction
   alpha (logits + alpha * log of the run's rebalancing weights), which moves the mode towards rare colours;
3. with `--bins-run`, the same logits with the run's rebalancing swapped for another lambda's
   (logits - log w(run's lambda) + log w(lambda), w from the run's own prior): what training at that
   lambda would roughly give, for choosing it before a long run.
It trains nothing; it tells whether a target is a matter of decoding or of what the model learned.
"""
import argparse, json
import numpy as np, pandas as pd
from colorize_nb.data import read_split, quiet_tensorflow, make_dataset
from colorize_nb.colour import chroma, luma, rgb_from_luma_chroma, annealed_mean, rebalance_weights
from colorize_nb.miscolor import red_counts, red_scores

def scores(Q, Y):
    "MSE, CF ratio, red recall and precision of predictions Q against truths Y (N, H, W, 3), 0-255."
    from colorize_nb.metrics import colourfulness
    red = sum(red_counts(q, y) for q, y in zip(Q, Y))
    return dict(mse=float(((Q - Y) ** 2).mean()), cf_ratio=float(colourfulness(Q).mean() / colourfulness(Y).mean()), **red_scores(red))

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--split-run', default='reports/cpu', help='a run folder whose validation split is sampled')
    p.add_argument('--bins-run', help='a run folder of a bins model (model.keras, bins.json)')
    p.add_argument('--images', type=int, default=300)
    a = p.parse_args()
    tf = quiet_tensorflow()
    from colorize_nb.model import load_pretrained, load_model, logits_model
    from colorize_nb.metrics import colorized_batches
    rows = read_split(a.split_run); rows = rows[rows.split == 'val'].sample(a.images, random_state=0).reset_index(drop=True)
    P, Y = (np.concatenate(x).astype(np.float32) for x in zip(*[(pred, rgb) for _, _, pred, _, rgb in colorized_batches(load_pretrained('faithful'), rows, 256, 16)]))
    out = []
    for gain in (1.0, 1.2, 1.35, 1.5, 1.7, 2.0):
        c = chroma(P) * gain
        out.append(dict(gain=gain, **scores(np.clip(np.round(rgb_from_luma_chroma(luma(P), c[..., 0], c[..., 1])), 0, 255), Y)))
    print('faithful model, chroma gain:'); print(pd.DataFrame(out).round(3).to_string(index=False))
    if not a.bins_run: return
    bins = json.loads(open(f'{a.bins_run}/bins.json').read())
    C, W = np.array(bins['centres'], np.float32), np.array(bins['weights'], np.float32)
    model = load_model(f'{a.bins_run}/model.keras'); lm = logits_model(model); work = int(model.work_size)
    Z, G = [], []
    for gray, _ in make_dataset(rows, 256, 20, cache=False):
        Z.append(lm.predict(tf.image.resize(gray, (work, work), antialias=True), verbose=0).astype(np.float32)); G.append(gray.numpy()[..., 0] * 255)
    Z, G = np.concatenate(Z), np.round(np.concatenate(G))
    out = []
    for alpha in (0.0, 0.5, 1.0):
        for T in (1.0, 0.5, 0.3):
            c = tf.image.resize(annealed_mean(Z + alpha * np.log(W), C, T), (256, 256)).numpy()
            out.append(dict(alpha=alpha, T=T, **scores(np.clip(np.round(rgb_from_luma_chroma(G, c[..., 0], c[..., 1])), 0, 255), Y)))
    print('bins model, prior correction alpha and temperature T:'); print(pd.DataFrame(out).round(3).to_string(index=False))
    P, lam0 = bins['prior'], bins['lam']
    def w(lam): return rebalance_weights(P, lam)                         # Zhang's weights for lambda, from the run's own prior
    out, unweighted = [], Z - np.log(w(lam0))                            # the run's rebalancing taken out once
    for lam in (1.0, 0.9, 0.7, lam0):
        for T in (1.5, 1.0, 0.7, 0.5, 0.38):
            c = tf.image.resize(annealed_mean(unweighted + np.log(w(lam)), C, T), (256, 256)).numpy()
            out.append(dict(lam=lam, T=T, **scores(np.clip(np.round(rgb_from_luma_chroma(G, c[..., 0], c[..., 1])), 0, 255), Y)))
    print(f'bins model (trained at lambda {lam0}), rebalancing swapped for lambda, temperature T:'); print(pd.DataFrame(out).round(3).to_string(index=False))

if __name__ == '__main__': main()
