"""resources: load the packaged lexicon files (pipeline/lexicon/*) once."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """Parse ``pipeline/lexicon/<name>`` as YAML (cached), with libyaml when PyYAML was built with it (6× faster)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(resources.files("pipeline").joinpath("lexicon", name).read_text(encoding="utf-8"), Loader=loader)


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``pipeline/lexicon/<name>`` (cached)."""
    text = resources.files("pipeline").joinpath("lexicon", name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def load_text(name: str) -> str:
    """The text of ``pipeline/lexicon/<name>``."""
    return resources.files("pipeline").joinpath("lexicon", name).read_text(encoding="utf-8")
