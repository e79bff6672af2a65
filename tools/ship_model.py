"""Ship a run's model as the package's pretrained model, with its card.

    python tools/ship_model.py reports/cpu

Copies RUN/model.keras (weights only, no optimizer state) to colorize_nb/pretrained/colorize_unet.keras
and writes colorize_nb/pretrained/colorize_unet.json: the recipe (the run's config), the command that
reproduces it and the run's validation metrics.
"""
import json, sys
from pathlib import Path

from colorize_nb.model import load_model, describe, PRETRAINED

def main(run_dir):
    run = Path(run_dir)
    model = load_model(run / 'model.keras')
    PRETRAINED.mkdir(parents=True, exist_ok=True)
    model.save(PRETRAINED / 'colorize_unet.keras')
    config = json.loads((run / 'config.json').read_text())
    metrics = json.loads((run / 'metrics.json').read_text()) if (run / 'metrics.json').exists() else {}
    miscolor = json.loads((run / 'miscolor.json').read_text()) if (run / 'miscolor.json').exists() else {}
    card = dict(
        name='colorize_unet', size=config['size'], head=config['head'], width=config['width'], depth=config['depth'],
        model=describe(model, config['size']),
        trained_on=f"{config['data_dir']} ({config['n_train']} training, {config['n_val']} validation photos)",
        device=config.get('device'), seconds=json.loads((run / 'train.json').read_text()).get('seconds') if (run / 'train.json').exists() else None,
        command=f"colorize-study --preset cpu --name {run.name}   # then: python tools/ship_model.py reports/{run.name}",
        recipe={k: config[k] for k in ('epochs', 'batch_size', 'lr', 'lr_schedule', 'size', 'crop', 'head', 'width', 'depth', 'seed', 'deterministic')},
        val=metrics.get('val', {}),
        miscolor={k: miscolor.get('model', {}).get(k) for k in ('spots_per_image', 'spot_area', 'red_recall', 'red_precision')} if miscolor else {},
    )
    (PRETRAINED / 'colorize_unet.json').write_text(json.dumps(card, indent=1))
    print(json.dumps({k: card[k] for k in ('name', 'model', 'val')}, indent=1))

if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'reports/cpu')
