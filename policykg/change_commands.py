"""``policykg diff`` and ``progress``: two plans compared, progress reports laid over a plan,
and two progress reports on one plan compared (``diff --plan``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from output.terminal import terminal_safe
from policykg.app import BaseOption, environment_limits, reporting_errors, say
from policykg.config import DEFAULT_BASE, BuildConfig
from policykg.errors import InputError


def diff(
    old: Annotated[
        Path,
        typer.Argument(
            metavar="PLAN_A",
            help="The earlier plan: a document, a graph file, or with --store a document key. "
            "With --plan, the earlier progress report: a document, or the key, period (1-6月) "
            "or title of one 'policykg progress' kept (in --store, the plan's build, or out/).",
        ),
    ],
    new: Annotated[
        Path, typer.Argument(metavar="PLAN_B", help="The later plan (with --plan: report).")
    ],
    result_format: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="Output: table, html (side by side), json or ttl."
        ),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            metavar="SHARE",
            help="Least word similarity (0–1) at which two tasks are one commitment.",
        ),
    ] = 0.35,
    base: BaseOption = DEFAULT_BASE,
    store: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Compare two plans of this store, named by their document keys."
        ),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            metavar="PLAN_OR_KEY",
            help="Compare two progress reports on this plan instead (a document, a graph "
            "file or out/ directory, or with --store its key): which tasks changed status.",
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="With --plan: the progress.ttl (or its directory) of the reports 'policykg "
            "progress --out DIR' kept (default: the plan's build, else out/).",
        ),
    ] = None,
) -> None:
    """Compare two plans: continued, new and dropped commitments, owners and targets changed.
    With --plan, two progress reports on one plan (policykg diff 1-6月 1-11月 --plan out/):
    each task whose status changed, newly or no longer reported, and its values against its
    targets (format table, html or json).

    \b
    Example:
      policykg diff plan-2023.txt plan-2024.txt --format html -o diff.html
    """
    from output.diff_formats import DIFF_FORMATS, diff_html, diff_json, diff_summary, diff_table
    from output.serialize import serialize_graph
    from policykg.pipeline import diff_plans

    with reporting_errors():
        if plan is not None:
            _diff_reports(str(old), str(new), plan, result_format, output, base, store, history)
            return
        if result_format not in DIFF_FORMATS:
            raise InputError(
                f"unknown format '{result_format}'; choose one of: {', '.join(DIFF_FORMATS)}"
            )
        if not 0 < threshold <= 1:
            raise InputError("--threshold must be above 0 and at most 1")
        config = BuildConfig(base=base, limits=environment_limits())
        comparison, triples = diff_plans(old, new, config, threshold, store)
        text = {
            "table": lambda: diff_table(comparison),
            "html": lambda: diff_html(comparison),
            "json": lambda: diff_json(comparison),
            "ttl": lambda: serialize_graph(triples),
        }[result_format]()
        _write_comparison(text, result_format, output, lambda: diff_summary(comparison))


def _diff_reports(
    first: str,
    second: str,
    plan: Path,
    result_format: str,
    output: Path | None,
    base: str,
    store: Path | None,
    history: Path | None,
) -> None:
    """``diff --plan``: two progress reports on one plan compared, written as asked."""
    from output.progress_diff_formats import (
        PROGRESS_DIFF_FORMATS,
        progress_diff_html,
        progress_diff_json,
        progress_diff_summary,
        progress_diff_table,
    )
    from policykg.progress_diff import compare_reports

    if result_format not in PROGRESS_DIFF_FORMATS:
        raise InputError(
            f"unknown format '{result_format}' for progress reports; choose one of: "
            + ", ".join(PROGRESS_DIFF_FORMATS)
        )
    config = BuildConfig(base=base, limits=environment_limits())
    comparison = compare_reports(first, second, plan, config, store=store, history=history)
    text = {
        "table": progress_diff_table,
        "html": progress_diff_html,
        "json": progress_diff_json,
    }[result_format](comparison)
    _write_comparison(text, result_format, output, lambda: progress_diff_summary(comparison))


def _write_comparison(
    text: str, result_format: str, output: Path | None, summary: Callable[[], str]
) -> None:
    """A comparison to stdout (a table escaped for the terminal), or to ``output`` with its
    summary line on stderr."""
    from output.atomic import write_file

    if output is None:
        sys.stdout.write(terminal_safe(text, lines=True) if result_format == "table" else text)
    else:
        write_file(output, text)
        say(f"{summary()} → {output}", err=True)


def progress(
    reports: Annotated[
        list[Path],
        typer.Argument(
            metavar="REPORT...",
            help="Progress reports (txt, html, docx, xlsx, pdf): tables or numbered paragraphs.",
        ),
    ],
    plan: Annotated[
        Path,
        typer.Option(
            "--plan",
            metavar="PLAN_OR_KEY",
            help="The plan: a document, a graph file or out/ directory, or with --store its key.",
        ),
    ],
    store: Annotated[
        Path | None,
        typer.Option(help="Read the plan from this store and keep each report in it as a graph."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write progress.ttl and progress.csv here (default: out, no store)."
        ),
    ] = None,
    base: Annotated[str, typer.Option(help="Base of minted instance IRIs.")] = DEFAULT_BASE,
) -> None:
    """Lay progress reports over a plan: each row matched to its task, a status and values."""
    from output.atomic import write_together
    from policykg.progress import (
        accumulated,
        lay_over,
        progress_files,
        report_pages,
        store_progress,
    )

    with reporting_errors():
        config = BuildConfig(base=base, limits=environment_limits())
        laid = lay_over(reports, plan, config, store)
        written: list[str] = []
        if store is not None:
            store_progress(laid, store, config)
            written.append(str(store))
        if out is not None or store is None:
            directory = out if out is not None else Path("out")
            history = accumulated(laid, directory)
            files = {
                **progress_files(laid, history, config),
                **report_pages(laid, history, directory, config),
            }
            paths = write_together(directory, files)
            written += [str(p) for p in paths.values()]
        say(f"{laid.summary()} → {', '.join(written)}", err=True)
        for line in [*laid.unmatched_lines(), *laid.change_lines()]:
            say(line, err=True)
