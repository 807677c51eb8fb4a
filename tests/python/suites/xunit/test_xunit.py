import pytest

events = []


def setup_module(module):
    events.append("setup_module")


def teardown_module():
    events.append("teardown_module")


def setup_function(function):
    events.append("setup_function " + function.__name__)


def teardown_function(function):
    events.append("teardown_function " + function.__name__)


def test_module_setup_ran():
    assert events[0] == "setup_module"
    assert events[-1] == "setup_function test_module_setup_ran"


def test_with_default(a=1):
    assert a == 1


class TestPlain:
    def setup_method(self, method):
        self.value = method.__name__

    def teardown_method(self, method):
        events.append("teardown_method " + method.__name__)

    def test_instance_fresh(self):
        assert self.value == "test_instance_fresh"
        self.value = "changed"

    def test_instance_again(self):
        assert self.value == "test_instance_again"

    @staticmethod
    def test_static():
        assert True

    @classmethod
    def test_classmethod(cls):
        assert cls.__name__ == "TestPlain"


class TestClassSetup:
    @classmethod
    def setup_class(cls):
        cls.shared = []

    @classmethod
    def teardown_class(cls):
        events.append("teardown_class")

    def test_one(self):
        self.shared.append(1)

    def test_two(self):
        assert self.shared == [1]


class TestSetupClassFails:
    @classmethod
    def setup_class(cls):
        raise RuntimeError("setup_class broke")

    def test_a(self):
        pass

    def test_b(self):
        pass


class TestTeardownClassFails:
    @classmethod
    def teardown_class(cls):
        raise RuntimeError("teardown_class broke")

    def test_a(self):
        pass

    def test_b(self):
        pass


class TestSetupMethodFails:
    def setup_method(self, method):
        if method.__name__ == "test_bad":
            raise ValueError("setup_method broke")

    def test_bad(self):
        pass

    def test_good(self):
        pass


class TestTeardownMethodFails:
    def teardown_method(self, method):
        raise ValueError("teardown_method broke")

    def test_passes_then_teardown_fails(self):
        pass

    def test_fails_and_teardown_fails(self):
        assert 0


class TestWithInit:
    def __init__(self):
        pass

    def test_never_collected(self):
        assert 0


class Base:
    def test_inherited(self):
        assert True


class TestDerived(Base):
    def test_own(self):
        pass


class TestOuter:
    class TestInner:
        def test_nested(self):
            pass

    def test_outer(self):
        pass


class TestNotCollected:
    __test__ = False

    def test_hidden(self):
        assert 0


def test_not_a_test_either():
    pass


test_not_a_test_either.__test__ = False


def test_generator():
    yield 1


def test_returns_coroutine():
    async def inner():
        pass
    return inner()


async def test_async_function():
    pass


def test_missing_fixture(not_a_fixture):
    pass
