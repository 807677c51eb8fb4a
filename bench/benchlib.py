"""Small helpers shared by the in-process benchmarks (run under `pyspace-test exec`)."""
import contextlib
import statistics

import pyspace


def summary(samples):
    """(median, p10, p90) of a list of numbers."""
    deciles = statistics.quantiles(samples, n=10, method="inclusive")
    return statistics.median(samples), deciles[0], deciles[-1]


def line(label, samples, unit, scale=1.0, note=""):
    median, p10, p90 = (value * scale for value in summary(samples))
    return f"{label:<50} median {median:9.2f} {unit}  p10 {p10:9.2f}  p90 {p90:9.2f}  {note}".rstrip()


@contextlib.contextmanager
def at_root():
    """Steps out of the space `pyspace-test exec` runs this script in, so that the block sees
    the root's module table and `ModuleSpace()` (a child of the root) can be activated, as the
    test runner does. What the block imports stays in the root: that is how a root is warmed."""
    script_space = pyspace.active_space()
    script_space.deactivate()
    try:
        yield
    finally:
        script_space.activate()
