"""Ship a run's model as one of the package's pretrained models, with its card.

    python tools/ship_model.py reports/lite0 faithful --one-view --work-size 128   # the encoder U-Net, within 15 ms a 256x256 photo
    python tools/ship_model.py reports/lite0 vivid --one-view --work-size 128      # the same network, at the chroma gain, smoothing and median its trade-off study chose
    python tools/ship_model.py reports/lite0 vivid --one-view --work-size 128 --gain 1.35   # ... at another gain (the card also measures the study's, as shipped)
    python tools/ship_model.py reports/cpu unet-faithful                          # today's U-Net, as it was shipped as faithful
    python tools/ship_model.py reports/cpu unet-vivid --one-view                  # ... and as vivid (one forward pass)
    python tools/ship_model.py reports/vivid bins           # a bins model, at the temperature its trade-off study chose
    python tools/ship_model.py reports/vivid bins --one-view   # without flip averaging (one forward pass: half the time)
    python tools/ship_model.py reports/vivid bins --one-view --temperature 0.25   # a bins model at another temperature than its study chose
    python tools/ship_model.py reports/vivid bins --smoothing 0   # without the chroma smoothing its study chose
    python tools/ship_model.py reports/commit vivid --one-view   # a bins model as vivid: the model that commits to a colour
    python tools/ship_model.py reports/objectives/adversarial vivid --gain 1.3 --smoothing 2 --median 9   # a checkpoint the objectives study chose, as vivid
    python tools/ship_model.py reports/general/faithful faithful   # the general study's model (nbs/11_general.ipynb), at the decoding on its card
    python tools/ship_model.py reports/general/vivid vivid         # the general study's vivid checkpoint, likewise
    python tools/ship_model.py reports/general-vivid/vivid vivid   # the general vivid made again from the shipped general model (--preset general-vivid)
    python tools/ship_model.py --hints reports/hints   # the hint study's network (nbs/12_hints.ipynb) as 'hints', the study's figures on its card
    python tools/ship_model.py --graphs    # every shipped model's ONNX graph, made again where missing (cards otherwise unchanged)

A regression run ships as `faithful` or `unet-faithful` (as it is) or `vivid` or `unet-vivid` (decoded with the chroma gain, smoothing
radius and median window its study chose, `chosen_gain`/`chosen_smoothing`/`chosen_median` in miscolor.json);
a bins run as `bins` or as `vivid` (decoded at the temperature and smoothing its study chose, no gain).
Saves RUN/model.keras (weights only, no optimizer state) as colorize_nb/pretrained/network-<digest of its weights>.keras,
unless a shipped file already holds the same weights (faithful and vivid share one), exports it as the ONNX graph
`colorize` runs without TensorFlow (`onnx` on the card: its file, the facts the runtime needs, the largest difference from
the Keras network measured), and writes the card
colorize_nb/pretrained/<file>.json, which names that file (`network`); a network file no card names any more is removed. The card holds: the recipe (the run's config), the dataset by name, file count and content
hash (source.json, no machine paths), its validation MSE per byte version of the photos (`val_by_bytes`), the working size and flip averaging its evaluation chose
(inference.json), the command that reproduces it, the run's code hash, its
validation metrics and miss-colour numbers; the chroma gain, smoothing radius and median window it is saved with
(`chroma_gain`, `chroma_smoothing`, `chroma_median`); for a bins model also its bins (bins.json) and its decoding temperature.
Where these or `--one-view` differ from what the run evaluated, its numbers as shipped (`val_as_shipped`), and
where `--temperature` departs from the study's choice, that choice's numbers with the same settings
(`val_at_study_temperature`), and where `--gain`, `--smoothing` or `--median` depart from a vivid model's study, its point's
numbers as shipped (`val_at_study_gain`), all on the run's whole validation split. Where it replaces a shipped model,
that model's commit, command and validation MSE (`replaces`).
A model of the general study (`colorize-study --preset general`) is measured as shipped on the scenes' whole validation
split (`val_as_shipped`, `val_by_bytes_as_shipped`: comparable with every other card) and on each general source's
whole validation split (`val_by_source`), and its card names every source of photos that trained it and their licences.
A general vivid ships as `vivid` only where it holds the scenes' whole validation split against the scene-only vivid
(`scene-vivid`; `general.scene_holds`: MSE within the study's scene_rise, no farther from the truly red pixels, CF ratio
at least its cf_min), said on its card (`scenes_whole`); otherwise the command ends with a line saying why.
"""
import json, sys
from pathlib import Path

