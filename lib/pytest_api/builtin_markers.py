"""The markers pytest 7.2's own plugins register, with the plugin that registers each and the
help `pytest --markers` prints for it (module `_pyspace.pytest_api.builtin_markers`).

Pure data and text: no space needs to be active. `-p no:warnings` and `-p no:skipping` take
their plugin's markers away, as in pytest (with --strict-markers they are then unknown marks).
"""

# (plugin, signature, help) in the order pytest 7.2's plugins register them (plugin autoload off).
MARKERS = (
    ("warnings", "filterwarnings(warning)",
     "add a warning filter to the given test. see "
     "https://docs.pytest.org/en/stable/how-to/capture-warnings.html#pytest-mark-filterwarnings "),
    ("skipping", "skip(reason=None)",
     "skip the given test function with an optional reason. Example: "
     "skip(reason=\"no way of currently testing this\") skips the test."),
    ("skipping", "skipif(condition, ..., *, reason=...)",
     "skip the given test function if any of the conditions evaluate to True. Example: "
     "skipif(sys.platform == 'win32') skips the test if we are on the win32 platform. See "
     "https://docs.pytest.org/en/stable/reference/reference.html#pytest-mark-skipif"),
    ("skipping", "xfail(condition, ..., *, reason=..., run=True, raises=None, strict=xfail_strict)",
     "mark the test function as an expected failure if any of the conditions evaluate to True. "
     "Optionally specify a reason for better reporting and run=False if you don't even want to "
     "execute the test function. If only specific exception(s) are expected, you can list them "
     "in raises, and if the test fails in other ways, it will be reported as a true failure. See "
     "https://docs.pytest.org/en/stable/reference/reference.html#pytest-mark-xfail"),
    ("python", "parametrize(argnames, argvalues)",
     "call a test function multiple times passing in different arguments in turn. argvalues "
     "generally needs to be a list of values if argnames specifies only one name or a list of "
     "tuples of values if argnames specifies multiple names. Example: @parametrize('arg1', [1,2]) "
     "would lead to two calls of the decorated test function, one with arg1=1 and another with "
     "arg1=2.see https://docs.pytest.org/en/stable/how-to/parametrize.html for more info and "
     "examples."),
    ("python", "usefixtures(fixturename1, fixturename2, ...)",
     "mark tests as needing all of the specified fixtures. see "
     "https://docs.pytest.org/en/stable/explanation/fixtures.html#usefixtures "),
    ("python", "tryfirst",
     "mark a hook implementation function such that the plugin machinery will try to call it "
     "first/as early as possible. DEPRECATED, use @pytest.hookimpl(tryfirst=True) instead."),
    ("python", "trylast",
     "mark a hook implementation function such that the plugin machinery will try to call it "
     "last/as late as possible. DEPRECATED, use @pytest.hookimpl(trylast=True) instead."),
)

# Markers pyspace-test's own features act on (pytest-timeout's `timeout`, honoured by supervised
# runs): registered (--strict-markers accepts them) but not listed by --markers, which pytest
# lists only with the plugin loaded.
NATIVE = frozenset({"timeout"})


def names(disabled_plugins=()):
    """The builtin marker names whose plugin is not disabled."""
    return frozenset(signature.split("(")[0] for plugin, signature, _ in MARKERS
                     if plugin not in disabled_plugins)


def help_entries(ini_markers, disabled_plugins=()):
    """[(heading, rest)] as `pytest --markers` prints them, the ini `markers` lines first:
    heading '@pytest.mark.NAME:' (bold on a colour terminal), then rest on the same line."""
    entries = []
    for line in ini_markers:
        name, colon, rest = line.partition(":")
        entries.append((f"@pytest.mark.{name}:", rest if colon else ""))
    for plugin, signature, text in MARKERS:
        if plugin not in disabled_plugins:
            entries.append((f"@pytest.mark.{signature}:", " " + text))
    return entries
