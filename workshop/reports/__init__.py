"""Personal and group reports: papermill templates, run in isolated workers, exported to HTML."""

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PARTICIPANT_TEMPLATE = TEMPLATES_DIR / "participant_report.ipynb"
GROUP_TEMPLATE = TEMPLATES_DIR / "group_report.ipynb"
TOGETHER_TEMPLATE = TEMPLATES_DIR / "together_report.ipynb"
