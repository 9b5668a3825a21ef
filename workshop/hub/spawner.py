"""Each person's own server, run as their own system user with a private home.

LocalProcessSpawner, with one change of name: the hub user `river` runs as the system user
`closer-river` (the prefix is a setting), created on first start with a 0700 home and a 0700
`answers/` folder in it. Participants' servers open the shared, read-only notebooks folder on the
Voila welcome page; a facilitator's server opens their own home, with the facilitator notebook.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

from workshop import launch
from workshop.hub import FACILITATORS, accounts

FACILITATOR_NOTEBOOK = Path(__file__).with_name("facilitator.ipynb")
FACILITATOR_URL = f"/lab/tree/{FACILITATOR_NOTEBOOK.name}"


class CloserSpawner(LocalProcessSpawner):
    user_prefix = Unicode("closer-", help="system users are <prefix><pseudonym>").tag(config=True)
    home_base = Unicode("/home", help="where new system users' homes go").tag(config=True)

    @property
    def system_user(self) -> str:
        return accounts.system_name(self.user.name, self.user_prefix)

    def is_facilitator(self) -> bool:
        return any(group.name == FACILITATORS for group in self.user.groups)

    def make_preexec_fn(self, name):
        return set_user_setuid(self.system_user)

    def user_env(self, env: dict) -> dict:
        entry = pwd.getpwnam(self.system_user)
        env.update(USER=entry.pw_name, LOGNAME=entry.pw_name, HOME=entry.pw_dir,
                   SHELL=entry.pw_shell or "/bin/bash",
                   WORKSHOP_ANSWERS_DIR=str(Path(entry.pw_dir) / "answers"))
        return launch.with_templates(env)

    async def start(self):
        entry = await asyncio.to_thread(accounts.ensure_system_user, self.system_user,
                                        self.home_base)
        if self.is_facilitator():
            self.notebook_dir = entry.pw_dir
            self.default_url = FACILITATOR_URL
            _give(FACILITATOR_NOTEBOOK, Path(entry.pw_dir) / FACILITATOR_NOTEBOOK.name, entry)
        return await super().start()


def _give(source: Path, target: Path, entry: pwd.struct_passwd) -> None:
    """Copy a file into someone's home, owned by them, unless they already have one."""
    if target.exists():
        return
    shutil.copyfile(source, target)
    os.chown(target, entry.pw_uid, entry.pw_gid)
    os.chmod(target, 0o600)
