"""JupyterHub's configuration: who may do what, the two services, and what survives the idle
culler. The permissions are checked in the config and then on the live hub."""

from __future__ import annotations

import requests
from traitlets.config import Config

from hub_fixtures import FACILITATOR
from hub_support import Person, wait
from workshop.hub import FACILITATORS, INBOX, READ_SCOPE, config
from workshop.hub.settings import Settings

SAVE = """
from workshop import session
s = session.current()
s.choose({name!r})
s.set("instruments", "walls", "walls-0{n}", {n})
print("saved")
"""
READ = """
from workshop import session
s = session.current()
print(s.participant, s.get("instruments", "walls", "walls-0{n}"))
"""


def applied(**settings) -> Config:
    c = Config()
    config.apply(c, Settings(state_dir="/srv/closer-hub", notebooks="/srv/notebooks",
                             **settings))
    return c


def test_servers_open_the_voila_welcome_page_with_the_closer_template():
    c = applied()
    assert c.Spawner.default_url == "/voila/render/00-welcome.ipynb"
    assert c.Spawner.notebook_dir == "/srv/notebooks"
    assert "--VoilaConfiguration.template=closer" in c.Spawner.args
    assert c.Spawner.environment == {"CLOSER_INBOX_URL":
                                     "http://127.0.0.1:8082/services/inbox/"}


def test_nobody_is_an_admin_and_facilitators_get_only_the_inbox():
    c = applied()
    assert c.Authenticator.admin_users == set() and c.JupyterHub.admin_access is False
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["closer-facilitator"]["scopes"] == [READ_SCOPE]
    assert roles["closer-facilitator"]["groups"] == [FACILITATORS]
    assert roles["user"]["scopes"] == ["self", f"access:services!service={INBOX}"]
    every_scope = [s for r in roles.values() for s in r["scopes"]]
    assert not any(s.startswith(("access:servers", "admin", "tokens")) for s in every_scope)
    assert READ_SCOPE in c.JupyterHub.custom_scopes


def test_the_inbox_and_the_idle_culler_are_hub_managed_services():
    c = applied(cull_timeout=900, cull_every=60, inbox_port=9100)
    services = {s["name"]: s for s in c.JupyterHub.services}
    assert services[INBOX]["url"] == "http://127.0.0.1:9100"
    assert services[INBOX]["command"][-2:] == ["--store", "/srv/closer-hub/inbox"]
    assert services["idle-culler"]["command"][-2:] == ["--timeout=900", "--cull-every=60"]
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert set(roles["idle-culler"]["scopes"]) == {"list:users", "read:users:activity",
                                                  "read:servers", "delete:servers"}


def test_the_hubs_files_stay_in_the_state_folder():
    c = applied()
    assert c.JupyterHub.db_url == "sqlite:////srv/closer-hub/jupyterhub.sqlite"
    assert c.JupyterHub.cookie_secret_file == "/srv/closer-hub/jupyterhub_cookie_secret"
    assert c.CloserAuthenticator.accounts_file == "/srv/closer-hub/accounts.json"


def test_a_spanish_hub_opens_the_spanish_welcome_page():
    from conftest import REPO_ROOT

    c = applied(language="es")
    assert c.Spawner.default_url == "/voila/render/es/00-bienvenida.ipynb"
    assert (REPO_ROOT / "notebooks" / "es" / "00-bienvenida.ipynb").is_file()
    assert c.Spawner.notebook_dir == "/srv/notebooks"  # the same folder: es/ is inside it
    inbox_command = {s["name"]: s for s in c.JupyterHub.services}[INBOX]["command"]
    assert inbox_command[-4:] == ["--lang", "es", "--store", "/srv/closer-hub/inbox"]
    assert applied().Spawner.default_url == config.WELCOME_URL == config.WELCOME_URLS["en"]


def test_the_sign_in_words_follow_the_hubs_language():
    english = applied().JupyterHub.template_vars["closer"]
    spanish = applied(language="es").JupyterHub.template_vars["closer"]
    assert english["lang"] == "en" and spanish["lang"] == "es"
    assert english["pseudonym"] == "Pseudonym:" and "First time here?" in english["help"]
    assert spanish["pseudonym"] == "Seudónimo:" and "¿Es tu primera vez?" in spanish["help"]
    assert spanish["code"] == "Código del taller (solo la primera vez):"
    assert set(english) == set(spanish)
    assert all(spanish[k] != english[k] for k in english)  # every word is translated


