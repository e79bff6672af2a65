"""Packaging for colorize_nb, read from settings.ini (the nbdev 2 layout).

The base install colorizes photos and films (ONNX Runtime runs the shipped models); `[study]` adds TensorFlow and
the rest for training and the studies, `[dev]` the study and the tests, `[archive]` Ray.
No `pkg_resources` (gone from current setuptools): requirements are parsed with `packaging`.
nbdev's `pyproject.toml` marks most metadata as dynamic, so every such field is set here.
"""
from configparser import ConfigParser
from pathlib import Path

import setuptools
from packaging.requirements import Requirement

here = Path(__file__).parent
config = ConfigParser(delimiters=['='])
config.read(here / 'settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

def requirements(key):
    "Parse a space-separated requirement list from settings.ini, validating each entry."
    return [str(Requirement(r)) for r in cfg.get(key, '').split()]

licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License')}
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
lic = licenses[cfg['license']]
py_versions = ['3.10', '3.11', '3.12']
min_python = cfg['min_python']

setuptools.setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=(here / 'README.md').read_text(encoding='utf-8') if (here / 'README.md').exists() else cfg['description'],
    long_description_content_type='text/markdown',
    keywords=cfg['keywords'].split(),
    license=lic[0],
    author=cfg['author'],
    author_email=cfg['author_email'],
    url=cfg['git_url'],
    project_urls={'Source': cfg['git_url']},
    classifiers=[
        'Development Status :: ' + statuses[int(cfg['status'])],
        'Intended Audience :: ' + cfg['audience'].title(),
        'License :: ' + lic[1],
        'Natural Language :: ' + cfg['language'].title(),
    ] + ['Programming Language :: Python :: ' + v for v in py_versions[py_versions.index(min_python):]],
    packages=setuptools.find_packages(include=[cfg['lib_path'], cfg['lib_path'] + '.*']),
    include_package_data=True,
    package_data={cfg['lib_path']: ['pretrained/*.keras', 'pretrained/*.onnx', 'pretrained/*.json']},
    install_requires=requirements('requirements'),
    extras_require={'study': requirements('study_requirements'),                            # study: training, the studies, papermill, exporting graphs (TensorFlow)
                    'dev': requirements('study_requirements') + requirements('explore_requirements') + requirements('dev_requirements'),  # dev: the study, the explorer and nbdev's tools, the tests
                    'archive': requirements('archive_requirements'),                             # archive: `colorize-archive` on Ray
                    'explore': requirements('explore_requirements')},                            # explore: the explorer in Jupyter and Colab (hints by clicking)
    python_requires='>=' + min_python,
    entry_points={
        'console_scripts': cfg.get('console_scripts', '').split('\n'),
        'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"],
    },
    zip_safe=False,
)
