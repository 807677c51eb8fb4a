"""Skip decorators and expectedFailure: skipped and xfailed, as pytest reports them."""

import sys
import unittest

import bank


class SkipTest(unittest.TestCase):
    @unittest.skip("demonstrating an unconditional skip")
    def test_skipped(self):
        raise AssertionError("never runs")

    @unittest.skipIf(sys.version_info >= (3, 0), "Python 2 only")
    def test_python2_only(self):
        raise AssertionError("never runs")

    @unittest.skipUnless(sys.platform.startswith("linux"), "needs Linux")
    def test_linux_only(self):
        self.assertTrue(sys.platform.startswith("linux"))

    def test_skip_from_inside(self):
        self.skipTest("decided at run time")

    @unittest.expectedFailure
    def test_known_bug(self):
        self.assertEqual(bank.Account("eve", balance=-5).balance, 0)


@unittest.skip("the whole class is skipped")
class SkippedClassTest(unittest.TestCase):
    def test_not_run(self):
        raise AssertionError("never runs")
