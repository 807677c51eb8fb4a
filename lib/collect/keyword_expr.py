"""The -k expression language: and/or/not, parentheses, identifiers matched as substrings.

Grammar (as pytest 7 accepts it):
    expr     := and_expr ('or' and_expr)*
    and_expr := not_expr ('and' not_expr)*
    not_expr := 'not' not_expr | '(' expr ')' | ident
    ident    := one or more of: word characters : + - . [ ] \\ /
An identifier matches an item when it is a case-insensitive substring of one of the item's
keyword names. An empty expression matches everything. Nothing is ever eval()'d.
"""

import re

_IDENT = re.compile(r"(:?\w|:|\+|-|\.|\[|\]|\\|/)+")
_WORDS = {"or", "and", "not"}


class KeywordExpressionError(ValueError):
    """The expression does not parse; str(self) is pytest's usage error text."""


def compile_keyword(text):
    """A predicate names -> bool for the expression text. Raises KeywordExpressionError."""
    return _compile(text, _ident, "-k")


def compile_markers(text):
    """The -m language: same grammar, an identifier matches a marker name exactly.

    The predicate takes the set of the item's marker names.
    """
    return _compile(text, _marker, "-m")


def _marker(word):
    return lambda names: word in names


def _compile(text, ident, option):
    parser = _Parser(text, ident, option)
    if parser.peek() == ("eof", ""):
        return lambda names: True
    predicate = parser.expr()
    parser.expect("eof")
    return predicate


def _ident(word):
    needle = word.lower()

    def predicate(names):
        return any(needle in name.lower() for name in names)

    return predicate


class _Parser:
    def __init__(self, text, ident=None, option="-k"):
        self.text = text
        self.option = option
        self.ident = ident or _ident
        self.tokens = list(_tokens(text, option))
        self.index = 0

    def peek(self):
        return self.tokens[self.index][:2]

    def take(self, kind):
        token = self.tokens[self.index]
        if token[0] == kind:
            if kind != "eof":
                self.index += 1
            return token
        return None

    def expect(self, kind):
        if self.take(kind) is None:
            self.fail(f"expected {_describe(kind)}")

    def fail(self, what):
        kind, value, column = self.tokens[self.index]
        raise KeywordExpressionError(
            f"Wrong expression passed to '{self.option}': {self.text}: at column {column + 1}: "
            f"{what}; got {_describe(kind)}"
        )

    def expr(self):
        parts = [self.and_expr()]
        while self.take("or"):
            parts.append(self.and_expr())
        if len(parts) == 1:
            return parts[0]
        return lambda names: any(part(names) for part in parts)

    def and_expr(self):
        parts = [self.not_expr()]
        while self.take("and"):
            parts.append(self.not_expr())
        if len(parts) == 1:
            return parts[0]
        return lambda names: all(part(names) for part in parts)

    def not_expr(self):
        if self.take("not"):
            inner = self.not_expr()
            return lambda names: not inner(names)
        if self.take("("):
            inner = self.expr()
            self.expect(")")
            return inner
        token = self.take("ident")
        if token is None:
            self.fail("expected not OR left parenthesis OR identifier")
        return self.ident(token[1])


def _describe(kind):
    return {"eof": "end of input", "ident": "identifier", "(": "left parenthesis",
            ")": "right parenthesis"}.get(kind, kind)


def _tokens(text, option="-k"):
    """(kind, value, column) tuples ending with ('eof', '', len)."""
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char in " \t":
            pos += 1
        elif char in "()":
            yield char, char, pos
            pos += 1
        else:
            match = _IDENT.match(text, pos)
            if not match:
                raise KeywordExpressionError(
                    f"Wrong expression passed to '{option}': {text}: at column {pos + 1}: "
                    f'unexpected character "{char}"'
                )
            word = match.group(0)
            yield (word if word in _WORDS else "ident"), word, pos
            pos = match.end()
    yield "eof", "", pos
