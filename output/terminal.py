"""Text for a terminal: what a file name, a document or a server's reply holds is shown, never
obeyed.

A terminal acts on control characters: an escape sequence (ESC, CSI, OSC) can retitle the
window, rewrite what is on screen or, in some terminals, write to the clipboard; a line feed
in a file name can forge a line of its own (``Error: …``); bidi controls (U+202E, U+200F …)
reorder what is shown, so one name can read as another. Each of them is shown as its escape
(``\\x1b``, ``\\n``, ``\\u202e``), as is every other control or format character (Unicode
categories Cc and Cf: zero-width characters too); every other character is left as it is,
Chinese included.
Strings that cannot be encoded (argv bytes that were not UTF-8, kept by Python as lone
surrogates) are shown as their escapes too.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["message_safe", "terminal_safe"]

# Control characters (Cc), format characters (Cf: bidi controls, zero-width characters),
# lone surrogates (Cs) and the line and paragraph separators (Zl, Zp).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# The characters a plain ASCII or Chinese text is made of are passed over at once.
_PLAIN = re.compile(r"[\x20-\x7e\u3000-\u9fff\uff00-\uffef]*")


def terminal_safe(text: str, *, lines: bool = False) -> str:
    """``text`` with every control character, bidi control and lone surrogate escaped.

    ``lines``: line feeds (and tabs) are kept, for text of several lines (a table).

    >>> terminal_safe("a\\x1b]0;owned\\x07b\\nError: forged")
    'a\\\\x1b]0;owned\\\\x07b\\\\nError: forged'
    >>> terminal_safe("某某处\\u202e")
    '某某处\\\\u202e'
    >>> terminal_safe("two\\nlines\\tkept", lines=True)
    'two\\nlines\\tkept'
    """

    if _PLAIN.fullmatch(text):
        return text
    return "".join(
        char.encode("unicode_escape", "backslashreplace").decode("ascii")
        if unicodedata.category(char) in _UNSAFE_CATEGORIES and not (lines and char in "\n\t")
        else char
        for char in text
    )


def message_safe(text: str) -> str:
    """A message for stderr (``Error: …``, a warning, a log line) made safe: a line break is
    kept only before an indented line (the continuation lines of a message list its parts
    indented), so nothing in it can start a line of its own.

    >>> message_safe("two failed:\\n  a.txt: empty\\nError: forged")
    'two failed:\\n  a.txt: empty\\\\nError: forged'
    """
    return _LONE_BREAK.sub("\\\\n", terminal_safe(text, lines=True))


_LONE_BREAK = re.compile(r"\n(?![ \t])")
