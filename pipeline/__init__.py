"""zhenggai: Chinese rectification notices → analysis-ready tables."""
