"""report: an output folder's Parquet tables → a static review site analysts open in a browser.

    read_tables(out_dir) → render_report(tables) → (path, content) pairs → write_report: temp folder, then replace

The site is ``index.html`` (the batch page), ``notices/<notice_id>.html`` (one page per notice) and
``assets/`` (this package's ``assets/``: one stylesheet, one script). Nothing is fetched from the
network and nothing but the tables is read.

- The batch page embeds the notices as a JSON array that ``report.js`` sorts, filters and pages,
  so it stays fast for thousands of notices; its charts are inline SVG drawn from the tables of
  ``pipeline.stats`` and ``pipeline.compare``.
- A notice page shows the cleaned text with every date, metric and citation wrapped in exactly
  one ``<mark class="hl hl-KIND" tabindex="0">``, whose ``aria-label`` gives the normalised value
  (shown by report.css as a tooltip on hover and keyboard focus; no ``title``, so the browser adds
  no native tooltip of its own); headings are anchors the outline beside the text links to.

One module per step, each named after what it turns into what:

- ``describe``: a date, metric or citation record → its tooltip line
- ``markup``: a notice's text + records → escaped HTML with highlights, headings and flags nested
- ``notice_page``: one notice's rows → its page
- ``batch_page``: the batch's tables → ``index.html``; ``charts``: stats tables → its charts
- ``render``: tables → (path, content) for every file of the site
- ``write``: an output folder → the report folder, replaced atomically
- ``elements`` and ``rows``: the small HTML builders and row helpers the pages share
"""
from __future__ import annotations

from .describe import describe_citation, describe_date, describe_metric
from .markup import mark_up
from .render import REPORT_BY, ReportError, page_name, render_report
from .write import MARKER, ReportSummary, write_report

__all__ = ["MARKER", "REPORT_BY", "ReportError", "ReportSummary", "describe_citation", "describe_date",
           "describe_metric", "mark_up", "page_name", "render_report", "write_report"]
