import unittest


def setUpModule():
    raise RuntimeError("setUpModule broke")


class TestA(unittest.TestCase):
    def test_a(self):
        pass

    def test_b(self):
        pass
