"""Film speed: frames/s of `colorize_video` end to end (decode, colorize, carry colour, encode) at 640x480 on this machine, and
the share of each stage; writes bench/results_video.json.

    python bench/video.py                 # about a minute on 2 CPU cores; --frames N, --runs N, --model NAME

The test film is made here: a pan across a photo of the dataset when it is found (else a synthetic scene), 24 frames/s,
with a stereo AAC track. Each setting runs `--runs` times; the fastest counts (noise on a shared machine only adds time).
"""
from __future__ import annotations

import argparse, json, os, platform, sys, tempfile, time
from pathlib import Path

import numpy as np
from PIL import Image

from colorize_nb.data import find_intel
from colorize_nb.model import load_pretrained
from colorize_nb.colorize import decoding_for
from colorize_nb.study import cpu_kind
from colorize_nb.video import colorize_video, Steadiness, film_facts, write_film


def test_film(path: Path, frames: int, size=(480, 640)) -> None:
    "A pan across a photo (or a synthetic scene), `frames` frames at 24 frames/s with a stereo tone, as H.264 in MP4."
    h, w = size
    try: photo = Image.open(sorted((find_intel() / 'seg_train' / 'seg_train' / 'street').glob('*.jpg'))[0]).convert('RGB')
    except Exception: photo = Image.fromarray((np.random.default_rng(0).random((64, 64, 3)) * 255).astype(np.uint8)).resize((256, 256), Image.BICUBIC)
    big = photo.resize((int(w * 1.5), int(w * 1.5)), Image.BICUBIC)
    top = (big.height - h) // 2
    pan = (np.asarray(big.crop((x, top, x + w, top + h))) for x in (int((big.width - w) * i / max(frames - 1, 1)) for i in range(frames)))
    write_film(path, pan)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--frames', type=int, default=240); p.add_argument('--runs', type=int, default=3)
    p.add_argument('--model', default='faithful'); p.add_argument('--out', default=str(Path(__file__).parent / 'results_video.json'))
    a = p.parse_args()
    tmp = Path(tempfile.mkdtemp())
    test_film(tmp / 'film.mp4', a.frames)
    model = load_pretrained(a.model)
    colorize_video(tmp / 'film.mp4', tmp / 'warm.mp4', model, duration=1.0, progress=False)   # traces the graph function once
    res = dict(machine=dict(cpu=cpu_kind(), cores=os.cpu_count(), python=platform.python_version()), frames=a.frames, size=[640, 480], model=a.model,
               decoding=decoding_for(model).record(), steadiness=Steadiness().__dict__)
    for name, steady in (('steady', Steadiness()), ('each_frame', Steadiness(carry=0))):
        best = None
        for k in range(a.runs):
            r = colorize_video(tmp / 'film.mp4', tmp / f'{name}_{k}.mp4', model, steadiness=steady, progress=False)
            if best is None or r.seconds < best.seconds: best = r
        res[name] = dict(fps=round(best.fps, 1), seconds=round(best.seconds, 2), stage_share={s: round(v / sum(best.stages.values()), 3) for s, v in best.stages.items()},
                         stage_ms_per_frame={s: round(v / best.frames * 1000, 2) for s, v in best.stages.items()})
    facts_in, facts_out = film_facts(tmp / 'film.mp4'), film_facts(tmp / 'steady_0.mp4')
    res['round_trip'] = {k: [facts_in[k], facts_out[k]] for k in ('frames', 'rate', 'duration', 'width', 'height')} | {'audio_packets': [facts_in['audio'][0]['packets'], facts_out['audio'][0]['packets']]}
    print(json.dumps(res, indent=1))
    Path(a.out).write_text(json.dumps(res, indent=1))


if __name__ == '__main__':
    main()
