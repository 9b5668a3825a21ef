"""`workshop hub`: set up the hub's state folder, then become JupyterHub.

Also the hub's small chores: set the workshop code, set a password (participants and
facilitators), and collect the contributions for `workshop reports` (facilitators). Everything
a person can fix is one line on standard error.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import shutil
import signal
import sys
from pathlib import Path

from workshop import PACKAGE_DIR, i18n, launch
from workshop.hub import accounts, settings as hub_settings
from workshop.hub.settings import Settings
from workshop.i18n import N_, _, ngettext

PROXY = "configurable-http-proxy"
PROXY_ENV = "CLOSER_PROXY"  # optional: the proxy's path


def find_proxy() -> str | None:
    """configurable-http-proxy: $CLOSER_PROXY, the project's node_modules, else the PATH."""
    chosen = os.environ.get(PROXY_ENV)
    if chosen:
        return chosen if Path(chosen).is_file() else None
    candidates = [PACKAGE_DIR.parent / "node_modules" / ".bin" / PROXY,
                  Path.cwd() / "node_modules" / ".bin" / PROXY]
    for path in candidates:
        if path.is_file():
            return str(path)
    return shutil.which(PROXY)


def blocked_for_others(path: Path | str) -> str | None:
    """Why another user could not use `path` (a folder on the way they cannot enter, or the
    thing itself not readable), or None. Participants' servers run as their own users."""
    path = Path(path).resolve()
    for folder in reversed(path.parents):
        if not folder.stat().st_mode & 0o001:
            return _("{folder} does not let other users in").format(folder=folder)
    if not path.stat().st_mode & 0o004:
        return _("{path} is not readable by other users").format(path=path)
    return None


def check_shared(s: Settings) -> None:
    """Participants' servers run this Python, this package and these notebooks as other users:
    refuse to start a hub whose servers could never start."""
    import jupyterhub

    for what, path in (("Python", sys.executable), ("Closer", PACKAGE_DIR),
                       ("JupyterHub", Path(jupyterhub.__file__).parent),
                       (_("the notebooks"), s.notebooks)):
        problem = blocked_for_others(path)
        if problem:
            raise PermissionError(_(
                "{what} at {path} cannot be used by participants' servers: {problem}. Install "
                "Closer in an environment every user can read (e.g. python3 -m venv /opt/closer; "
                "/opt/closer/bin/pip install 'closer[hub]'; see facilitator_guide/hub.md)").format(
                    what=what, path=path, problem=problem))


def settings_from(args) -> Settings:
    """settings.json in the state folder, with the options given on this command line."""
    current = hub_settings.load(args.state)
    changes = {f.name: getattr(args, f.name) for f in dataclasses.fields(Settings)
               if f.name != "state_dir" and getattr(args, f.name, None) is not None}
    return dataclasses.replace(current, **changes).check()


def _err(message: str) -> int:
    print(f"workshop hub: {message}", file=sys.stderr)
    return 1


def _is_root() -> bool:
    return os.geteuid() == 0


def welcome_page(language: str) -> str:
    """The welcome notebook in `language`, relative to the notebooks folder."""
    return Path(launch.WELCOMES[language]).relative_to("notebooks").as_posix()


def prepare(s: Settings) -> Path:
    """Fill in what the hub needs to find (proxy, notebooks), write the config, return its path."""
    if not s.notebooks:
        s.notebooks = str(launch.project_root() / "notebooks")
    if not Path(s.notebooks, welcome_page(s.language)).is_file():
        raise FileNotFoundError(_("{folder} does not hold {page}").format(
            folder=s.notebooks, page=welcome_page(s.language)))
    if s.proxy_command == PROXY or not Path(s.proxy_command).is_file():
        found = find_proxy()
        if found is None:
            raise FileNotFoundError(_(
                "cannot find configurable-http-proxy: run `npm install` in the Closer folder "
                "(it is in package.json), or set {variable} to its path").format(
                    variable=PROXY_ENV))
        s.proxy_command = found
    return hub_settings.write_config(s)


def run(args) -> int:
    if not _is_root():
        return _err(_("must run as root: it makes a system user with a private home for each "
                      "participant (see facilitator_guide/hub.md)"))
    s = settings_from(args)
    config_file = prepare(s)
    check_shared(s)
    os.chmod(s.state, 0o700)
    print(summary(s), flush=True)
    command = [sys.executable, "-m", "jupyterhub", "-f", str(config_file)]
    os.chdir(s.state)
    # A hub started from a background shell inherits "ignore Ctrl+C"; its services would too,
    # and then take the slow way out at shutdown.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.execv(sys.executable, command)
    return 0  # not reached


