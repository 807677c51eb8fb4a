"""A plugin that needs textfmt 2.0 and ships it next to itself (plugins/modern/textfmt)."""
import textfmt


def render(text):
    return f"modern/textfmt {textfmt.__version__}: {textfmt.box(textfmt.banner(text, width=16))}"
