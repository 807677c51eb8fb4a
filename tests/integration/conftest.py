import os

import pytest

import pst_support


def pytest_report_header(config):
    return f"pyspace-test binary: {pst_support.BIN}"


@pytest.fixture(scope="session", autouse=True)
def _binary_exists():
    if not os.access(pst_support.BIN, os.X_OK):
        pytest.fail(f"no executable at {pst_support.BIN} (build it, or set PYSPACE_TEST_BIN)",
                    pytrace=False)
