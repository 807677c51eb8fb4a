import asyncio
import unittest

import pytest


class TestBasics(unittest.TestCase):
    def setUp(self):
        self.items = [1]

    def tearDown(self):
        self.items = None

    def test_pass(self):
        self.assertEqual(self.items, [1])

    def test_fail(self):
        self.assertEqual(self.items, [2])

    def test_error(self):
        raise KeyError("boom")

    @unittest.skip("decorated skip")
    def test_skip_decorator(self):
        pass

    def test_skip_runtime(self):
        self.skipTest("runtime skip")

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertEqual(1, 2)

    @unittest.expectedFailure
    def test_unexpected_success(self):
        pass

    def test_subtests(self):
        for i in range(4):
            with self.subTest(i=i):
                self.assertEqual(i % 2, 0)

    def test_subtests_all_pass(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertTrue(i >= 0)

    def test_cleanup_fails(self):
        def broken():
            raise RuntimeError("cleanup broke")
        self.addCleanup(broken)

    def test_pytest_skip_inside(self):
        pytest.skip("pytest skip in unittest")

    @pytest.mark.xfail(reason="pytest mark on unittest")
    def test_xfail_mark(self):
        self.fail("bad")

    def test_system_exit(self):
        raise SystemExit(2)

    def helper_not_a_test(self):
        raise AssertionError("not collected")


class TestTearDownFails(unittest.TestCase):
    def tearDown(self):
        raise RuntimeError("tearDown broke")

    def test_a(self):
        pass


class TestSetUpFails(unittest.TestCase):
    def setUp(self):
        raise RuntimeError("setUp broke")

    def test_a(self):
        pass


class TestSetUpClassFails(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise RuntimeError("setUpClass broke")

    def test_a(self):
        pass

    def test_b(self):
        pass


class TestTearDownClassFails(unittest.TestCase):
    @classmethod
    def tearDownClass(cls):
        raise RuntimeError("tearDownClass broke")

    def test_a(self):
        pass

    def test_b(self):
        pass


class TestClassFixtures(unittest.TestCase):
    log = []

    @classmethod
    def setUpClass(cls):
        cls.log.append("setUpClass")
        cls.addClassCleanup(cls.log.append, "class cleanup")

    def test_1(self):
        self.assertEqual(self.log, ["setUpClass"])

    def test_2(self):
        self.assertEqual(self.log, ["setUpClass"])


@unittest.skip("whole class")
class TestSkippedClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise AssertionError("must not run")

    def test_a(self):
        pass


class AnyNameIsCollected(unittest.TestCase):
    def test_found(self):
        pass


class TestAsync(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.value = await asyncio.sleep(0, result=5)

    async def test_async_pass(self):
        self.assertEqual(self.value, 5)

    async def test_async_fail(self):
        self.assertEqual(self.value, 6)


class TestNotRun(unittest.TestCase):
    __test__ = False

    def test_hidden(self):
        self.fail()


class Mixin:
    def test_from_mixin(self):
        self.assertTrue(True)


class TestWithMixin(Mixin, unittest.TestCase):
    pass
