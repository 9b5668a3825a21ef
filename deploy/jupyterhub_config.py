"""A JupyterHub config file for running Closer's hub with `jupyterhub -f` yourself.

`workshop hub` writes an equivalent file into its state folder and runs it; use this one only if
you start JupyterHub some other way (your own systemd unit, a process manager). Every setting
comes from settings.json in the state folder named below, which `workshop hub --state DIR ...`
(or `workshop hub password`) creates. See facilitator_guide/hub.md.
"""

from workshop.hub import config, settings

STATE = "/srv/closer-hub"

config.apply(c, settings.load(STATE))  # noqa: F821 (c is JupyterHub's configuration object)
