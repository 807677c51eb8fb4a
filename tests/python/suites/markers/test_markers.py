import warnings

import pytest

pytestmark = pytest.mark.network


@pytest.mark.slow
def test_slow():
    pass


@pytest.mark.slow
@pytest.mark.custom
def test_slow_custom():
    pass


def test_plain():
    pass


def check_by_pattern():
    pass


class CheckPattern:
    def test_in_check_class(self):
        pass

    def check_method(self):
        pass


class TestMarked:
    pytestmark = [pytest.mark.slow]

    def test_in_class(self):
        pass


@pytest.mark.parametrize("x", [1, pytest.param(2, marks=pytest.mark.custom), 3])
def test_param_marks(x):
    pass


def test_deprecation_is_error():
    warnings.warn("old", DeprecationWarning)


def test_ini_ignored_warning():
    warnings.warn("ignored by ini", UserWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning):
            warnings.warn("raised", UserWarning)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_mark_overrides_ini():
    warnings.warn("old", DeprecationWarning)


@pytest.mark.xfail
def test_xfail_strict_from_ini():
    pass


@pytest.mark.xfail(strict=False)
def test_xfail_not_strict():
    pass
