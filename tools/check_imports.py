"""Check that no module of the package imports a module of a later notebook.

    python tools/check_imports.py

Each generated module names its notebook ("File to edit: ../nbs/NN_name.ipynb"); every import of a
package module anywhere in a module's text (also inside functions) must name an earlier or the same
notebook's module. Prints each violation and exits 1 if there is one.
"""
import re, sys
from pathlib import Path

pkg = Path(__file__).resolve().parent.parent / 'colorize_nb'
order = {}
for p in pkg.glob('*.py'):
    m = re.search(r'File to edit: \.\./nbs/(\d+)_\w+\.ipynb', p.read_text(encoding='utf-8'))
    if m: order[p.stem] = int(m.group(1))
bad = []
for mod, n in sorted(order.items(), key=lambda kv: kv[1]):
    for line_no, line in enumerate((pkg / f'{mod}.py').read_text(encoding='utf-8').splitlines(), 1):
        for target in re.findall(r'(?:from|import)\s+(?:colorize_nb\.|\.)(\w+)', line):
            if target in order and order[target] > n:
                bad.append(f"colorize_nb/{mod}.py:{line_no}: {mod} (notebook {n:02d}) imports {target} (notebook {order[target]:02d}, later)")
print('\n'.join(bad) if bad else f"imports follow notebook order ({len(order)} modules)")
sys.exit(1 if bad else 0)
