"""Fetches the temperature of a city from a line-based TCP service.

Protocol: the client sends b"TEMP <city>\n"; the server answers b"OK <celsius>\n" or
b"ERR <reason>\n". Uses the socket module directly, so the fake replaces all of its I/O.
"""

import socket


class WeatherError(Exception):
    pass


class WeatherClient:
    def __init__(self, host="weather.example.com", port=7070, timeout=5.0):
        self.host = host
        self.port = port
        self.timeout = timeout

    def temperature(self, city):
        address = socket.gethostbyname(self.host)
        with socket.create_connection((address, self.port), timeout=self.timeout) as conn:
            conn.sendall(f"TEMP {city}\n".encode())
            reply = _read_line(conn)
        status, _, value = reply.partition(" ")
        if status != "OK":
            raise WeatherError(value or reply)
        return float(value)


def _read_line(conn):
    chunks = []
    while True:
        data = conn.recv(1024)
        if not data:
            break
        chunks.append(data)
        if data.endswith(b"\n"):
            break
    return b"".join(chunks).decode().strip()
