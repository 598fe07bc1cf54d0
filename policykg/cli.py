"""The policykg command line: ``main``, the console script's entry point, and the commands
registered on the app (``policykg.app``) in the order ``--help`` lists them. Each command lives
in a module of its family (``build_commands``, ``change_commands``, ``query_commands``,
``publish_commands``), which imports what the command needs only when it runs."""

from __future__ import annotations

from policykg.app import Command, app
from policykg.build_commands import build, evaluate, validate
from policykg.change_commands import diff, progress
from policykg.publish_commands import export, push
from policykg.query_commands import query, serve

__all__ = ["app", "main"]

for command in (build, diff, progress, evaluate, query, validate, serve, export, push):
    app.command(cls=Command)(command)


def main() -> None:
    """Entry point of the ``policykg`` console script."""
    app()
