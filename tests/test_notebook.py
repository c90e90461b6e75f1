"""notebooks/analysis.ipynb runs top to bottom on the sample's output, and draws Chinese, not tofu."""
from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "analysis.ipynb"
CHARTS = 4  # problems per theme, measures over time, key metrics, comparison across notices

nbformat = pytest.importorskip("nbformat", reason="the notebook extra is not installed")
nbclient = pytest.importorskip("nbclient", reason="the notebook extra is not installed")


@pytest.fixture()
def kernel(tmp_path, monkeypatch) -> str:
    """A kernel spec running this interpreter (where pipeline is installed), found first on JUPYTER_PATH."""
    spec = tmp_path / "jupyter" / "kernels" / "zhenggai-test"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "zhenggai test", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return "zhenggai-test"


def test_notebook_runs_on_the_sample_output(seed_out, kernel, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_OUT", str(seed_out))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name=kernel,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, if any cell fails

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    text = "".join(output.get("text", "") for output in outputs if output.output_type == "stream")
    assert "1 notices, 28 problems, 94 measures" in text
    assert "CJK font: Noto Sans CJK SC" in text  # installed, or the file mplfonts ships
    assert "missing from font" not in text and "Glyph" not in text  # matplotlib's warning for tofu boxes
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) == CHARTS
