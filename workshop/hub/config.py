"""Every JupyterHub setting Closer uses, derived from the hub's `settings.json`.

One function, `apply(c, settings)`, called by the config file `workshop hub` writes. What it sets,
and why:
- sign-in with pseudonyms (auth.CloserAuthenticator), a system user per person
  (spawner.CloserSpawner), servers that open the Voila welcome page with the `closer` template,
  in the hub's language (`workshop hub --lang`), as is the sign-in page;
- permissions: everyone may use the inbox service; the group `facilitators` may also read it
  (a custom scope) and nothing more: no `access:servers`, so no one opens anyone else's server;
- two hub-managed services: the inbox and jupyterhub-idle-culler.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workshop import i18n, launch
from workshop.hub import FACILITATORS, INBOX, INBOX_URL_ENV, READ_SCOPE, settings as hub_settings
from workshop.hub.settings import Settings
from workshop.i18n import _

# Servers open the notebooks folder, so the welcome page is its path inside that folder.
WELCOME_URLS = {language: "/voila/render/" + Path(page).relative_to("notebooks").as_posix()
                for language, page in launch.WELCOMES.items()}
WELCOME_URL = WELCOME_URLS["en"]
TEMPLATES = Path(__file__).with_name("templates")
CULLER = "idle-culler"
VOILA_ARGS = [
    f"--VoilaConfiguration.template={launch.VOILA_TEMPLATE}",
    "--VoilaConfiguration.theme=light",
    "--VoilaConfiguration.show_tracebacks=False",
    "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|jpeg|gif|svg)$']",
]


def settings_beside(config_file: str) -> Settings:
    """The settings.json in the same folder as the config file."""
    return hub_settings.load(Path(config_file).resolve().parent)


def notebooks_dir(s: Settings) -> Path:
    if s.notebooks:
        return Path(s.notebooks)
    return launch.project_root() / "notebooks"


def roles() -> list[dict]:
    """Who may do what. `self` lets a person use their own server only."""
    return [
        {"name": "user", "description": "A participant: their own server, and the inbox",
         "scopes": ["self", f"access:services!service={INBOX}"]},
        {"name": "closer-facilitator", "description": "Read the inbox's contributions",
         "scopes": [READ_SCOPE], "groups": [FACILITATORS]},
        {"name": CULLER, "description": "Stop servers nobody has used for a while",
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
         "services": [CULLER]},
    ]


def server_token_scopes() -> list[str]:
    """What $JUPYTERHUB_API_TOKEN in a person's server (and its kernels) may do: report activity,
    use their own server and the inbox, and, for facilitators only, read it (the hub gives each
    token only the scopes its owner holds)."""
    return ["users:activity!user", "access:servers!server", f"access:services!service={INBOX}",
            READ_SCOPE]


def login_words(language: str) -> dict[str, str]:
    """The sign-in page's words (templates/login.html) in the hub's language. The page is shown
    before anyone signs in, so it follows the hub, not a person's choice."""
    with i18n.using(language):
        return {
            "lang": language,
            "title": _("Sign in"),
            "help": _("Sign in with your <b>pseudonym</b> (a made-up name, not your real one) "
                      "and your password. <b>First time here?</b> Choose a pseudonym (2–20 "
                      "lower-case letters, digits or ‘-’, starting with a letter), choose a "
                      "password of at least 8 characters, and type the workshop code your "
                      "facilitator gave you. Your answers stay in your own private folder; "
                      "nobody else can open it."),
            "pseudonym": _("Pseudonym:"),
            "password": _("Password:"),
            "show_password": _("Show password"),
            "hide_password": _("Hide password"),
            "code": _("Workshop code (only the first time):"),
            "submit": _("Sign in"),
            "refused": _("That pseudonym and password do not match, or the workshop code is not "
                         "right. Check them and try again."),
            "insecure": _("Warning: this hub is not using a secure (HTTPS) connection. Tell the "
                          "person who runs it."),
        }


def services(s: Settings) -> list[dict]:
    python = sys.executable
    return [
        {"name": INBOX, "url": f"http://127.0.0.1:{s.inbox_port}",
         "command": [python, "-m", "workshop.hub.inbox", "--lang", s.language,
                     "--store", str(s.state / hub_settings.INBOX_DIR)],
         "oauth_no_confirm": True, "display": False,
         "oauth_client_allowed_scopes": [f"access:services!service={INBOX}", READ_SCOPE]},
        {"name": CULLER,
         "command": [python, "-m", "jupyterhub_idle_culler", f"--timeout={s.cull_timeout}",
                     f"--cull-every={s.cull_every}"]},
    ]


def apply(c, s: Settings) -> None:
    """Set JupyterHub's configuration object `c` from the settings."""
    from workshop.hub.auth import CloserAuthenticator
    from workshop.hub.spawner import CloserSpawner

    s.check()
    state = s.state
    hub = c.JupyterHub
    hub.ip, hub.port, hub.base_url = s.ip, s.port, s.base_url
    hub.hub_ip, hub.hub_port = "127.0.0.1", s.hub_port
    if s.ssl_cert:
        hub.ssl_cert, hub.ssl_key = s.ssl_cert, s.ssl_key
    hub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    hub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    hub.pid_file = str(state / "jupyterhub.pid")
    hub.template_paths = [str(TEMPLATES)]
    hub.template_vars = {"closer": login_words(s.language)}
    hub.last_activity_interval = s.activity_interval
    hub.cleanup_servers = True
    hub.allow_named_servers = False
    hub.admin_access = False
    c.ConfigurableHTTPProxy.command = [s.proxy_command]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.proxy_api_port}"

    hub.authenticator_class = CloserAuthenticator
    c.CloserAuthenticator.accounts_file = str(state / hub_settings.ACCOUNTS_FILE)
    c.CloserAuthenticator.facilitators = list(s.facilitators)
    c.CloserAuthenticator.min_password = s.min_password
    c.Authenticator.allow_all = True  # the authenticator's own rules decide
    c.Authenticator.admin_users = set()

    hub.spawner_class = CloserSpawner
    c.CloserSpawner.user_prefix = s.user_prefix
    c.CloserSpawner.home_base = s.home_base
    c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
    c.Spawner.notebook_dir = str(notebooks_dir(s))
    c.Spawner.default_url = WELCOME_URLS[s.language]
    c.Spawner.args = list(VOILA_ARGS)
    c.Spawner.disable_user_config = True
    c.Spawner.environment = {INBOX_URL_ENV: s.inbox_url()}
    c.Spawner.server_token_scopes = server_token_scopes()
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 90

    hub.custom_scopes = {READ_SCOPE: {"description": "List and download the contributions "
                                                     "participants sent to the facilitator."}}
    hub.load_roles = roles()
    hub.services = services(s)
