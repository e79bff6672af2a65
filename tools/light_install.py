"""The install for colorizing alone, checked: a fresh virtual environment with `pip install .` (no extras, so no
TensorFlow) colorizes a photo and a film with the same pixels as this environment (the full install), on each runtime
this one has, without hints (the default model) and with one (the hint network); films written lossless (`--crf 0`), so
that what is compared is colorize's pixels, not the H.264 encoder's choices (at the default CRF a one-level difference
in a frame can come out as four); `colorize-study` and a `.keras` model there say in one line which extra to add.

    python tools/light_install.py            # CI runs this (a minute or two: the base install from the registry)
    python tools/light_install.py --sizes    # also a fresh `pip install '.[study]'` beside it: both sizes, bench/results_install.json

Run with the full install's Python (`.[dev]` or `.[study]`). Exits 1 on any difference or message out of place.
"""
from __future__ import annotations

import json, os, platform, shutil, subprocess, sys, tempfile, venv
from pathlib import Path

import numpy as np
from PIL import Image

root = Path(__file__).resolve().parent.parent
HINT = '0.3,0.4=#b22222'   # a hint, in fractions: it falls on the photo and on the film's first frame alike


def make_env(where: Path, spec: str) -> Path:
    "A fresh virtual environment at `where` with `spec` installed (`.`: the base install): its bin folder."
    venv.create(where, with_pip=True, clear=True)
    pip = [str(where / 'bin' / 'python'), '-m', 'pip', 'install', '-q', '--disable-pip-version-check']
    subprocess.run(pip + ['--upgrade', 'pip'], check=True)
    subprocess.run(pip + [spec], check=True, cwd=root)
    return where / 'bin'


def mib(where: Path) -> float:
    "The MiB a virtual environment fills on disk."
    return round(sum(p.stat().st_size for p in where.rglob('*') if p.is_file() and not p.is_symlink()) / 2**20, 1)


def sample(folder: Path) -> tuple[Path, Path]:
    "A gray-scale photo and a short gray film, made from the procedural scenes."
    from colorize_nb.data import synth_scene, CLASSES
    from colorize_nb.video import make_clip, write_film
    folder.mkdir(parents=True)
    photos = [synth_scene(np.random.default_rng(i), CLASSES[i], 200) for i in range(2)]
    photo = folder / 'photo.png'
    Image.fromarray(photos[0]).convert('L').save(photo)
    _, grays, _ = make_clip('pan', photos, frames=12, shape=(96, 128))
    film = folder / 'film.mp4'
    write_film(film, [np.repeat(np.clip(np.round(g), 0, 255).astype(np.uint8)[..., None], 3, -1) for g in grays], rate=12)
    return photo, film


def frames_of(path: Path) -> np.ndarray:
    import av
    with av.open(str(path)) as c: return np.stack([f.to_ndarray(format='rgb24') for f in c.decode(video=0)]).astype(np.int16)


