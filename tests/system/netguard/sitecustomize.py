"""A network guard for tests: refuse, and record, every connection that leaves this machine.

Put this folder first on PYTHONPATH and name a log file in CLOSER_NETGUARD_LOG; Python imports
`sitecustomize` at start-up, so every process started with that environment (a Jupyter kernel, the
`workshop` command, and the workers it forks) is guarded before any of its own code runs.

Loopback (127.0.0.0/8, ::1, `localhost`) and local sockets (AF_UNIX) are allowed: kernels talk to
their client over loopback. Anything else is refused *before* any packet is sent, and one JSON line
is appended to the log: {"event": "blocked", "call": ..., "target": ..., "pid": ...}. Each guarded
process also appends {"event": "loaded", ...} once, so a test can prove the guard was active.

Without CLOSER_NETGUARD_LOG this module does nothing.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys

LOG_ENV = "CLOSER_NETGUARD_LOG"
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _log(event: str, **fields) -> None:
    target = os.environ.get(LOG_ENV)
    if not target:
        return
    line = json.dumps({"event": event, "pid": os.getpid(), **fields}, default=repr) + "\n"
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def _is_local_host(host) -> bool:
    if host is None:
        return True  # getaddrinfo(None, ...): the local host
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip().lower()
    if host in ("",) or host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # any other name would need a DNS lookup


def _is_local_address(family, address) -> bool:
    if family == getattr(socket, "AF_UNIX", object()) or isinstance(address, (str, bytes)):
        return True  # a socket file or an abstract socket on this machine
    if isinstance(address, tuple) and address:
        return _is_local_host(address[0])
    return False


def _command() -> list[str]:
    """The process's command line (sys.argv is still incomplete while `site` runs)."""
    return list(getattr(sys, "orig_argv", sys.argv))[:4]


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of connecting anywhere but this machine."""


def _refuse(call: str, target) -> None:
    _log("blocked", call=call, target=target, argv=_command())
    raise NetworkBlocked(f"closer netguard: {call} to {target!r} refused (tests run offline)")


def install() -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_sendto = socket.socket.sendto
    real_create_connection = socket.create_connection
    real_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if not _is_local_address(self.family, address):
            _refuse("connect", address)
        return real_connect(self, address)

    def connect_ex(self, address):
        if not _is_local_address(self.family, address):
            _refuse("connect_ex", address)
        return real_connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1] if args else None
        if not _is_local_address(self.family, address):
            _refuse("sendto", address)
        return real_sendto(self, data, *args)

    def create_connection(address, *args, **kwargs):
        if not _is_local_host(address[0]):
            _refuse("create_connection", address)
        return real_create_connection(address, *args, **kwargs)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local_host(host):
            _refuse("getaddrinfo", host)
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.create_connection = create_connection
    socket.getaddrinfo = getaddrinfo
    _log("loaded", argv=_command(), executable=sys.executable)


if os.environ.get(LOG_ENV):
    install()
