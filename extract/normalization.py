"""Normalise document text once, before any offset is taken.

Line endings become ``\\n``; the text is put in Unicode NFC; full-width ASCII forms
(``：（），１２３Ａ``) fold to their ASCII counterparts and the ideographic space to a space;
invisible format characters (zero-width spaces, soft hyphens, stray byte-order marks) go, and
so do bidi controls (U+202E, U+200F …), which make a name display as another.
control characters other than tab and line feed go. Chinese punctuation with no ASCII
counterpart (、。“”《》) is kept as written.
"""

from __future__ import annotations

import unicodedata

# U+FF01..U+FF5E are the full-width forms of ASCII '!'..'~'.
_FOLD: dict[int, str] = {0xFF01 + i: chr(0x21 + i) for i in range(0x5E)}
_FOLD.update({0x3000: " ", 0x00A0: " "})
_FOLD.update(dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD), ""))
# The bidi formatting characters (UAX #9: marks, embeddings, overrides, isolates).
_FOLD.update(
    dict.fromkeys((0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)), "")
)
# C0 and C1 control characters other than tab and line feed carry no text (NUL bytes
# in a damaged file, form feeds between pages): they go too.
_FOLD.update(dict.fromkeys((c for c in range(0x20) if c not in (0x09, 0x0A)), ""))
_FOLD.update(dict.fromkeys(range(0x7F, 0xA0), ""))

NORMALIZATION_NOTE = (
    "UTF-8; line endings LF; Unicode NFC; full-width ASCII forms and U+3000 folded to ASCII; "
    "zero-width characters and bidi controls removed"
)


def normalize_text(text: str) -> str:
    """The normalised form of ``text`` that every offset refers to.

    >>> normalize_text("问题描述：部分学校\\r\\n责任处室（单位）")
    '问题描述:部分学校\\n责任处室(单位)'
    >>> normalize_text("责任处室:\\u202e处育教\\u202c、\\u200f财务处")
    '责任处室:处育教、财务处'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # before \r is dropped below
    return unicodedata.normalize("NFC", text).translate(_FOLD)
