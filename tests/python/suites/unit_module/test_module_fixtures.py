import unittest

log = []


def setUpModule():
    log.append("setUpModule")
    unittest.addModuleCleanup(log.append, "module cleanup")


def tearDownModule():
    log.append("tearDownModule")


class TestA(unittest.TestCase):
    def test_module_set_up(self):
        self.assertEqual(log, ["setUpModule"])


class TestB(unittest.TestCase):
    def test_still_set_up(self):
        self.assertEqual(log, ["setUpModule"])
