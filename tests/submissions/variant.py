"""How each lesson's named submissions are made: a right answer's source with a mistake's replacements applied,
then run as a module of its own."""

import types
from collections.abc import Iterable


def with_changes(source: str, changes: Iterable[tuple[str, str]], name: str) -> str:
    """`source` with each (old, new) replacement made; each old text must be there."""
    for old, new in changes:
        assert old in source, f"{name}: {old!r} is not in its submission"
        source = source.replace(old, new)
    return source


def as_module(source: str, name: str) -> types.ModuleType:
    """The submission `name`, its `source` run as a module."""
    module = types.ModuleType(f"submission_{name}")
    exec(compile(source, f"<submission {name}>", "exec"), module.__dict__)
    return module
