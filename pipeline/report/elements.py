"""elements: values → the HTML pieces every page is built from: escaped text and attributes, tables, the page shell.

    >>> esc("<b> & 'q'"), attr('a "b"'), esc(None)
    ("&lt;b&gt; &amp; 'q'", 'a &quot;b&quot;', '')
"""
from __future__ import annotations

import html

STATUSES = ("done", "ongoing", "planned")  # a measure's statuses, in the order the pages list them
NUM = ' class="num"'  # a numeric table cell: right-aligned


def esc(value) -> str:
    """``value`` as text inside an element (None: nothing)."""
    return "" if value is None else html.escape(str(value), quote=False)


def attr(value) -> str:
    """``value`` as the text of a quoted attribute (None: nothing)."""
    return "" if value is None else html.escape(str(value), quote=True)


def table_html(headers: list[str], rows: list[list[str]], numeric: frozenset | set = frozenset()) -> str:
    """A table from header labels and cells that are already HTML."""
    head = "".join(f'<th scope="col"{NUM if i in numeric else ""}>{h}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{NUM if i in numeric else ""}>{c}</td>' for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def page_html(title: str, body: str, root: str = "") -> str:
    """A whole page around ``body``; ``root`` leads from the page's folder to the site's (for ``assets/``)."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}assets/report.css">
</head>
<body>
{body}
<script src="{root}assets/report.js"></script>
</body>
</html>
"""
