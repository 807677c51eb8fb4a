"""The project under test: a stock counter with a bug or two."""


def total(counts):
    return sum(counts.values())


def parse_quantity(text):
    return _to_int(text.strip())


def _to_int(text):
    if not text.isdigit():
        raise ValueError(f"not a quantity: {text!r}")
    return int(text)
