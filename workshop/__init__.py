"""Closer: a Jupyter workshop on emotional intimacy.

The package is the library behind the notebooks: the curriculum manifest, instruments as data,
scoring, the participant's answer file, exercise widgets, charts, reports and the `workshop` command.
"""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
