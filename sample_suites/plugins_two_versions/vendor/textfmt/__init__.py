"""textfmt 1.0: the version the host ships (on the host's sys.path, like an installed package)."""
__version__ = "1.0"


def banner(text):
    return f"== {text} =="