def summary(s: Settings) -> str:
    """What the hub is about to run with, for the person starting it."""
    code = _("set") if accounts.has_code(s.state / hub_settings.ACCOUNTS_FILE) else \
        _("NOT set (only accounts made with `workshop hub password` can sign in)")
    return _("Closer hub: {url}\n"
             "  state folder  {state} (root only)\n"
             "  notebooks     {notebooks}\n"
             "  welcome page  {page} ({language})\n"
             "  workshop code {code}\n"
             "  facilitators  {facilitators}\n"
             "  idle servers  stopped after {seconds} s (answers are kept)\n").format(
        url=s.public_url(), state=s.state, notebooks=s.notebooks,
        page=welcome_page(s.language), language=i18n.NAMES[s.language], code=code,
        facilitators=", ".join(s.facilitators) or _("none yet"), seconds=s.cull_timeout)


def _secret(prompt: str) -> str:
    """A secret from the terminal (asked twice), or one line of standard input."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(prompt)
    if getpass.getpass(_("Again: ")) != first:
        raise ValueError(_("the two entries differ"))
    return first


def set_code(args) -> int:
    s = hub_settings.load(args.state)
    code = _secret(_("Workshop code (empty: no newcomers can sign up): "))
    accounts.set_code(s.state / hub_settings.ACCOUNTS_FILE, code)
    print(_("workshop code set") if code.strip() else
          _("workshop code removed: newcomers cannot sign up until you set one"))
    return 0


def set_password(args) -> int:
    s = hub_settings.load(args.state)
    accounts.check_name(args.name)
    password = _secret(_("Password for {name}: ").format(name=args.name))
    accounts.set_password(s.state / hub_settings.ACCOUNTS_FILE, args.name, password,
                          s.min_password)
    if args.facilitator and args.name not in s.facilitators:
        s.facilitators.append(args.name)
    elif args.participant and args.name in s.facilitators:
        s.facilitators.remove(args.name)
    hub_settings.save(s)
    if args.name in s.facilitators:
        done = _("password set for {name} (facilitator); a change of role applies from their "
                 "next sign-in after the hub restarts")
    else:
        done = _("password set for {name} (participant); a change of role applies from their "
                 "next sign-in after the hub restarts")
    print(done.format(name=args.name))
    return 0


def collect(args) -> int:
    from workshop.hub import client

    token = os.environ.get(client.TOKEN_ENV, "")
    if args.token_file:
        token = Path(args.token_file).read_text(encoding="utf-8").strip()
    url = client.inbox_url(args.hub) if args.hub else os.environ.get(client.INBOX_URL_ENV, "")
    if not url or not token:
        return _err(_("give --hub URL and --token-file FILE (a token from the hub's token page), "
                      "or run this in your own server on the hub"))
    try:
        paths = client.Inbox(url, token).collect(args.out)
    except client.InboxError as exc:
        return _err(str(exc))
    print(ngettext("{n} contribution in {folder}; next: workshop reports {folder} --out reports",
                   "{n} contributions in {folder}; next: workshop reports {folder} --out reports",
                   len(paths)).format(n=len(paths), folder=args.out))
    return 0


HELP = N_("""\
Run Closer on JupyterHub on this machine, for a group.

Each participant signs in at the hub's address with a pseudonym and a password. The first time,
they choose both and type the workshop code you set (`workshop hub code`); after that, the
pseudonym and password alone. You can also set a password for someone yourself (`workshop hub
password NAME`). Everyone gets their own single-user server, run as their own system user
(closer-<pseudonym>) with a private home, which opens on the Voila welcome page
(/voila/render/00-welcome.ipynb, with Closer's template; with --lang es, the Spanish one,
/voila/render/es/00-bienvenida.ipynb, and the sign-in page is in Spanish too). Answers are
kept in their own folder (WORKSHOP_ANSWERS_DIR=~/answers) and survive the server being stopped:
servers idle for --cull-timeout seconds are stopped by jupyterhub-idle-culler and start again,
answers intact, at the next sign-in, from any browser.

Facilitators (`workshop hub password NAME --facilitator`) are in the JupyterHub group
`facilitators`: they can read the inbox where participants who consented send a contribution
(module 08, "Send to the facilitator"), and cannot open anyone's server. They collect the
contributions from their own notebook, or with `workshop hub collect --out DIR`, and run
`workshop reports DIR --out reports`.

