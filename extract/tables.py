"""Task-division tables (任务分工表, 责任分解表) in a plan's text, whatever their shape.

Tables reach the text in several shapes; each is read by a module of its own into the same
records, a header of columns (``headers.py`` reads what each header cell means) and rows of
cells, every cell a span of the normalised text:

- one row per line, cells separated by tabs (the .docx, .html and .pdf readers write tables
  so, spreadsheets export so), by ``|`` with or without the outer pipes, or by runs of two or
  more spaces: ``delimited_tables.py``;
- one cell per line, or one cell per paragraph (a blank line between cells), merged cells
  printed once: ``cell_streams.py``;
- no delimiters at all, the header's words and the rows run together: ``run_together.py``.

What the rows mean — tasks, sections, merged cells, rows that continue the task above — is
``table_tasks.py``'s job, the same for every shape.
"""

from __future__ import annotations

from .cell_streams import cell_stream_table
from .delimited_tables import delimited_table
from .grids import Table
from .headers import is_header_word, may_hold_run_together_header
from .run_together import run_together_table


def may_start_table(line: str) -> bool:
    """A cheap test before looking for a table whose header is on ``line``."""
    stripped = line.strip()
    return (
        "\t" in line
        or "|" in stripped
        or "  " in stripped
        or is_header_word(stripped)
        or may_hold_run_together_header(line)
    )


def find_table(
    text: str, lines: list[tuple[int, int]], index: int, merges_marked: bool = False
) -> Table | None:
    """The table whose header is on line ``index`` (of the non-blank ``lines``), if any.
    ``merges_marked``: the text's reader marked every merged cell of its tab-separated
    tables (a .docx, an .xlsx)."""
    return (
        delimited_table(text, lines, index, merges_marked)
        or cell_stream_table(text, lines, index)
        or run_together_table(text, lines, index)
    )
