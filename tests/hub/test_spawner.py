"""Each person's own server: their own system user, a private home, the Voila welcome page, and
nobody else's answers within reach, through the file system or through the hub."""

from __future__ import annotations

import os
import pwd
import stat

import pytest
import requests

from hub_support import PREFIX, KernelError, wait

SAVE = """
from workshop import session
s = session.current()
s.choose({name!r})
s.set_consent("group_report", True)
s.set("instruments", "walls", "walls-01", {value})
print(s.path)
"""


def test_a_participant_lands_on_the_voila_welcome_page_with_closers_template(live):
    ash = live.people["ash"]
    ash.api("DELETE", "users/ash/server")  # arriving at the workshop: no server yet
    wait(lambda: not ash.running(), "ash's server to stop")
    signed_in = ash.sign_in(fresh=True, follow=True)  # as a browser: sign in, then spawn
    assert signed_in.status_code == 200 and "/hub/spawn-pending/ash" in signed_in.url
    wait(ash.running, "ash's server")
    page = ash.open("")  # where the spawn page sends the browser once the server is up
    assert page.status_code == 200, live.hub.log()
    assert page.url.endswith("/user/ash/voila/render/00-welcome.ipynb")
    assert "<title>Module 00: Welcome · Closer</title>" in page.text
    assert "cdn.jsdelivr.net" not in page.text  # the closer template fetches nothing from a CDN


def test_each_participant_is_their_own_system_user_with_a_private_home(live):
    for person in live.participants():
        person.start_server()
        entry = pwd.getpwnam(PREFIX + person.name)
        home = os.stat(entry.pw_dir)
        assert (home.st_uid, stat.S_IMODE(home.st_mode)) == (entry.pw_uid, 0o700)
        answers = os.stat(os.path.join(entry.pw_dir, "answers"))
        assert (answers.st_uid, stat.S_IMODE(answers.st_mode)) == (entry.pw_uid, 0o700)
        who = person.run("import os, getpass; print(getpass.getuser(), os.environ['HOME'], "
                         "os.environ['WORKSHOP_ANSWERS_DIR'])").split()
        assert who == [entry.pw_name, entry.pw_dir, f"{entry.pw_dir}/answers"]


def test_answers_are_saved_in_the_participants_own_folder(live):
    ash = live.people["ash"]
    ash.start_server()
    path = ash.run(SAVE.format(name="ash", value=4)).strip()
    assert path == f"{ash.home}/answers/ash.json"
    assert os.stat(path).st_uid == pwd.getpwnam(ash.system_user).pw_uid
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_b_cannot_read_as_answers_from_their_own_kernel(live):
    ash, birch = live.people["ash"], live.people["birch"]
    ash.start_server()
    birch.start_server()
    ash.run(SAVE.format(name="ash", value=4))
    target = ash.home / "answers" / "ash.json"
    assert target.exists()
    with pytest.raises(KernelError, match="PermissionError"):
        birch.run(f"print(open({str(target)!r}).read())")
    with pytest.raises(KernelError, match="PermissionError"):
        birch.run(f"import os; print(os.listdir({str(ash.home)!r}))")


def test_b_cannot_use_as_server_through_the_hub(live):
    ash, birch = live.people["ash"], live.people["birch"]
    ash.start_server()
    # B's token on A's server URL
    refused = requests.get(f"{ash.server}api/contents", timeout=30,
                           headers={"Authorization": f"token {birch.token}"})
    assert refused.status_code == 403
    assert requests.post(f"{ash.server}api/kernels", timeout=30, json={},
                         headers={"Authorization": f"token {birch.token}"}).status_code == 403
    # B's browser (signed in as B) on A's pages
    page = birch.browser.get(f"{ash.server}voila/render/00-welcome.ipynb", timeout=60)
    assert page.status_code == 403 and "Module 00" not in page.text
    # A's own token works, so the refusals above are about who asks
    assert requests.get(f"{ash.server}api/contents", timeout=30,
                        headers={"Authorization": f"token {ash.token}"}).status_code == 200


def test_a_server_cannot_be_reached_around_the_proxy_without_a_token(live):
    ash = live.people["ash"]
    ash.start_server()
    url = ash.model()["servers"][""]["url"]  # /user/ash/
    port = ash.api("GET", f"users/{ash.name}", token=ash.token).json()
    assert url == "/user/ash/" and port["name"] == "ash"
    direct = [line for line in live.hub.log(200_000).splitlines()
              if "Adding user ash to proxy /user/ash/ =>" in line][-1].split("=> ")[-1]
    assert requests.get(f"{direct}/user/ash/api/contents", timeout=30).status_code == 403
    assert requests.get(f"{direct}/user/ash/api/contents", timeout=30, headers={
        "Authorization": f"token {live.people['birch'].token}"}).status_code == 403