Needs root (it creates system users) and configurable-http-proxy (`npm install` in the Closer
folder). Options are remembered in STATE/settings.json. Setting it up on a server, with HTTPS,
systemd and Kubernetes: facilitator_guide/hub.md.
""")

EXAMPLES = N_("""\
examples:
  sudo workshop hub code                         set the workshop code (asked twice)
  sudo workshop hub password sam --facilitator   a facilitator account
  sudo workshop hub --port 8000                  run the hub (Ctrl+C stops it)
  sudo workshop hub --lang es                    the hub in Spanish
  workshop hub collect --out contributions       (a facilitator, in their own server)
""")


def add_parser(sub) -> None:
    """`workshop hub` and its chores, on the `workshop` command's sub-parsers."""
    import argparse

    p = sub.add_parser("hub", help=_("run Closer on JupyterHub on this machine"),
                       description=_(HELP), epilog=_(EXAMPLES),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--state", default=str(hub_settings.DEFAULT_STATE),
                   help=_("the hub's private folder (default {folder})").format(
                       folder=hub_settings.DEFAULT_STATE))
    p.add_argument("--ip", help=_("address to listen on (default 127.0.0.1: put a TLS reverse "
                                  "proxy in front, or give --ssl-cert and --ssl-key)"))
    p.add_argument("--port", type=int, help=_("public port (default 8000)"))
    for name, default in (("hub-port", 8081), ("proxy-api-port", 8001), ("inbox-port", 8082)):
        p.add_argument(f"--{name}", type=int,
                       help=_("loopback port (default {port})").format(port=default))
    p.add_argument("--cull-timeout", type=int, metavar="SECONDS",
                   help=_("stop servers idle this long (default 3600); answers are kept"))
    p.add_argument("--cull-every", type=int, metavar="SECONDS", help=_("check this often (300)"))
    p.add_argument("--activity-interval", type=int, metavar="SECONDS",
                   help=_("how often the hub collects activity from the proxy (300)"))
    p.add_argument("--home-base", help=_("where participants' homes go (default /home)"))
    p.add_argument("--user-prefix", help=_("system user names are PREFIX+pseudonym "
                                           "(default closer-)"))
    p.add_argument("--notebooks", help=_("the notebooks folder (default: this checkout's)"))
    p.add_argument("--min-password", type=int, help=_("shortest password (default 8)"))
    p.add_argument("--ssl-cert", help=_("TLS certificate, when no reverse proxy does HTTPS"))
    p.add_argument("--ssl-key", help=_("its key"))
    p.add_argument("--base-url", help=_("URL prefix, e.g. /closer/ (default /)"))
    p.add_argument("--lang", dest="language", choices=i18n.LANGUAGES,
                   help=_("the language of the welcome page people land on after signing in, "
                          "and of the sign-in page: en (English) or es (Spanish); default en, "
                          "then the last one chosen"))
    p.set_defaults(func=run)
    actions = p.add_subparsers(dest="hub_action", metavar="[ACTION]")
    state = argparse.ArgumentParser(add_help=False)
    state.add_argument("--state", default=argparse.SUPPRESS, help=_("the hub's private folder"))
    a = actions.add_parser("code", parents=[state], help=_("set the workshop code newcomers type"),
                           description=_("Set (or, empty, remove) the workshop code. Read from "
                                         "the terminal twice, or one line of standard input."))
    a.set_defaults(func=set_code)
    a = actions.add_parser("password", parents=[state], help=_("set someone's password"),
                           description=_("Create an account or set its password (read like the "
                                         "code). --facilitator puts NAME in the group "
                                         "facilitators; --participant takes them out."))
    a.add_argument("name", metavar="NAME")
    role = a.add_mutually_exclusive_group()
    role.add_argument("--facilitator", action="store_true")
    role.add_argument("--participant", action="store_true")
    a.set_defaults(func=set_password)
    a = actions.add_parser("collect", help=_("download the contributions (facilitators)"),
                           description=_("Download every contribution in the inbox into DIR, "
                                         "ready for `workshop reports DIR --out reports`."))
    a.add_argument("--out", required=True, metavar="DIR")
    a.add_argument("--hub", metavar="URL", help=_("the hub's address, from another computer"))
    a.add_argument("--token-file", metavar="FILE", help=_("a token from the hub's token page"))
    a.set_defaults(func=collect)
