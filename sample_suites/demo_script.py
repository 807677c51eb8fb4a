"""`make demo` runs this with `pyspace-test exec`: a script as __main__ in a fresh module space.

Try: pyspace-test exec sample_suites/demo_script.py hello world
"""

import sys

import unittest_style.bank as bank  # this directory is first on sys.path, as with python3 SCRIPT


def main(argv):
    print(f"running as {__name__} in pyspace-test's embedded Python {sys.version.split()[0]}")
    print(f"sys.argv = {argv!r}")
    account = bank.Account("demo", balance=10)
    account.deposit(5)
    print(f"imported {bank.__name__} from the sample suites; balance after deposit: {account.balance}")
    print("next: cd sample_suites/basic && pyspace-test run   (see sample_suites/README.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
