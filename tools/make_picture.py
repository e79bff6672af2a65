"""The README's picture: a few validation photos of the reference run as gray | faithful | vivid | truth, colorized by the shipped models.

    python tools/make_picture.py            # writes reports/picture.png (needs the dataset: the run's photos)

The photos are the first validation photo of each class in `reports/cpu/split.csv` whose truth has colour (mean
saturation above 0.25), so the picture is the same from the same data and models; run it again after shipping a model.
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image

root = Path(__file__).resolve().parent.parent
CLASSES = ('buildings', 'forest', 'glacier', 'sea', 'street')

def pick(rows, per_class=1, min_saturation=0.25):
    "The first validation photos of each class (in split order) whose colour is clear enough to judge."
    out = []
    for c in CLASSES:
        n = 0
        for p in rows[(rows.split == 'val') & (rows.label == c)].path:
            hsv = np.asarray(Image.open(p).convert('HSV'), np.float32) / 255
            if hsv[..., 1].mean() > min_saturation: out.append(p); n += 1
            if n == per_class: break
    return out

def main(out=root / 'reports' / 'picture.png', size=256):
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from colorize_nb.data import read_split
    from colorize_nb.colorize import colorize
    paths = pick(read_split(root / 'reports' / 'cpu'))
    truths = [Image.open(p).convert('RGB').resize((size, size), Image.BICUBIC) for p in paths]
    columns = {'gray (input)': [t.convert('L').convert('RGB') for t in truths],
               'faithful': [colorize(t.convert('L'), 'faithful') for t in truths],
               'vivid': [colorize(t.convert('L'), 'vivid') for t in truths], 'truth': truths}
    fig, axs = plt.subplots(len(columns), len(truths), figsize=(2.0 * len(truths), 2.0 * len(columns)))
    for r, (name, images) in enumerate(columns.items()):
        for c, im in enumerate(images):
            axs[r, c].imshow(np.asarray(im)); axs[r, c].set_xticks([]); axs[r, c].set_yticks([])
        axs[r, 0].set_ylabel(name, fontsize=11)
    fig.tight_layout(pad=0.3)
    fig.savefig(out, dpi=72, metadata={'Software': None})
    print(f"{out.relative_to(root)}: {len(truths)} validation photos ({', '.join(Path(p).relative_to(Path(p).parents[2]).as_posix() for p in paths)})")

if __name__ == '__main__':
    sys.exit(main())
