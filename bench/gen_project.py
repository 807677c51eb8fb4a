"""Generates the re-import benchmark's project: package `proj` with 30 modules m00..m29 that
import each other and typical stdlib modules, and `proj.all_modules`, which imports them all.

    /usr/bin/python3 bench/gen_project.py DIRECTORY     # writes DIRECTORY/proj/
"""
import pathlib
import shutil
import sys

MODULES = 30
# What the project imports from the standard library; reimport.py imports these in the root.
STDLIB = ["json", "re", "dataclasses", "collections", "typing", "functools", "pathlib", "enum"]

TEMPLATE = '''\
"""Generated module {n} of the benchmark project."""
import functools
import json
import re
from collections import Counter, defaultdict, namedtuple
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePosixPath
from typing import Dict, Iterable, List, NamedTuple, Optional
{local_imports}

_PATTERN = re.compile(r"^(?P<name>[a-z_]+)-(?P<number>\\d+)(?:\\.(?P<suffix>\\w+))?$")
Point{n} = namedtuple("Point{n}", "x y")


class Kind{n}(Enum):
    SMALL = 1
    MEDIUM = 2
    LARGE = 3

    @classmethod
    def of(cls, value: int) -> "Kind{n}":
        return cls.SMALL if value < 10 else cls.MEDIUM if value < 100 else cls.LARGE


class Entry{n}(NamedTuple):
    key: str
    count: int = 0


@dataclass(frozen=True)
class Record{n}:
    name: str
    value: int = 0
    tags: tuple = ()
    kind: Kind{n} = Kind{n}.SMALL
    parent: Optional[str] = None


@dataclass
class Store{n}:
    records: Dict[str, Record{n}] = field(default_factory=dict)
    index: Dict[Kind{n}, List[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, record: Record{n}) -> None:
        self.records[record.name] = record
        self.index[record.kind].append(record.name)

    def to_json(self) -> str:
        return json.dumps({{name: [r.value, list(r.tags)] for name, r in self.records.items()}},
                          sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Store{n}":
        store = cls()
        for name, (value, tags) in json.loads(text).items():
            store.add(Record{n}(name, value, tuple(tags), Kind{n}.of(value)))
        return store


@functools.lru_cache(maxsize=256)
def parse{n}(text: str) -> Optional[Record{n}]:
    match = _PATTERN.match(text)
    if match is None:
        return None
    value = int(match["number"])
    return Record{n}(match["name"], value, (match["suffix"] or "",), Kind{n}.of(value))


def summarize{n}(records: Iterable[Record{n}]) -> Counter:
    return Counter(record.kind for record in records)


def location{n}(record: Record{n}) -> PurePosixPath:
    return PurePosixPath("/data") / record.kind.name.lower() / f"{{record.name}}.json"


def combined{n}(text: str) -> int:
    total = 0
{local_calls}
    record = parse{n}(text)
    return total + (record.value if record else 0)
'''


def module_source(n):
    deps = sorted({n - 1, n // 2} - {n}) if n else []
    local_imports = "\n".join(f"from . import m{d:02d}" for d in deps)
    local_calls = "\n".join(f"    total += m{d:02d}.combined{d}(text)" for d in deps) or "    pass"
    return TEMPLATE.format(n=n, local_imports=local_imports, local_calls=local_calls)


def generate(directory):
    package = pathlib.Path(directory) / "proj"
    shutil.rmtree(package, ignore_errors=True)
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Generated benchmark project."""\n')
    for n in range(MODULES):
        (package / f"m{n:02d}.py").write_text(module_source(n))
    imports = "".join(f"from . import m{n:02d}\n" for n in range(MODULES))
    (package / "all_modules.py").write_text('"""Imports every module of the project."""\n' + imports)
    return package


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(generate(sys.argv[1]))
