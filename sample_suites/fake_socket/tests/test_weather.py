"""The weather client's tests. They pass only when `socket` is the fake (pyspace-test)."""

import socket

import pytest

from weather import WeatherClient, WeatherError


def setup_function():
    # Under plain pytest `socket` is the real module: stop before anything can reach the network.
    if not getattr(socket, "IS_FAKE", False):
        raise RuntimeError("the real socket module is in use: run this suite with pyspace-test")
    socket.reset()


def test_socket_is_the_fake():
    assert getattr(socket, "IS_FAKE", False), f"real socket module in use: {socket!r}"
    assert socket.__file__.endswith("fake_socket.py")


def test_project_code_sees_the_fake():
    import weather.client

    assert weather.client.socket is socket


def test_temperature():
    socket.respond("Oslo", "OK -3.5")
    assert WeatherClient().temperature("Oslo") == -3.5
    assert socket.sent == [b"TEMP Oslo\n"]
    assert socket.connections == [("192.0.2.10", 7070)]


def test_server_error():
    with pytest.raises(WeatherError, match="unknown city"):
        WeatherClient().temperature("Atlantis")


def test_unknown_host_never_reaches_the_network():
    with pytest.raises(socket.gaierror):
        WeatherClient(host="example.org").temperature("Oslo")
    assert socket.connections == []


def test_raw_sockets_are_refused():
    with pytest.raises(RuntimeError, match="disabled"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
