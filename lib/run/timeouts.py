"""pytest-timeout's marker, as supervised runs honour it (module `_pyspace.run.timeouts`).

`@pytest.mark.timeout(S)` (or `timeout=S`) sets the seconds one test may take for its setup, call
and teardown, over the run's default (--timeout, PYTEST_TIMEOUT, the `timeout` ini key); 0 means
no limit. The runner's parent process enforces it (lib/run/supervised_run.cpp).
Contract: GIL held; the item's space active.
"""


class InvalidTimeout(Exception):
    """A `timeout` marker whose value is not a number of seconds (pytest-timeout's ValueError)."""


def first_marked(items):
    """The index of the first of `items` whose `timeout` marker sets a limit > 0, else -1 (an
    invalid value counts as none: a supervised run reports it as the test's setup error)."""
    for index, item in enumerate(items):
        if any(mark.name == "timeout" for mark in getattr(item, "marks", ())):
            try:
                if item_timeout(item, 0) > 0:
                    return index
            except InvalidTimeout:
                pass
    return -1


def item_timeout(item, default):
    """Seconds `item` may take, from its closest `timeout` marker, else `default`. Raises
    InvalidTimeout for a value that is not a number >= 0."""
    mark = item.get_closest_marker("timeout")
    if mark is None:
        return default
    value = mark.args[0] if mark.args else mark.kwargs.get("timeout")
    if value is None:
        return default
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise InvalidTimeout(f"Invalid timeout {value!r} from marker") from None
    if seconds != seconds or seconds < 0:
        raise InvalidTimeout(f"Invalid timeout {value!r} from marker")
    return seconds
