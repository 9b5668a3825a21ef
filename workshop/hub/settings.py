"""What the person who runs the hub chooses, kept as `settings.json` in the hub's state folder.

`workshop hub` writes it from its options; the JupyterHub config file it generates reads it back,
so a hub restarted by systemd runs exactly as it was set up. Secrets (the workshop code, passwords)
are not here: they live hashed in `accounts.json` beside it.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from workshop import files, i18n
from workshop.i18n import _, ngettext

SETTINGS_FILE = "settings.json"
CONFIG_FILE = "jupyterhub_config.py"
ACCOUNTS_FILE = "accounts.json"
INBOX_DIR = "inbox"
DEFAULT_STATE = Path("/srv/closer-hub")
# System accounts are <prefix><pseudonym>: never an existing account such as root, and at most
# 32 characters (the limit of useradd) with a prefix of up to 12.
PREFIX_RE = re.compile(r"[a-z][a-z0-9-]{0,10}-")


@dataclasses.dataclass
class Settings:
    state_dir: str = str(DEFAULT_STATE)
    ip: str = "127.0.0.1"  # behind a TLS reverse proxy; 0.0.0.0 with ssl_cert/ssl_key otherwise
    port: int = 8000
    hub_port: int = 8081  # the hub's own API, loopback only
    proxy_api_port: int = 8001
    inbox_port: int = 8082
    proxy_command: str = "configurable-http-proxy"
    notebooks: str = ""  # the folder holding 00-welcome.ipynb
    home_base: str = "/home"
    user_prefix: str = "closer-"
    facilitators: list[str] = dataclasses.field(default_factory=list)
    cull_timeout: int = 3600  # seconds without activity before a server is stopped
    cull_every: int = 300
    activity_interval: int = 300  # how often the hub asks the proxy who was active
    min_password: int = 8
    ssl_cert: str = ""
    ssl_key: str = ""
    base_url: str = "/"
    language: str = i18n.DEFAULT  # the welcome page people land on, and the sign-in page

    @property
    def state(self) -> Path:
        return Path(self.state_dir)

    def check(self) -> "Settings":
        """Refuse settings that would make an unsafe or broken hub, naming the setting."""
        if not PREFIX_RE.fullmatch(self.user_prefix):
            raise ValueError(_("user_prefix '{prefix}' must be 2-12 lower-case letters, digits or "
                               "'-', start with a letter and end with '-'").format(
                                   prefix=self.user_prefix))
        ports = [self.port, self.hub_port, self.proxy_api_port, self.inbox_port]
        if len(set(ports)) != len(ports) or not all(0 < p < 65536 for p in ports):
            raise ValueError(_("the four ports must be different numbers from 1 to 65535: "
                               "{ports}").format(ports=ports))
        if self.cull_timeout < 1 or self.cull_every < 1 or self.activity_interval < 1:
            raise ValueError(_("cull_timeout, cull_every and activity_interval must be at least "
                               "1 s"))
        if bool(self.ssl_cert) != bool(self.ssl_key):
            raise ValueError(_("give both ssl_cert and ssl_key, or neither"))
        if not self.base_url.startswith("/") or not self.base_url.endswith("/"):
            raise ValueError(_("base_url '{url}' must start and end with '/'").format(
                url=self.base_url))
        if self.language not in i18n.LANGUAGES:
            raise ValueError(_("language '{language}' must be one of: {languages}").format(
                language=self.language, languages=", ".join(i18n.LANGUAGES)))
        return self

    def public_url(self, host: str = "127.0.0.1") -> str:
        scheme = "https" if self.ssl_cert else "http"
        return f"{scheme}://{host}:{self.port}{self.base_url}"

    def inbox_url(self) -> str:
        """Where a participant's kernel (on this machine) reaches the inbox service."""
        return f"http://127.0.0.1:{self.inbox_port}{self.base_url}services/inbox/"


def load(state_dir: Path | str) -> Settings:
    path = Path(state_dir) / SETTINGS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(state_dir=str(state_dir)).check()
    except (OSError, ValueError) as exc:
        raise ValueError(_("{file}: cannot be read ({problem})").format(file=path,
                                                                        problem=exc)) from None
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(ngettext("{file}: unknown setting {names}",
                                  "{file}: unknown settings {names}", len(unknown)).format(
                                      file=path, names=", ".join(unknown)))
    return Settings(**{**raw, "state_dir": str(state_dir)}).check()


def save(settings: Settings) -> Path:
    """Write settings.json (readable by root only, like everything in the state folder)."""
    files.private_dir(settings.state)
    path = settings.state / SETTINGS_FILE
    text = json.dumps(dataclasses.asdict(settings.check()), indent=2, sort_keys=True) + "\n"
    files.write_atomic(path, text.encode("utf-8"))
    return path


def config_text() -> str:
    """The JupyterHub config file: two lines that read settings.json next to it."""
    return ("# Written by `workshop hub`. Change settings.json (or the command's options), not "
            "this file.\n"
            "from workshop.hub import config\n\n"
            "config.apply(c, config.settings_beside(__file__))  # noqa: F821 (c is JupyterHub's)\n")


def write_config(settings: Settings) -> Path:
    save(settings)
    path = settings.state / CONFIG_FILE
    files.write_atomic(path, config_text().encode("utf-8"))
    return path
