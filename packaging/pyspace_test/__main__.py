"""`python -m pyspace_test ARGS`: execs the installed pyspace-test executable with ARGS (as ruff's
`python -m ruff` does)."""
import os
import sys

from pyspace_test import find_pyspace_test_bin


def main():
    try:
        binary = find_pyspace_test_bin()
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 4
    os.execv(binary, [binary, *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
