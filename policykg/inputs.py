"""Which files a build reads, and the per-document overrides of a manifest."""

from __future__ import annotations

import csv
import os
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from graph.query import is_build_directory
from ontology.iris import is_safe_key
from output.atomic import is_build_output
from policykg.config import BuildConfig
from policykg.errors import InputError

__all__ = ["DOCUMENT_SUFFIXES", "collect_inputs", "document_configs", "read_manifest"]

DOCUMENT_SUFFIXES = (".txt", ".docx", ".xlsx", ".pdf", ".html", ".htm")


def collect_inputs(inputs: Sequence[Path]) -> list[Path]:
    """The document files named by ``inputs``: files as given, directories searched for files
    with a document suffix (in name order). A file named twice is read once.

    What builds wrote is never read as a plan: a directory searched skips the outputs of a
    build made into it and every subdirectory that holds a build (``--out plans/out``)."""
    found: list[Path] = []
    for path in inputs:
        if path.is_dir():
            inside = sorted(_documents_in(path))
            if not inside:
                suffixes = " ".join(DOCUMENT_SUFFIXES)
                raise InputError(
                    f"{path}: is a directory with no document in it (looked for {suffixes})"
                )
            found.extend(inside)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


def _documents_in(directory: Path) -> Iterator[Path]:
    """The document files below ``directory``, hidden paths, builds' outputs and stores left
    out. Linked directories are searched too, each directory once (a link back up is not
    followed round)."""
    from graph.store import is_store  # here: Oxigraph only for a build that walks a folder

    seen: set[str] = set()
    for folder, subfolders, names in os.walk(directory, followlinks=True):
        here = Path(folder)
        seen.add(os.path.realpath(here))
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".")
            and not is_build_directory(here / name)
            and not is_store(here / name)
            and os.path.realpath(here / name) not in seen
        ]
        seen.update(os.path.realpath(here / name) for name in subfolders)
        outputs = is_build_directory(here)
        for name in names:
            path = here / name
            if (
                not name.startswith(".")
                and not (outputs and is_build_output(name))
                and path.suffix.lower() in DOCUMENT_SUFFIXES
                and path.is_file()
            ):
                yield path


def read_manifest(path: Path) -> dict[Path, BuildConfig]:
    """Per-document overrides from a CSV or TOML manifest, by resolved file path.

    CSV: a header with ``file`` and any of ``issuer``, ``year``, ``key``. TOML: ``[[document]]``
    tables with the same names. Relative file names are relative to the manifest. The returned
    configs hold only the overrides (base is set when they are applied).
    """
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the manifest ({exc})") from exc
    try:
        if path.suffix.lower() == ".toml":
            rows = tomllib.loads(raw).get("document", [])
        elif path.suffix.lower() == ".csv":
            rows = list(csv.DictReader(raw.splitlines()))
        else:
            raise InputError(f"{path}: a manifest is a .csv or a .toml file")
    except (tomllib.TOMLDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: the manifest does not parse ({exc})") from exc
    overrides: dict[Path, BuildConfig] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not str(row.get("file") or "").strip():
            raise InputError(f"{path}: entry {number} names no file")
        overrides[(path.parent / str(row["file"]).strip()).resolve()] = _override(path, number, row)
    return overrides


def _override(manifest: Path, number: int, row: dict[str, object]) -> BuildConfig:
    def text(name: str) -> str | None:
        value = str(row.get(name) or "").strip()
        return value or None

    year_text, key = text("year"), text("key")
    if year_text is not None and not (year_text.isdigit() and len(year_text) == 4):
        raise InputError(f"{manifest}: entry {number}: year must be four digits, not {year_text!r}")
    if key is not None and not is_safe_key(key):
        raise InputError(
            f"{manifest}: entry {number}: key {key!r} must be ASCII letters, digits, '.', '_' "
            "or '-' (it becomes part of IRIs)"
        )
    return BuildConfig(issuer=text("issuer"), year=int(year_text) if year_text else None, key=key)


def document_configs(
    paths: Sequence[Path], config: BuildConfig, manifest: dict[Path, BuildConfig]
) -> list[BuildConfig]:
    """Each document's configuration: the build's, with its manifest row laid over it."""
    configs = []
    for path in paths:
        row = manifest.get(path.resolve())
        if row is None:
            configs.append(config)
            continue
        configs.append(
            replace(
                config,
                issuer=row.issuer or config.issuer,
                year=row.year or config.year,
                key=row.key or config.key,
            )
        )
    return configs