def render_login(words: dict, **page) -> str:
    """templates/login.html as JupyterHub loads it (its own login.html under "templates/"),
    with a stand-in for JupyterHub's page that keeps only the block Closer fills."""
    import jinja2

    hubs_own = jinja2.DictLoader({"login.html": "<main>{% block login_container %}"
                                                "{% endblock %}</main>"})
    env = jinja2.Environment(autoescape=True, loader=jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"templates": hubs_own}, "/"),
        jinja2.FileSystemLoader(str(config.TEMPLATES))]))
    return env.get_template("login.html").render(closer=words, xsrf="x",
                                                 authenticator_login_url="/hub/login", **page)


def test_the_sign_in_page_is_in_the_hubs_language_and_escapes_what_it_is_given():
    page = render_login(config.login_words("es"), username="<b>r</b>",
                        login_error="Invalid username or password")
    assert '<form action="/hub/login" method="post" role="form" lang="es">' in page
    for words in ("<h1>Iniciar sesión</h1>", "Inicia sesión con tu <b>seudónimo</b>",
                  '<label for="username_input">Seudónimo:</label>',
                  '<label for="password_input">Contraseña:</label>', 'name="code"',
                  "Código del taller (solo la primera vez):", 'value="Iniciar sesión"',
                  "Ese seudónimo y esa contraseña no coinciden", "Mostrar la contraseña"):
        assert words in page, words
    assert "&lt;b&gt;r&lt;/b&gt;" in page and "<b>r</b>" not in page
    english = render_login(config.login_words("en"), username="", login_error="")
    for words in ("Pseudonym:", 'name="password"', 'name="code"', "First time here?"):
        assert words in english, words
    assert "login_error" not in english


# --------------------------------------------------------------------------- on the live hub

def test_facilitators_have_no_access_to_anyones_server(live):
    fern, ash = live.facilitator, live.people["ash"]
    ash.start_server()
    scopes = fern.model()["scopes"]
    assert READ_SCOPE in scopes
    assert [s for s in scopes if s.startswith("access:servers")] == \
        ["access:servers!user=fern"]
    assert FACILITATORS in fern.model()["groups"]
    for url in (f"{ash.server}api/contents", f"{ash.server}api/kernels"):
        assert requests.get(url, timeout=30, headers={
            "Authorization": f"token {fern.token}"}).status_code == 403
    assert fern.api("GET", "users/ash").status_code in (403, 404)
    assert fern.api("DELETE", "users/ash/server").status_code in (403, 404)
    page = fern.browser.get(f"{ash.server}voila/render/00-welcome.ipynb", timeout=60)
    assert page.status_code == 403


def test_participants_see_nobody_else(live):
    birch = live.people["birch"]
    assert birch.api("GET", "users").status_code == 403
    assert birch.api("GET", "users/ash").status_code in (403, 404)
    assert READ_SCOPE not in birch.model()["scopes"]


def test_answers_survive_the_idle_culler_and_another_browser(live):
    hub = live.hub
    hub.restart(**{"cull-timeout": 10, "cull-every": 3, "activity-interval": 3})
    try:
        people = live.participants()
        for n, person in enumerate(people, start=1):
            person.start_server()
            assert person.run(SAVE.format(name=person.name, n=n)).strip() == "saved"
        for person in people:  # nobody touches them now: the culler stops every one
            wait(lambda p=person: not p.running(), f"the culler to stop {person.name}", 120, 2)
        log = hub.log(2_000_000)
        for person in people:  # the culler's own words, in the hub's log
            assert f"Culling server {person.name} (inactive for" in log, log[-4000:]
        for n, person in enumerate(people, start=1):
            again = Person(hub, person.name)  # another browser: no cookies, no code needed
            assert again.sign_in(follow=True).status_code == 200
            wait(again.running, f"{person.name}'s server to start again", 90)
            assert again.run(READ.format(n=n)).split() == [person.name, str(n)]
            answers = again.home / "answers" / f"{person.name}.json"
            assert answers.exists()
    finally:
        hub.restart()