from colorize_nb.model import load_model, describe, is_bins_model, encoder_of, set_temperature, pretrained_file, PRETRAINED, MODELS
from colorize_nb.runtime import model_card
from colorize_nb.study import PRESETS, check_param, weights_digest, run_as_evaluated, StudyError
from colorize_nb.objectives import phase_minutes

root = Path(__file__).resolve().parent.parent


def preset_of(model) -> str:
    "The study preset that trains a model of this kind: `commit` for a bins head on the encoder U-Net, `vivid` for one on today's U-Net, `lite0` for the encoder U-Net, `cpu` for today's U-Net."
    if is_bins_model(model): return 'commit' if encoder_of(model) != 'unet' else 'vivid'
    return 'lite0' if encoder_of(model) != 'unet' else 'cpu'   # a Lite1 run: the lite0 preset with -p encoder lite1

def read(run, name):
    p = run / name
    return json.loads(p.read_text()) if p.exists() else {}

def command(run, preset, params):
    "The colorize-study command that made `run`: its preset, and `-p NAME VALUE` for each parameter the run set otherwise."
    defaults = PRESETS[preset]
    show = lambda v: ','.join(map(str, v)) if isinstance(v, list) else str(v)
    changed = [f"-p {k} {show(v)}" for k, v in params.get('parameters', {}).items() if k not in defaults or defaults[k] != v]
    return ' '.join([f"colorize-study --preset {preset}", *changed, f"--name {run.name}"])

def val_rows(run):
    "The run's whole validation split."
    from colorize_nb.data import read_split
    rows = read_split(run)
    return rows[rows.split == 'val'].reset_index(drop=True)

def mse_by_bytes(run, scores=None) -> dict:
    "The validation MSE per byte version of the photos (per-photo `scores`, default the run's scores_val.csv, against the dataset's SOURCES.csv, by `data.byte_version_of`), and the photo counts; {} where the dataset lists none."
    import pandas as pd
    from colorize_nb.data import byte_version_of, run_data_root
    if scores is None:
        if not (run / 'scores_val.csv').exists(): return {}
        scores = pd.read_csv(run / 'scores_val.csv')
    version = byte_version_of(scores.path, run_data_root(run))
    if version is None: return {}
    by = scores.groupby(version).mse
    return {k: dict(mse=float(m), n_images=int(n)) for (k, m), n in zip(by.mean().items(), by.size())}

def save_network(model) -> str:
    "Save the network under a name made from its weights (`study.weights_digest`), unless a shipped file already holds them: the file's name, for the card. Cards of one network decoded two ways (faithful and vivid) so share one file, and shipping a model never overwrites a file another card names."
    digest = weights_digest(model)
    for path in sorted(PRETRAINED.glob('*.keras')):
        if weights_digest(load_model(path)) == digest: return path.name
    model.save(PRETRAINED / f'network-{digest}.keras')
    return f'network-{digest}.keras'

def as_shipped(model, rows, temperature):
    "The model's validation numbers on `rows` at `temperature` (its own restored after; None: a regression model), with its working size, views, chroma smoothing, gain and median."
    from colorize_nb.miscolor import temperature_trade_off
    t = temperature_trade_off(model, rows, [temperature]).iloc[0]
    return dict(n_images=len(rows), **model.decoding.but(temperature=temperature).record(), **{k: float(t[k]) for k in ('mse', 'psnr', 'cf_ratio', 'dcf', 'de2000', 'de2000_red', 'spots_per_image', 'red_recall', 'red_precision')})

