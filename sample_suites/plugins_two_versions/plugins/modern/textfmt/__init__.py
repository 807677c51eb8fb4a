"""textfmt 2.0, vendored by the `modern` plugin: banner() takes a width, and box() is new."""
__version__ = "2.0"


def banner(text, width=20):
    return f" {text} ".center(width, "=")


def box(text):
    return f"[{text}]"
