"""A tiny weather client: the project code of the fake_socket sample."""

from weather.client import WeatherClient, WeatherError

__all__ = ["WeatherClient", "WeatherError"]
