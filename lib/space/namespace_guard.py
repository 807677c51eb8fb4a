"""Roll back writes to the namespaces of modules a space uses but does not own
(module `_pyspace.space.namespace_guard`).

A space shares its parent's and the root's modules. Whatever it writes into their namespaces
(`json.dumps = fake`, the attribute `dom` that importing `xml.dom` sets on the root's `xml`
package, `builtins.foo = 1`, `sys.stdout = ...`) must not outlive the activation. Copying every
shared namespace at each activation would cost milliseconds, so the guard keeps one copy per
module and the PEP 509 version tag it was taken at; an activation only reads the tags (one C
call) and re-copies the namespaces whose tag moved since. On deactivation the modules whose tag
moved are restored key by key from their copy.

A module object may be an instance of a ModuleType subclass whose class attributes are lazy
(six.moves: reading `cStringIO` imports it, sets it on the module and deletes the descriptor from
the class). Such classes are copied at each capture too and put back with the module, or the
next space would find neither the attribute nor the descriptor that makes it.
"""
import types

from _pyspace_native import dict_changes, dict_versions

_MODULE_DICT = types.ModuleType.__dict__["__dict__"].__get__


def namespace_of(obj):
    """The namespace dict of a module, read through the module type's own descriptor: a module
    class may define `__dict__` or `__getattr__` to import things lazily (apipkg's `py` does),
    which must not run here. None for objects that are not modules."""
    return _MODULE_DICT(obj) if isinstance(obj, types.ModuleType) else None

# sys attributes that activation itself swaps: restored silently.
_SWAPPED_SYS_KEYS = ("path", "argv", "meta_path", "path_hooks", "path_importer_cache")
SPACE_SYS_KEYS = frozenset({"path", "argv", "meta_path", "path_hooks", "path_importer_cache",
                            "last_type", "last_value", "last_traceback", "last_exc"})


def _restore_dict(current, saved):
    """Makes `current` equal `saved` again, by identity; returns [(key, old_value_or_missing)]."""
    changed, removed = dict_changes(saved, current)
    missing = _Missing
    restored = []
    for key in changed:
        restored.append((key, saved.get(key, missing)))
        if key in saved:
            current[key] = saved[key]
        else:
            del current[key]
    for key in removed:
        restored.append((key, saved[key]))
        current[key] = saved[key]
    return restored


class _Missing:
    """Marks a key that did not exist before."""


def _module_classes(modules):
    """The ModuleType subclasses (defined in Python) that modules in `modules` are instances of."""
    found = {}
    for module in modules:
        cls = type(module)
        if cls is not types.ModuleType and isinstance(module, types.ModuleType) \
                and id(cls) not in found and hasattr(cls, "__dict__") \
                and not (cls.__flags__ & _IMMUTABLE_TYPE):
            found[id(cls)] = cls
    return tuple(found.values())


_IMMUTABLE_TYPE = 1 << 8  # Py_TPFLAGS_IMMUTABLETYPE: a static or immutable type cannot change


def _restore_class(cls, saved):
    """Makes the class's attributes those of `saved` again (by identity); silent."""
    current = vars(cls)
    if len(current) == len(saved) and all(current.get(k, _Missing) is v for k, v in saved.items()):
        return
    for key in [key for key in current if key not in saved]:
        try:
            delattr(cls, key)
        except (AttributeError, TypeError):
            pass
    for key, value in saved.items():
        if current.get(key, _Missing) is not value and key not in ("__dict__", "__weakref__"):
            try:
                setattr(cls, key, value)
            except (AttributeError, TypeError):
                pass


def _is_submodule_attribute(module_name, key, value):
    return getattr(value, "__name__", None) == f"{module_name}.{key}"


def _describe(module_name, key, old, current):
    """A sentence for a write worth telling the user, or None for bookkeeping noise (dunders,
    submodule attributes set by imports, lazily initialised module globals)."""
    if key.startswith("__") or _is_submodule_attribute(module_name, key, current.get(key, old)):
        return None
    if module_name == "builtins":
        if key == "_":
            return None  # the interactive/doctest display hook's last value
        return f"builtins.{key} was {'added' if old is _Missing else 'modified'}"
    if module_name == "sys":
        if key in ("stdin", "stdout", "stderr", "displayhook", "excepthook", "breakpointhook"):
            return f"sys.{key} was replaced"
        return None
    if module_name == "os" and key == "environ":  # os.environ = dict(os.environ)
        return "os.environ was replaced"
    if old is not _Missing and callable(old):
        return f"{module_name}.{key} was replaced"
    return None


