"""Item order for higher-scoped parametrized fixtures, as pytest 7.2's reorder_items.

Items sharing a (session/package/module/class)-scoped fixture parameter are grouped so that
each parameter is set up once: test_a[1], test_b[1], test_a[2], test_b[2] instead of
test_a[1], test_a[2], test_b[1], test_b[2]. The algorithm is pytest's (a stable grouping by
parameter key, scope by scope, session first). It is applied to the items of one file (the
unit collect_file works on), so grouping across files does not happen.
"""

from collections import deque

_HIGH_SCOPES = ("session", "package", "module", "class")


def _keys(item, scope):
    params = item.params
    if not params or item.fixtureinfo is None:
        return ()
    chain = item.fixtureinfo.chain
    found = []
    for name in sorted(params):
        defs = chain.get(name)
        if not defs or defs[-1].scope != scope:
            continue
        index = params[name][1]
        if scope == "session":
            found.append((name, index))
        elif scope == "package":
            found.append((name, index, item.path.rsplit("/", 1)[0]))
        elif scope == "module":
            found.append((name, index, item.path))
        else:
            found.append((name, index, item.path, item.cls))
    return found


def reorder(items):
    """items in pytest's order (the same list object when nothing needs to move)."""
    if len(items) < 3 or not any(item.params for item in items):
        return items
    argkeys = {}
    by_argkey = {}
    for scope in _HIGH_SCOPES:
        keys_of = argkeys[scope] = {}
        items_of = by_argkey[scope] = {}
        for item in items:
            keys = dict.fromkeys(_keys(item, scope))
            if keys:
                keys_of[item] = keys
                for key in keys:
                    items_of.setdefault(key, deque()).append(item)
    if not any(argkeys[scope] for scope in _HIGH_SCOPES):
        return items
    return list(_at_scope(dict.fromkeys(items), argkeys, by_argkey, 0))


def _fix_cache_order(item, argkeys, by_argkey):
    for scope in _HIGH_SCOPES:
        for key in argkeys[scope].get(item, ()):
            by_argkey[scope][key].appendleft(item)


def _at_scope(items, argkeys, by_argkey, depth):
    if depth >= len(_HIGH_SCOPES) or len(items) < 3:
        return items
    scope = _HIGH_SCOPES[depth]
    ignore = set()
    pending = deque(items)
    done = {}
    scoped_by_argkey = by_argkey[scope]
    scoped_argkeys = argkeys[scope]
    while pending:
        no_argkey_group = {}
        slicing_argkey = None
        while pending:
            item = pending.popleft()
            if item in done or item in no_argkey_group:
                continue
            keys = dict.fromkeys(k for k in scoped_argkeys.get(item, ()) if k not in ignore)
            if not keys:
                no_argkey_group[item] = None
            else:
                slicing_argkey, _ = keys.popitem()
                matching = [i for i in scoped_by_argkey[slicing_argkey] if i in items]
                for match in reversed(matching):
                    _fix_cache_order(match, argkeys, by_argkey)
                    pending.appendleft(match)
                break
        if no_argkey_group:
            no_argkey_group = _at_scope(no_argkey_group, argkeys, by_argkey, depth + 1)
            for item in no_argkey_group:
                done[item] = None
        ignore.add(slicing_argkey)
    return done
