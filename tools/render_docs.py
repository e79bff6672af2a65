"""Render bench/README.md from bench/README.template.md and the benchmark's JSON files.

    python tools/render_docs.py          # write bench/README.md
    python tools/render_docs.py --check  # exit 1 if bench/README.md differs from what the files give

Every `{b[...]}`, `{g[...]}`, `{h[...]}`, `{v[...]}` and `{a[...]}` field of the template is filled from `bench/results.json`,
`bench/results_gpu.json`, `bench/results_heads.json`, `bench/results_video.json`, `bench/results_archive.json`,
`bench/results_runtime.json` (`{r[...]}`), `bench/results_install.json` (`{i[...]}`), `bench/results_hints.json` (`{k[...]}`) and
`bench/results_png.json` (`{p[...]}`), so no
figure is typed by hand (`{a[break_even]}` is the archive's break-even said in words, from its figures).
"""
import json, sys
from pathlib import Path

bench = Path(__file__).resolve().parent.parent / 'bench'

def render() -> str:
    load = lambda name: json.loads((bench / name).read_text()) if (bench / name).exists() else {}
    a = load('results_archive.json')
    if a: a['break_even'] = (f"the archive overtakes `colorize` past {a['break_even_photos']:,} photos" if a.get('break_even_photos') else
                             "the archive never overtakes one `colorize` process on one machine (once started it is no faster): what it adds is more machines (on paper, below)")
    return (bench / 'README.template.md').read_text().format(b=load('results.json'), g=load('results_gpu.json'), h=load('results_heads.json'), v=load('results_video.json'), a=a,
                                                                  r=load('results_runtime.json'), i=load('results_install.json'), k=load('results_hints.json'),
                                                                  p=load('results_png.json'))

if __name__ == '__main__':
    text, out = render(), bench / 'README.md'
    if '--check' in sys.argv:
        if out.read_text() != text:
            print('bench/README.md differs from bench/README.template.md filled with the JSON files: run python tools/render_docs.py'); sys.exit(1)
        print('bench/README.md matches its files')
    else: out.write_text(text); print(f'wrote {out}')
