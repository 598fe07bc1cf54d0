"""The command line's shared parts: the typer app and its global options, the class every
command is made with (its arguments shown as help texts conventionally show them), the turning
of errors into one line and the documented exit code, messages for a person, and the limits
the environment sets. The command modules (``*_commands.py``) are the only places that print,
exit and parse options; they print through ``say`` and report through ``reporting_errors``."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand

from output.terminal import message_safe
from policykg import __version__
from policykg.config import Limits
from policykg.errors import InputError, PolicyKGError

EXIT_CODES = """Exit codes: 0 success; 1 bad input (file, encoding, query, graph that does not
conform); 2 wrong usage (unknown option or command); 3 internal error (a bug: re-run with
--debug and report the traceback)."""


# build and diff: the base of the IRIs they mint (the check of it: ontology.iris.checked_base).
BaseOption = Annotated[str, typer.Option(metavar="IRI", help="Base of minted instance IRIs.")]

app = typer.Typer(
    name="policykg",
    help="Turn Chinese government work plans (工作要点) into a knowledge graph and a map.\n\n"
    + EXIT_CODES,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class _State:
    debug = False


class _Argument(TyperArgument):
    """An argument as help texts conventionally show it: ``GRAPH``, ``[QUERY]``, ``PLAN...``,
    with no type beside it (typer's own shows ``{GRAPH}`` and ``inputs:PATH...``)."""

    def make_metavar(self, ctx: Any = None, *, usage: bool = False) -> str:
        name = (self.metavar or (self.name or "").upper()) + ("..." if self.nargs != 1 else "")
        return f"[{name}]" if usage and not self.required else name


class Command(TyperCommand):
    """A command whose arguments show as ``_Argument`` does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for parameter in self.params:
            if type(parameter) is TyperArgument:
                parameter.__class__ = _Argument


class _SafeFormatter(logging.Formatter):
    """Log lines as messages for a person (``_say``): what they quote is shown, not obeyed."""

    def format(self, record: logging.LogRecord) -> str:
        return message_safe(super().format(record))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policykg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Say more on stderr.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Only errors on stderr.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(_SafeFormatter("%(levelname)s: %(message)s"))
    for noisy in ("jieba", "rdflib", "pyshacl"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    _State.debug = debug


@contextlib.contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn errors into one line on stderr and the documented exit code."""
    try:
        yield
    except BrokenPipeError:
        # The reader went away (policykg query … | head): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None
    except InputError as exc:
        if _State.debug:
            raise
        say(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:  # the machine, not policykg: a full disk, a file gone, no access
        if _State.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        fix = _OS_FIX.get(exc.errno, _OS_FIX[None])
        say(f"Error: {where}{exc.strerror or exc}; {fix}", err=True)
        raise typer.Exit(1) from None
    except MemoryError:
        if _State.debug:
            raise
        say(
            "Error: out of memory; give fewer or smaller documents at a time, or lower the "
            "limits of what one document may hold (POLICYKG_MAX_* variables, see the README)",
            err=True,
        )
        raise typer.Exit(1) from None
    except (PolicyKGError, Exception) as exc:
        if _State.debug or isinstance(exc, (typer.Exit, KeyboardInterrupt)):
            raise
        say(f"Error: internal error: {type(exc).__name__}: {exc}", err=True)
        say("re-run with --debug for a traceback, and report it", err=True)
        raise typer.Exit(3) from None


_OS_FIX = {
    errno.ENOSPC: "the disk is full: free some space or write somewhere else",
    errno.EDQUOT: "the disk quota is used up: free some space or write somewhere else",
    errno.EACCES: "check the permissions, or choose another path",
    errno.EROFS: "the file system is read-only: choose another path",
    None: "check the path and the machine, then try again",
}


def environment_limits() -> Limits:
    """The limits of what one input may hold, with those the environment sets."""
    try:
        return Limits().from_environment()
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def say(message: str, err: bool = False) -> None:
    """One message for a person: control characters, bidi controls and line breaks from
    file names, documents or servers shown as escapes, never obeyed (output.terminal)."""
    typer.echo(message_safe(message), err=err)
