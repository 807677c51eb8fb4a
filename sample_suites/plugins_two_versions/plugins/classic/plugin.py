"""A plugin written against textfmt 1.0: it uses whatever textfmt the host has."""
import textfmt


def render(text):
    return f"classic/textfmt {textfmt.__version__}: {textfmt.banner(text)}"