def main() -> int:
    sizes = '--sizes' in sys.argv
    tmp = Path(tempfile.mkdtemp(prefix='colorize_nb-light-'))
    failures = []
    try:
        light = make_env(tmp / 'light', '.')
        photo, film = sample(tmp / 'in')
        has_tf = subprocess.run([str(light / 'python'), '-c', 'import importlib.util as u; print(u.find_spec("tensorflow") is not None)'], capture_output=True, text=True).stdout.strip()
        if has_tf != 'False': failures.append(f'the base install has TensorFlow ({has_tf})')
        full = Path(sys.executable).parent
        runs = {}
        hints_file = tmp / 'in' / 'hints.json'
        hints_file.write_text(json.dumps({photo.name: [HINT], film.name: [HINT]}))   # one hint on the photo and on the film's first frame
        for env, bin_ in (('light', light), ('full', full)):
            for runtime in ('auto', 'tensorflow') if env == 'full' else ('auto',):
                for hinted in (False, True):   # without hints: the default model; with them: the hint network
                    out = tmp / f'{env}-{runtime}{"-hints" if hinted else ""}'
                    cmd = [str(bin_ / 'colorize'), str(photo), str(film), '-o', str(out), '-q', '--runtime', runtime, '--crf', '0'] + (['--hints', str(hints_file)] if hinted else [])
                    r = subprocess.run(cmd, capture_output=True, text=True)
                    if r.returncode: failures.append(f'{env} colorize --runtime {runtime}{" --hints " + hints_file.name if hinted else ""}: exit {r.returncode}: {r.stderr.strip()[-300:]}')
                    runs[(env, runtime, hinted)] = out
        def levels(a, b):
            pa, pb = np.asarray(Image.open(a / 'photo.png'), np.int16), np.asarray(Image.open(b / 'photo.png'), np.int16)
            fa, fb = frames_of(a / 'film.mp4'), frames_of(b / 'film.mp4')
            return int(np.abs(pa - pb).max()), int(np.abs(fa - fb).max()) if fa.shape == fb.shape else 255
        same, keras = {}, {}
        for hinted, what in ((False, ''), (True, ' with a hint')):
            same[hinted] = levels(runs[('light', 'auto', hinted)], runs[('full', 'auto', hinted)])
            keras[hinted] = levels(runs[('light', 'auto', hinted)], runs[('full', 'tensorflow', hinted)])
            if same[hinted] != (0, 0): failures.append(f'light and full installs differ by {same[hinted]} levels (photo, film){what}')
            if max(keras[hinted]) > 2: failures.append(f'ONNX Runtime and TensorFlow differ by {keras[hinted]} levels (photo, film){what}: more than 2')
        def redness(folder):   # red over the other two channels, around the hint's point on the photo
            p = np.asarray(Image.open(folder / 'photo.png').convert('RGB'), np.float32); h, w = p.shape[:2]
            y, x = int(0.4 * h), int(0.3 * w); patch = p[y - 2:y + 3, x - 2:x + 3].mean((0, 1))
            return float(patch[0] - patch[1:].mean())
        reddened = round(redness(runs[('light', 'auto', True)]) - redness(runs[('light', 'auto', False)]), 1)
        if reddened < 5: failures.append(f'the hint did not redden the photo on the base install ({reddened} levels)')
        keras_file = tmp / 'in' / 'mine.keras'
        shutil.copy(root / 'colorize_nb' / 'pretrained' / 'colorize_unet.keras', keras_file)
        said = {}
        for what, cmd in (('colorize-study', [str(light / 'colorize-study'), '--preset', 'quick']),
                          ('a .keras model', [str(light / 'colorize'), str(photo), '--model', str(keras_file), '-o', str(tmp / 'k')]),
                          ('--runtime tensorflow', [str(light / 'colorize'), str(photo), '--runtime', 'tensorflow', '-o', str(tmp / 't')])):
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
            lines = r.stderr.strip().splitlines()
            said[what] = lines
            if r.returncode != 2 or len(lines) != 1 or "colorize_nb[study]" not in lines[0]: failures.append(f'{what} on the base install: exit {r.returncode}, {lines[-3:]}')
            if os.path.exists(tmp / 'k') or os.path.exists(tmp / 't'): failures.append(f'{what}: an output folder was made')
        result = dict(machine=dict(python=platform.python_version()), light_max_level_difference=dict(zip(('photo', 'film'), same[False])),
                      onnx_vs_tensorflow_levels=dict(zip(('photo', 'film'), keras[False])),
                      with_hint=dict(hint=HINT, light_max_level_difference=dict(zip(('photo', 'film'), same[True])),
                                     onnx_vs_tensorflow_levels=dict(zip(('photo', 'film'), keras[True])), reddened_levels=reddened), refused=said)
        print(json.dumps(result, indent=1))
        if sizes:
            make_env(tmp / 'study', '.[study]')
            figures = dict(base_mib=mib(tmp / 'light'), study_mib=mib(tmp / 'study'))
            figures['base_share_of_study'] = round(figures['base_mib'] / figures['study_mib'], 3)
            figures['command'] = 'python tools/light_install.py --sizes'
            print(json.dumps(figures, indent=1))
            (root / 'bench' / 'results_install.json').write_text(json.dumps({**figures, **result}, indent=1) + '\n')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures: print(f'FAILED: {f}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
