"""A stand-in for the standard `socket` module: no real network, every call recorded.

pyspace-test injects this file as the module `socket` in every module space of this project
(see `fakes` in pyproject.toml), so `import socket` in the project's code gets this module.
Tests script the server's answers with `respond()` and read back `sent` and `connections`.
"""

IS_FAKE = True

AF_INET = 2
SOCK_STREAM = 1

error = OSError
timeout = TimeoutError
gaierror = type("gaierror", (OSError,), {})

_HOSTS = {"weather.example.com": "192.0.2.10"}  # TEST-NET-1: never routable
connections = []  # (address, port) of each create_connection call
sent = []         # bytes the project sent
_replies = {}     # city -> reply line (bytes)


def reset():
    connections.clear()
    sent.clear()
    _replies.clear()


def respond(city, line):
    """Make the fake server answer `line` to a TEMP request for `city`."""
    _replies[city] = line.encode() + b"\n"


def gethostbyname(host):
    try:
        return _HOSTS[host]
    except KeyError:
        raise gaierror(f"fake socket: unknown host {host!r}") from None


class socket:
    """Refuses to be created: only create_connection is part of the fake."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("fake socket: real sockets are disabled in tests")


class _Connection:
    def __init__(self, address):
        self.address = address
        self.closed = False
        self._pending = b""

    def sendall(self, data):
        sent.append(bytes(data))
        city = data.decode().strip().partition(" ")[2]
        self._pending = _replies.get(city, b"ERR unknown city\n")

    def recv(self, size):
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def close(self):
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def create_connection(address, timeout=None, source_address=None):
    connections.append(address)
    if address[0] not in _HOSTS.values():
        raise ConnectionRefusedError(f"fake socket: no route to {address[0]}")
    return _Connection(address)
