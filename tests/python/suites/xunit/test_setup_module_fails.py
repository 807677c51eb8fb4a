def setup_module():
    raise RuntimeError("setup_module broke")


def teardown_module():
    raise AssertionError("must not run after a failed setup_module")


def test_first():
    pass


def test_second():
    pass
