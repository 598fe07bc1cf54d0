"""Fuzz the structure parser and the number reader with atheris, for a bounded time.

    make fuzz                      # each target for FUZZ_SECONDS (default 60)
    python tools/fuzz.py parse 30  # one target, 30 seconds

A target fails when anything but ``InputError`` escapes, or when a span does not quote the
text it points into. Every crash found becomes a case in tests/hostile/test_fuzz_regressions.py.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

import atheris

with atheris.instrument_imports():
    from extract.details import extract_details
    from extract.normalization import normalize_text
    from extract.numbers import parse_number
    from extract.reading import decode_document
    from extract.structure import parse_plan
    from policykg.errors import InputError


def fuzz_parse(data: bytes) -> None:
    """Bytes → decoding → structure → targets and mentions; spans always quote the text."""
    try:
        text = decode_document(data, "fuzz").text
    except InputError:
        return
    document = extract_details(parse_plan(text))
    for task in document.tasks:
        for span in [task.span, task.title, *(t.span for t in task.targets)]:
            assert text[span.start : span.end] == span.text


def fuzz_numbers(data: bytes) -> None:
    """Any string either reads as a number or raises InputError."""
    text = normalize_text(atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(40))
    with contextlib.suppress(InputError):
        parse_number(text)


TARGETS: dict[str, Callable[[bytes], None]] = {"parse": fuzz_parse, "numbers": fuzz_numbers}


def main() -> None:
    name, seconds = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "60"
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-max_len=2048"], TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
