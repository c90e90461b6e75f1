"""zhenggai: Chinese rectification notices (整改情况通报) → analysis-ready tables."""
from .run import RunSummary, analyse, process_file, process_text, run

__all__ = ["RunSummary", "analyse", "process_file", "process_text", "run"]
