"""xunit-style setup/teardown hooks, found and called as pytest 7.2 does.

Module: setUpModule/setup_module (or a callable nose-style `setup`), tearDownModule/
teardown_module (or `teardown`); unittest's module cleanups run after the module teardown.
Class: setup_class/teardown_class; for unittest.TestCase also setUpClass/tearDownClass with
doClassCleanups. Function: setup_function/teardown_function for module-level tests,
setup_method/teardown_method (or nose-style setup/teardown) on the test's instance.
A hook that is a pytest fixture (has `_pytestfixturefunction`) is not an xunit hook.
Each `*_setup` function runs the setup now and returns the teardown callables to run later,
innermost last (the caller runs them in reverse).
"""

import sys
import types


def module_setup(module):
    """Run the module's setup hook; return its teardown callables."""
    setup = _first_hook(module, ("setUpModule", "setup_module")) or _nose_hook(module, "setup")
    teardown = _first_hook(module, ("tearDownModule", "teardown_module")) or _nose_hook(module, "teardown")
    if setup is not None:
        try:
            _call_with_optional_argument(setup, module)
        except Exception:
            _module_cleanups()
            raise
    finalizers = [_module_cleanups]
    if teardown is not None:
        finalizers.append(lambda: _call_with_optional_argument(teardown, module))
    return finalizers


def class_setup(cls, *, is_unittest):
    """Run the class's setup hooks (unittest's first); return their teardown callables."""
    finalizers = []
    if is_unittest:
        finalizers.extend(_unittest_class_setup(cls))
    setup = _first_hook(cls, ("setup_class",))
    teardown = getattr(cls, "teardown_class", None)
    if setup is not None:
        _call_with_optional_argument(_underlying(setup), cls)
    if teardown is not None:
        finalizers.append(lambda: _call_with_optional_argument(_underlying(teardown), cls))
    return finalizers


def function_setup(module, function):
    """Run setup_function(function) for a module-level test; return teardown callables."""
    setup = _first_hook(module, ("setup_function",))
    teardown = _first_hook(module, ("teardown_function",))
    if setup is not None:
        _call_with_optional_argument(setup, function)
    if teardown is None:
        return []
    return [lambda: _call_with_optional_argument(teardown, function)]


def method_setup(instance, method):
    """Run setup_method(method) (or nose-style setup()) on instance; return teardown callables."""
    cls = type(instance)
    setup_name = "setup_method" if _first_hook(cls, ("setup_method",)) else "setup"
    teardown_name = "teardown_method" if getattr(cls, "teardown_method", None) else "teardown"
    if _first_hook(cls, (setup_name,)) is not None and callable(getattr(instance, setup_name)):
        _call_with_optional_argument(getattr(instance, setup_name), method)
    teardown = getattr(instance, teardown_name, None)
    if teardown is None or not callable(teardown):
        return []
    return [lambda: _call_with_optional_argument(teardown, method)]


def has_hooks(module):
    """True when the module defines setup_function/teardown_function."""
    return any(_first_hook(module, (name,)) for name in ("setup_function", "teardown_function"))


def _unittest_class_setup(cls):
    if getattr(cls, "__unittest_skip__", False):
        raise sys.modules["unittest"].SkipTest(getattr(cls, "__unittest_skip_why__", ""))
    try:
        cls.setUpClass()
    except Exception:
        cls.doClassCleanups()
        raise
    return [lambda: _run_class_cleanups(cls), cls.tearDownClass]


def _run_class_cleanups(cls):
    """doClassCleanups() collects errors instead of raising; raise the first one."""
    cls.doClassCleanups()
    errors = getattr(cls, "tearDown_exceptions", None)
    if errors:
        first = errors[0][1]
        errors.clear()
        raise first


def _module_cleanups():
    case = sys.modules.get("unittest.case")
    if case is not None:
        case.doModuleCleanups()


def _first_hook(owner, names):
    for name in names:
        hook = getattr(owner, name, None)
        if hook is not None and getattr(hook, "_pytestfixturefunction", None) is None:
            return hook
    return None


def _nose_hook(module, name):
    hook = _first_hook(module, (name,))
    return hook if callable(hook) else None


def _underlying(hook):
    return getattr(hook, "__func__", hook)


def _call_with_optional_argument(func, arg):
    code = getattr(func, "__code__", None)
    if code is None:
        func()
        return
    count = code.co_argcount - (1 if isinstance(func, types.MethodType) else 0)
    if count:
        func(arg)
    else:
        func()