def write_card(name, card, model):
    "Save the network (`save_network`) and the card of shipped model `name`, noting the model it replaces (`replaces`; the same network shipped again keeps the note it had); remove a network file no card names any more."
    before = PRETRAINED / f'{MODELS[name]}.json'                                      # the card of the model this one replaces, if any
    PRETRAINED.mkdir(parents=True, exist_ok=True)
    card['network'] = save_network(model)
    if before.exists():
        old = json.loads(before.read_text())
        if old.get('network') != card['network']:
            card['replaces'] = dict(git_commit=old.get('git_commit'), code_hash=old.get('code_hash'), command=old.get('command'),
                                    val_mse=old.get('val', {}).get('model', {}).get('mse'), val_as_shipped_mse=(old.get('val_as_shipped') or {}).get('mse'))
        elif old.get('replaces'): card['replaces'] = old['replaces']
    card['onnx'] = ship_graph(model, card)
    (PRETRAINED / f'{MODELS[name]}.json').write_text(json.dumps(card, indent=1))
    remove_unnamed()

def ship_graph(model, card) -> dict:
    "Export the network as the ONNX graph `colorize` runs without TensorFlow (`runtime.export_onnx`; a bins model at its card's temperature), unless the file is there already, and check it gives the Keras network's colours: the card's `onnx` entry (file, depth, bytes a pixel, bins, temperature, the largest difference measured)."
    import numpy as np
    from colorize_nb.runtime import export_onnx, runtime_facts, OnnxNetwork, KerasNetwork
    from colorize_nb.data import synth_scene, CLASSES
    if is_bins_model(model) and card.get('temperature') is not None: set_temperature(model, card['temperature'])
    facts = runtime_facts(model)
    stem = Path(card.get('network') or f"{card['file']}.keras").stem
    path = PRETRAINED / (f"{stem}-t{facts['temperature']:g}.onnx" if facts['bins'] else f"{stem}.onnx")
    if not path.exists(): export_onnx(model, path)
    side = max(2 ** facts['depth'], int(card.get('work_size') or card['size']) // 2 ** facts['depth'] * 2 ** facts['depth'])
    x = np.stack([synth_scene(np.random.default_rng(i), CLASSES[i], side).mean(-1, keepdims=True) / 255 for i in range(4)]).astype(np.float32)
    if facts.get('hints'):   # a hint network: the same photos with hints, the graph's three hint channels beside the gray
        from colorize_nb.colorize import hint_map
        x = np.concatenate([x, np.stack([hint_map(['0.3,0.3=#b22222', '0.7,0.6=#2050c0'][:1 + i % 2], (side, side), side) for i in range(4)])], -1)
    diff = float(np.abs(OnnxNetwork(path)(x) - KerasNetwork(model)(x)).max())
    if diff > 0.5: raise SystemExit(f"ship_model: {path.name} differs from the Keras network by {diff:.3g} (0-255): not shipped")
    return dict(file=path.name, **facts, max_difference=round(diff, 6))

def remove_unnamed():
    "Remove the network files and graphs no card names any more."
    named = {pretrained_file(n) for n in MODELS} | {PRETRAINED / c['onnx']['file'] for n in MODELS if (c := json.loads((PRETRAINED / f'{MODELS[n]}.json').read_text())).get('onnx')}
    for unused in sorted((set(PRETRAINED.glob('*.keras')) | set(PRETRAINED.glob('*.onnx'))) - named):
        unused.unlink(); print(f"ship_model: removed {unused.name}, which no card names any more")

def main_graphs():
    "Give every shipped model its ONNX graph (`ship_graph`), its card otherwise unchanged."
    from colorize_nb.model import load_pretrained
    for name in MODELS:
        path = PRETRAINED / f'{MODELS[name]}.json'
        card = json.loads(path.read_text())
        card['onnx'] = ship_graph(load_pretrained(name), card)
        path.write_text(json.dumps(card, indent=1))
        print(f"{name}: {card['onnx']}")
    remove_unnamed()

def main_fine_tuned(folder, name, one_view=False, smoothing=None, gain=None, median=None, work_size=None):
    "Ship a checkpoint an objectives study chose (`nbs/10_objectives.ipynb`: FOLDER/model.keras and its card model.json), scored as shipped on its start run's whole validation split."
    from colorize_nb.metrics import evaluate
    chosen = read(folder, 'model.json')
    ft = chosen.get('fine_tune', {})
    if not ft.get('split_run'): sys.exit(f"ship_model: {folder / 'model.json'} names no split_run (the run whose split the study used)")
    start = root / ft['split_run']
    if name.rsplit('-', 1)[-1] != 'vivid': sys.exit(f"ship_model: a fine-tuned checkpoint ships as vivid, not {name}")
    model = load_model(folder / 'model.keras')
    model.decoding = model.decoding.but(work_size=work_size, smoothing=smoothing, gain=gain, median=median, **({'flip': False} if one_view else {}))
    config, source, params = (read(start, f) for f in ('config.json', 'source.json', 'params.json'))
    flags = ''.join(f" {flag} {v}" for flag, v in (('--smoothing', smoothing), ('--gain', gain), ('--median', median), ('--work-size', work_size)) if v is not None)
    study = read(folder.parent, 'study.json')
    rows = val_rows(start)
    card = dict(name=name, file=MODELS[name], size=config['size'], work_size=model.decoding.work_size, flip_average=model.decoding.flip,
                head=config['head'], width=config['width'], depth=config['depth'], model=describe(model, config['size']),
                trained_on=dict(dataset=source.get('data_dir'), n_files=source.get('n_files'), sha256=source.get('sha256'),
                                n_train=config['n_train'], n_val=config['n_val'], byte_versions=source.get('byte_versions')),
                device=config.get('device'), precision=config.get('precision'),
                seconds=(read(start, 'train.json').get('seconds') or 0) + 60 * phase_minutes(ft),
                command=(f"{command(start, preset_of(model), params)}   # then: the objectives study (its papermill command: reports/README.md, \"Objectives at equal minutes\"), "
                         f"then: python tools/ship_model.py {folder.resolve().relative_to(root) if folder.resolve().is_relative_to(root) else folder} {name}{' --one-view' if one_view else ''}{flags}"),
                code_hash=params.get('code_hash'), git_commit=params.get('git_commit'),
                recipe={k: config.get(k) for k in ('epochs', 'batch_size', 'lr', 'lr_schedule', 'size', 'crop', 'head', 'width', 'depth', 'seed', 'deterministic', 'mixed_precision', 'ema_momentum')},
                fine_tune=dict(ft, chosen_step=chosen.get('chosen_step'), checkpoints_scored_on=study.get('val_images'), cpu=study.get('cpu')),
                val={}, miscolor={}, **{k: v for k, v in model.decoding.record().items() if k.startswith('chroma_')})
    card['val_as_shipped'] = as_shipped(model, rows, None)
    card['val_by_bytes_as_shipped'] = mse_by_bytes(start, evaluate(model, rows)[0])
    write_card(name, card, model)
    print(json.dumps({k: card[k] for k in ('name', 'model', 'fine_tune')} | {'val_as_shipped': card['val_as_shipped']}, indent=1))

SCENE_LICENCE = "Kaggle's Intel Image Classification: research and non-commercial use"

def general_trained_on(study) -> dict:
    "What trained a general study's models: the scene photos (the run they were split by) and each general source, with its photo counts and licences (the general photos' SOURCES.csv)."
    import pandas as pd
    from colorize_nb.general import read_general_split, find_general
    source, rows = read(study, 'source.json'), read_general_split(study)
    licences = pd.read_csv(find_general() / 'SOURCES.csv', usecols=['file', 'licence'])
    licences = licences.groupby(licences.file.str.split('/').str[0]).licence.unique()
    counts = rows.groupby(['source', 'split']).size().unstack(fill_value=0)
    sources = {s: dict(n_train=int(counts.loc[s].get('train', 0)), n_val=int(counts.loc[s].get('val', 0)),
                       licence=SCENE_LICENCE if s == 'scenes' else '; '.join(licences.get(s, ['not listed']))) for s in counts.index}
    return dict(dataset='scenes+general', scenes=source['scenes'], general={k: v for k, v in source['general'].items() if k != 'skipped'}, sources=sources,
                note='Non-commercial research only: a model trained on these photos inherits the most restrictive of their terms.')

def start_card(start):
    "The card of the model a study started from: a shipped model's, or the one beside its .keras file (a path from the repository's root)."
    card = model_card(start if start in MODELS else root / start)
    if not card: sys.exit(f"ship_model: {start}: no card to read (a shipped name, or a .keras file with its model.json beside it)")
    return card

def main_general(folder, name):
    "Ship a model of the general study (its `faithful/` or `vivid/` folder: model.keras and its card model.json), at the decoding on its card, measured as shipped on the scenes' and every general source's whole validation split."
    import pandas as pd
    from colorize_nb.general import read_general_split, source_scores, scene_holds, SCENE_ONLY
    from colorize_nb.metrics import evaluate
    study = folder.parent
    model = load_model(folder / 'model.keras')
    chosen, params, ship = read(folder, 'model.json'), read(study, 'params.json'), read(study, 'ship.json')
    start = chosen.get('fine_tune', {}).get('start')   # vivid: the general model it starts from (a shipped name, or the study's own model.keras)
    base = chosen if 'general' in chosen else start_card(start)
    trained = base.get('general', {})
    rows = read_general_split(study)
    val = rows[rows.split == 'val'].reset_index(drop=True)
    scenes = val[val.source == 'scenes'].reset_index(drop=True)
    minutes = trained.get('minutes', 0) + trained.get('follows', {}).get('minutes', 0)
    if 'fine_tune' in chosen: minutes += phase_minutes(chosen['fine_tune'])
    card = dict(name=name, file=MODELS[name], size=chosen['size'], work_size=model.decoding.work_size, flip_average=model.decoding.flip, head='chroma',
                width=model.get_layer('dec0_conv1').filters, depth=5, model=describe(model, chosen['size']), trained_on=general_trained_on(study),
                device='CPU', precision=trained.get('precision'), seconds=round(60 * minutes, 1),
                command=f"colorize-study --preset {'general-vivid' if params.get('parameters', {}).get('trained_general') else 'general'} --name {study.name}   # then: python tools/ship_model.py {folder.resolve().relative_to(root) if folder.resolve().is_relative_to(root) else folder} {name}",
                code_hash=params.get('code_hash'), git_commit=params.get('git_commit'), general=trained, fine_tune=chosen.get('fine_tune'),
                **({'start': dict(name=start, network=base.get('network'))} if start in MODELS else {}),   # which network that name was when it shipped
                shipped_as=ship, **({'gain_choice': chosen['gain_choice']} if 'gain_choice' in chosen else {}), val={}, miscolor={}, **{k: v for k, v in model.decoding.record().items() if k.startswith('chroma_')})
    card['val_as_shipped'] = as_shipped(model, scenes, None)
    if name in SCENE_ONLY:   # vivid's name only where the scenes' whole validation split holds against the scene-only vivid, as each ships (the study judged its table's sample)
        against, now, rise, cf_min = SCENE_ONLY[name], card['val_as_shipped'], ship.get('scene_rise', 0.02), ship.get('cf_min', 0.9)
        ref = model_card(against)['val_as_shipped']
        if ref['n_images'] != now['n_images']: sys.exit(f"ship_model: {folder}: {against}'s card was measured on {ref['n_images']} scene photos, this split has {now['n_images']}: not comparable")
        holds = scene_holds(now, ref, rise, cf_min, vivid=True)
        card['scenes_whole'] = dict(against=against, n_images=now['n_images'], scene_rise=rise, cf_min=cf_min, holds=holds,
                                    **{k: dict(this=now[k], against=ref[k]) for k in ('mse', 'de2000_red', 'cf_ratio')})
        if not holds: sys.exit(f"ship_model: {folder}: does not hold the scenes' whole validation split against {against} (MSE {now['mse']:.1f} vs {ref['mse']:.1f}, "
                               f"red CIEDE2000 {now['de2000_red']:.2f} vs {ref['de2000_red']:.2f}, CF ratio {now['cf_ratio']:.3f}): not shipped as {name}; it ships beside it under a name of its own (add one to runtime.MODELS)")
    card['val_by_bytes_as_shipped'] = mse_by_bytes(study.parent / read(study, 'source.json')['scenes']['split_from'], evaluate(model, scenes)[0])
    card['val_by_source'] = source_scores(model, val[val.source != 'scenes']).reset_index().to_dict('records')
    write_card(name, card, model)
    print(json.dumps({k: card[k] for k in ('name', 'model', 'val_as_shipped', 'val_by_source')}, indent=1, default=float))

def main_hints(study):
    "Ship the hint network of a hint study (`nbs/12_hints.ipynb`: STUDY/hints/model.keras and its card) as 'hints', at its start's decoding, with the study's figures (hints against none, on the reds, where a hint goes) on its card."
    study = Path(study)
    model = load_model(study / 'hints' / 'model.keras')
    chosen, params, summary = read(study / 'hints', 'model.json'), read(study, 'params.json'), read(study, 'summary.json')
    split_run = (root / 'nbs' / params['parameters']['split_run']).resolve()   # the study's folders are recorded relative to nbs/ (where its kernels run), or absolute
    start = chosen['hints']['start']
    base = start_card(start)
    card = dict(name='hints', file=MODELS['hints'], size=chosen['size'], work_size=model.decoding.work_size, flip_average=model.decoding.flip, head='chroma+hints',
                width=model.get_layer('dec0_conv1').filters, depth=5, model=describe(model, chosen['size']), trained_on=general_trained_on(split_run),
                start=dict(name=start, network=base.get('network'), trained_on=base.get('trained_on', {}).get('dataset')),
                device='CPU', precision=chosen['hints'].get('precision'), seconds=chosen['hints'].get('seconds'),
                command=f"colorize-study --preset hints --name {study.name}   # then: python tools/ship_model.py --hints {study.resolve().relative_to(root) if study.resolve().is_relative_to(root) else study}",
                code_hash=params.get('code_hash'), git_commit=params.get('git_commit'), hints=chosen['hints'], hint_study=summary,
                without_hints=f"the {start} network, to float rounding (with no hint anywhere its head passes the network's colour unchanged)",
                **{k: v for k, v in model.decoding.record().items() if k.startswith('chroma_')})
    write_card('hints', card, model)
    print(json.dumps({k: card[k] for k in ('name', 'model', 'start')} | {'points': {k: v for k, v in summary['points'].items() if k.endswith('/10') or k.endswith('/0')}}, indent=1))

def main(run_dir, name, one_view=False, temperature=None, smoothing=None, gain=None, median=None, work_size=None):
    run = Path(run_dir)
    if (run / 'model.json').exists() and 'general' in read(run.parent, 'source.json'):   # a model of the general study
        if any(v is not None for v in (temperature, smoothing, gain, median, work_size)) or one_view:
            sys.exit(f"ship_model: {run}: a general study's model ships at the decoding on its card (its study chose it)")
        return main_general(run, name)
    if (run / 'model.json').exists() and (run / 'finetune.json').exists():       # a checkpoint an objectives study chose
        if temperature is not None: sys.exit(f"ship_model: --temperature {temperature}: {run / 'model.keras'} has no colour-bins head")
        return main_fine_tuned(run, name, one_view, smoothing, gain, median, work_size)
    if name not in MODELS: sys.exit(f"ship_model: unknown model name {name!r} (one of {', '.join(MODELS)})")
    try: model = run_as_evaluated(run)                                                 # a committed run's model may ship only in the package
    except StudyError as e: sys.exit(f"ship_model: {e}")
    bins = is_bins_model(model)
    kind = name.rsplit('-', 1)[-1]                                                    # 'unet-faithful' ships as a faithful model does
    if (kind == 'bins' and not bins) or (bins and kind == 'faithful'):                  # vivid may be either: a boosted regression or a model that commits
        sys.exit(f"ship_model: {run / 'model.keras'} {'has' if bins else 'has no'} colour-bins head: it ships as {'bins or vivid' if bins else 'faithful or vivid'}, not {name}")
    if temperature is not None and not bins: sys.exit(f"ship_model: --temperature {temperature}: {run / 'model.keras'} has no colour-bins head")
    evaluated_flip = model.decoding.flip
    evaluated_size = model.decoding.work_size
    if one_view: model.decoding = model.decoding.but(flip=False)                      # speed over the last bit of MSE: the card says both
    if work_size: model.decoding = model.decoding.but(work_size=work_size)             # likewise: a smaller side, a faster photo
    config, metrics, miscolor, source, params = (read(run, f) for f in ('config.json', 'metrics.json', 'miscolor.json', 'source.json', 'params.json'))
    flags = ''.join(f" {flag} {v}" for flag, v in (('--temperature', temperature), ('--smoothing', smoothing), ('--gain', gain), ('--median', median), ('--work-size', work_size)) if v is not None)
    card = dict(name=name, file=MODELS[name], size=config['size'], work_size=model.decoding.work_size, flip_average=model.decoding.flip,   # as load_model read them (inference.json)
                flip_average_evaluated=evaluated_flip,   # what the evaluation chose; the val numbers are with it
                head=config['head'], width=config['width'], depth=config['depth'],
                model=describe(model, config['size']),
                trained_on=dict(dataset=source.get('data_dir'), n_files=source.get('n_files'), sha256=source.get('sha256'),
                                n_train=config['n_train'], n_val=config['n_val'], byte_versions=source.get('byte_versions')),
                device=config.get('device'), precision=config.get('precision'), seconds=read(run, 'train.json').get('seconds'),
                command=f"{command(run, preset_of(model), params)}   # then: python tools/ship_model.py reports/{run.name} {name}{' --one-view' if one_view else ''}{flags}",
                code_hash=params.get('code_hash'), git_commit=params.get('git_commit'),
                recipe={k: config.get(k) for k in ('epochs', 'batch_size', 'lr', 'lr_schedule', 'size', 'crop', 'head', 'width', 'depth', 'seed', 'deterministic', 'mixed_precision', 'ema_momentum')},
                val=metrics.get('val', {}), val_by_bytes=mse_by_bytes(run),   # the test split is judged per byte version
                miscolor={k: miscolor.get('model', {}).get(k) for k in ('spots_per_image', 'spot_area', 'red_recall', 'red_precision', 'de2000_red')})
    from_study = kind != 'faithful'                                                    # vivid and bins take their decoding from the run's trade-off study
    study_smoothing = (miscolor.get('chosen_smoothing') or 0) if from_study else 0      # 0: none, or none scored
    boosted = kind == 'vivid' and not bins                                             # a regression's vivid: gain and median from its study
    study_gain = (miscolor.get('chosen_gain') or 1.0) if boosted else 1.0
    study_median = (miscolor.get('chosen_median') or 0) if boosted else 0
    if boosted and not miscolor.get('chosen_gain') and gain is None: sys.exit(f"ship_model: {run / 'miscolor.json'} has no chosen chroma gain (run its 06_miscolor step with `gains`), and no --gain was given")
    model.decoding = model.decoding.but(smoothing=study_smoothing, gain=study_gain, median=study_median).but(smoothing=smoothing, gain=gain, median=median)
    card.update({k: v for k, v in model.decoding.record().items() if k.startswith('chroma_')})
    if from_study: card.update(study_smoothing=study_smoothing, **({'study_gain': study_gain, 'study_median': study_median, 'trade_off_gain': miscolor.get('trade_off_gain')} if boosted else {}))
    evaluated = chosen = None
    if bins:
        evaluated = card['val'].get('temperature') or config.get('temperature')     # the one its validation numbers are at
        chosen = miscolor.get('chosen_temperature') or evaluated                      # the operating point of its trade-off study
        temperature = chosen if temperature is None else temperature
        card['study_temperature'] = chosen
        if temperature != evaluated:
            print(f"ship_model: shipped at T = {temperature} (its study chose {chosen}); the card's `val` numbers are at T = {evaluated}, "
                  "its `trade_off` table has the chosen one")
        set_temperature(model, temperature)                                            # saved in the network, and on its card
        model.decoding = model.decoding.but(temperature=temperature)
        b = read(run, 'bins.json')
        card.update(temperature=temperature, bins={k: b.get(k) for k in ('step', 'lam', 'sigma', 'level', 'n_pixels', 'centres', 'prior', 'weights')},
                    trade_off=miscolor.get('trade_off'), trade_off_smoothing=miscolor.get('trade_off_smoothing'))
    d = model.decoding
    differs = temperature != evaluated or d.flip != evaluated_flip or d.work_size != evaluated_size or d.smoothing or d.gain != 1 or d.median   # the run's numbers are at other settings
    off_study = boosted and (d.gain, d.smoothing, d.median) != (study_gain, study_smoothing, study_median)   # a vivid decoding other than its study's
    rows = val_rows(run) if differs or off_study or temperature != chosen else None   # read once for every measurement
    if temperature != chosen: card['val_at_study_temperature'] = as_shipped(model, rows, chosen)   # the study's own point as this model ships: why it was not taken
    if off_study:                                                                        # likewise for a vivid model's gain, smoothing and median
        model.decoding = d.but(gain=study_gain, smoothing=study_smoothing, median=study_median)
        card['val_at_study_gain'] = as_shipped(model, rows, temperature)
        model.decoding = d
    if differs:
        card['val_as_shipped'] = as_shipped(model, rows, temperature)
        if not bins:                                                                     # the test split is judged per byte version: as shipped too
            from colorize_nb.metrics import evaluate
            card['val_by_bytes_as_shipped'] = mse_by_bytes(run, evaluate(model, rows)[0])
    write_card(name, card, model)
    print(json.dumps({k: card[k] for k in ('name', 'model', 'trained_on')} | {'val_mse': card['val'].get('model', {}).get('mse')}
                     | ({'val_as_shipped_mse': card['val_as_shipped']['mse']} if differs else {}), indent=1))

if __name__ == '__main__':
    import argparse
    if sys.argv[1:] == ['--graphs']: main_graphs(); sys.exit()
    if sys.argv[1:2] == ['--hints'] and len(sys.argv) == 3: main_hints(sys.argv[2]); sys.exit()
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('run_dir'); p.add_argument('name', choices=list(MODELS))
    p.add_argument('--one-view', action='store_true', help='colorize without flip averaging, whatever the evaluation chose')
    p.add_argument('--work-size', type=int, help='the side the network colorizes at, instead of the one the evaluation chose (a multiple of 2**depth)')
    p.add_argument('--temperature', type=float, help="bins models: decode at this T instead of the one the run's trade-off study chose")
    p.add_argument('--smoothing', type=int, help="chroma smoothing radius (working pixels; 0: none) instead of the one the run's study chose (none for faithful)")
    p.add_argument('--gain', type=float, help="chroma gain (1: none) instead of the one the run's study chose (none for faithful)")
    p.add_argument('--median', type=int, help="chroma median window (working pixels, odd; 0: none) instead of the one the run's study chose (none for faithful)")
    a = p.parse_args()
    try:                                                                                  # the study's own bounds for these settings
        if a.temperature is not None: check_param('temperature', a.temperature)
        if a.smoothing is not None: check_param('smoothings', [a.smoothing])
        if a.gain is not None: check_param('gains', [a.gain])
        if a.median is not None: check_param('medians', [a.median])
    except StudyError as e: p.error(str(e))
    main(a.run_dir, a.name, a.one_view, a.temperature, a.smoothing, a.gain, a.median, a.work_size)
