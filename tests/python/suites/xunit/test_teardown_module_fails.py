def teardown_module(module):
    raise RuntimeError("teardown_module broke")


def test_first():
    pass


def test_last():
    pass
