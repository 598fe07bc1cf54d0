"""Text for a terminal: what a file name, a document or a server's reply holds is shown, never
obeyed.

A terminal acts on control characters: an escape sequence (ESC, CSI, OSC) can retitle the
window, rewrite what is on screen or, in some terminals, write to the clipboard; a line feed
in a file name can forge a line of its own (``Error: …``); bidi controls (U+202E, U+200F …)
reorder what is shown, so one name can read as another. Each of them is shown as its escape
(``\\x1b``, ``\\n``, ``\\u202e``); every other character is left as it is, Chinese included.
Strings that cannot be encoded (argv bytes that were not UTF-8, kept by Python as lone
surrogates) are shown as their escapes too.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "terminal_safe"]

# The bidi formatting characters of Unicode (UAX #9): embeddings, overrides, isolates and
# marks. None belongs in a work plan's text.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def terminal_safe(text: str, *, lines: bool = False) -> str:
    """``text`` with every control character, bidi control and lone surrogate escaped.

    ``lines``: line feeds (and tabs) are kept, for text of several lines (a table).

    >>> terminal_safe("a\\x1b]0;owned\\x07b\\nError: forged")
    'a\\\\x1b]0;owned\\\\x07b\\\\nError: forged'
    >>> terminal_safe("组织处\\u202e")
    '组织处\\\\u202e'
    >>> terminal_safe("two\\nlines\\tkept", lines=True)
    'two\\nlines\\tkept'
    """

    def escaped(match: re.Match[str]) -> str:
        char = match.group()
        if lines and char in "\n\t":
            return char
        return char.encode("unicode_escape", "backslashreplace").decode("ascii")

    return _UNSAFE.sub(escaped, text)