class NamespaceGuard:
    """Contract: capture() when a layer is pushed, restore() when it is popped, on the thread
    that holds the activation lock, GIL held. One guard serves the whole process."""

    def __init__(self):
        self._copies = {}         # id(module) -> (module, namespace copy)
        self._last_modules = None
        self._last_versions = None
        self._module_classes = ()  # the ModuleType subclasses of the modules last captured

    def capture(self, table, keep=None):
        """Records the namespaces of every module in `table` (a dict copy of the module table)
        except sys, which is captured whole, and `keep` (the module whose code activates the
        space: what it assigns to its own globals inside `with space:` is its own and stays).
        Returns the token restore() needs."""
        modules = list(table.values())
        sys_module = table.get("sys")
        if sys_module is not None:
            modules.remove(sys_module)
        if keep is not None and keep in modules:
            modules.remove(keep)
        versions = dict_versions(modules)
        if modules != self._last_modules or versions != self._last_versions:
            self._recopy(modules, versions)
        classes = [(cls, dict(vars(cls))) for cls in self._module_classes]
        return (modules, versions, sys_module, dict(sys_module.__dict__) if sys_module else None,
                classes)

    def _recopy(self, modules, versions):
        copies = self._copies
        last = dict(zip(map(id, self._last_modules or ()), self._last_versions or ()))
        for module, version in zip(modules, versions):
            if version and (last.get(id(module)) != version or id(module) not in copies):
                namespace = namespace_of(module)
                if namespace is not None:
                    copies[id(module)] = (module, dict(namespace))
        live = set(map(id, modules))
        for key in [key for key in copies if key not in live]:
            del copies[key]
        self._last_modules, self._last_versions = modules, versions
        self._module_classes = _module_classes(modules)

    def restore(self, token, sys_untouched=False):
        """Puts back every namespace captured by `token`; returns sentences for the writes worth
        reporting (replaced functions of shared modules, builtins, stdio). `sys_untouched`: sys
        was not written since the activation swapped its own keys (they alone are put back)."""
        modules, versions, sys_module, sys_copy, classes = token
        report = []
        for cls, saved in classes:
            _restore_class(cls, saved)
        if sys_copy is not None and sys_untouched:
            namespace = sys_module.__dict__
            for key in _SWAPPED_SYS_KEYS:
                namespace[key] = sys_copy[key]
        elif sys_copy is not None:
            for key, old in _restore_dict(sys_module.__dict__, sys_copy):
                if key not in SPACE_SYS_KEYS:
                    report.append(_describe("sys", key, old, sys_copy))
        after = dict_versions(modules)
        if after != versions:
            for index, module in enumerate(modules):
                if after[index] != versions[index]:
                    report += self._restore_module(module)
            # The tags moved again by restoring; remember them so the next capture is cheap.
            self._last_modules, self._last_versions = modules, dict_versions(modules)
        return [sentence for sentence in report if sentence]

    def _restore_module(self, module):
        entry = self._copies.get(id(module))
        if entry is None or entry[0] is not module:
            return []
        saved = entry[1]
        name = saved.get("__name__", "?")
        return [_describe(name, key, old, saved) for key, old in _restore_dict(namespace_of(module), saved)]

    def include(self, token, modules):
        """Adds `modules`, just imported into the root while the token's layer is active, to
        what restore(token) puts back: their namespaces as they are now (a space writing into a
        shared module it imported first must not leak that write either)."""
        listed, versions = token[0], token[1]
        known = set(map(id, listed))
        new = [m for m in modules if id(m) not in known and m is not token[2]
               and namespace_of(m) is not None]
        if not new:
            return
        listed.extend(new)
        versions.extend(dict_versions(new))
        for module in new:
            self._copies[id(module)] = (module, dict(namespace_of(module)))
        guarded = {id(cls) for cls, _ in token[4]}
        token[4].extend((cls, dict(vars(cls))) for cls in _module_classes(new) if id(cls) not in guarded)

    def adopt(self, module, key, value):
        """Records `module.key = value` as part of the module's saved namespace: a write the
        root made (importing a shared submodule sets it on its root package) that deactivation
        must keep."""
        entry = self._copies.get(id(module))
        if entry is not None and entry[0] is module:
            entry[1][key] = value

    def forget(self):
        """Drops every copy (tests of the guard itself)."""
        self._copies.clear()
        self._last_modules = self._last_versions = None
