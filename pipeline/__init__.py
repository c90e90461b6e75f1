"""zhenggai: Chinese rectification notices (整改情况通报) → analysis-ready tables.

The public API is imported lazily, so that `zhenggai --help` does not load the pipeline.
"""
from __future__ import annotations

__version__ = "0.1.0"  # the one place it is written: pyproject.toml reads it
__all__ = ["RunSummary", "analyse", "process_file", "process_text", "run"]


def __getattr__(name: str):
    if name in __all__:
        import importlib

        return getattr(importlib.import_module("pipeline.batch"), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
