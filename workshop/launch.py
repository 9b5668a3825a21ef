"""Start JupyterLab or Voila on the welcome notebook, the way a facilitator would."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from workshop import PACKAGE_DIR, answers, i18n
from workshop.i18n import _

WELCOMES = {"en": "notebooks/00-welcome.ipynb", "es": "notebooks/es/00-bienvenida.ipynb"}
WELCOME = WELCOMES["en"]
JUPYTER_DATA = PACKAGE_DIR / "jupyter_data"  # holds the "closer" Voila template
VOILA_TEMPLATE = "closer"


def with_templates(env: dict) -> dict:
    """`env` with Closer's Voila template findable (JUPYTER_PATH is Jupyter's data search path)."""
    paths = [str(JUPYTER_DATA), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {**env, "JUPYTER_PATH": os.pathsep.join(dict.fromkeys(paths))}


def voila_command(notebooks: Path, port: int, extra: tuple[str, ...] = ()) -> list[str]:
    """Voila on the notebooks folder, on loopback only, with the template that loads nothing
    from the internet. Run it with `with_templates(env)`."""
    return [sys.executable, "-m", "voila", str(notebooks), f"--port={port}",
            "--Voila.ip=127.0.0.1", "--theme=light", f"--template={VOILA_TEMPLATE}",
            "--VoilaConfiguration.show_tracebacks=False", *extra]


def project_root() -> Path:
    """The folder holding `notebooks/`: the source checkout, else the working folder."""
    for candidate in (PACKAGE_DIR.parent, Path.cwd()):
        if (candidate / WELCOME).is_file():
            return candidate
    raise FileNotFoundError(_("cannot find {file}; run this from the Closer folder").format(
        file=WELCOME))


def command(voila: bool, port: int, token: str, root: Path, open_browser: bool,
            language: str = "en") -> tuple[list[str], str]:
    """The server command line and the address a person opens: the welcome page in `language`."""
    welcome = WELCOMES[i18n.check(language)]
    browser = [] if open_browser else ["--no-browser"]
    if voila:
        cmd = voila_command(root / "notebooks", port,
                            ("--Voila.port_retries=0",
                             *(["--no-browser"] if not open_browser else [])))
        page = Path(welcome).relative_to("notebooks").as_posix()
        url = f"http://127.0.0.1:{port}/voila/render/{page}"
        return cmd, url
    # JupyterLab refuses to run as root (containers, Binder-like machines) without this flag.
    root_flag = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    cmd = [sys.executable, "-m", "jupyter", "lab", f"--port={port}", "--ip=127.0.0.1", *root_flag,
           f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
           f"--LabApp.default_url=/lab/tree/{welcome}", "--ServerApp.port_retries=0", *browser]
    return cmd, f"http://127.0.0.1:{port}/lab/tree/{welcome}?token={token}"


def lab_settings(base: Path) -> Path:
    """JupyterLab settings for the workshop: no autosave, so running a lesson never writes
    outputs into the notebooks (answers live in the answer file, not in the notebook)."""
    settings = base / ".closer-lab-settings"
    plugin = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    plugin.parent.mkdir(parents=True, exist_ok=True)
    if not plugin.exists():
        plugin.write_text('{"autosave": false}\n', encoding="utf-8")
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True, exist_ok=True)
    if not news.exists():
        news.write_text('{"fetchNews": "false", "checkForUpdates": false}\n', encoding="utf-8")
    return settings


def start(voila: bool = False, port: int = 8888, open_browser: bool = True,
          language: str = "en") -> int:
    """Run the server on the welcome page in `language`; messages follow the current language."""
    root = project_root()
    env = with_templates(dict(os.environ))
    env.setdefault(answers.ENV_DIR, str(root / "answers"))
    answers.ensure_dir(Path(env[answers.ENV_DIR]))
    if not voila and "JUPYTERLAB_SETTINGS_DIR" not in env:
        env["JUPYTERLAB_SETTINGS_DIR"] = str(lab_settings(Path(env[answers.ENV_DIR]).parent))
    token = secrets.token_hex(16)
    cmd, url = command(voila, port, token, root, open_browser, language)
    if shutil.which(cmd[0]) is None and not Path(cmd[0]).exists():
        print(_("workshop: cannot find {program}").format(program=cmd[0]), file=sys.stderr)
        return 1
    print(_("Closer is starting {server} on the welcome notebook.").format(
        server="Voila" if voila else "JupyterLab"))
    print(_("Open this address in your browser:") + f"\n\n    {url}\n")
    print(_("Answers are saved in {folder} (this computer only).").format(
        folder=env[answers.ENV_DIR]))
    print(_("Press Ctrl+C here to stop."), flush=True)
    try:
        return subprocess.call(cmd, cwd=root, env=env)
    except KeyboardInterrupt:
        return 0
