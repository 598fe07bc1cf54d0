"""Read a document file: detect its format and encoding, extract its text and normalise it.

Formats and encodings are detected from the bytes, never guessed from the file name: a Word
document (.docx), an Excel workbook (.xlsx) and a PDF by their signatures; otherwise text,
decoded by its byte-order mark, then strict UTF-8, then strict GB18030 (which covers GBK and
GB2312) when the result reads as Chinese, then charset-normalizer (UTF-16 without a
byte-order mark, and others); decoded text that is an HTML page gives its article. Other
binary files are recognised by their signature or by control characters and refused with a
clear message.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from policykg.config import Limits
from policykg.errors import InputError

from .bounds import check_docx, check_html, check_xlsx
from .docx_text import docx_text, is_docx
from .html_text import html_text, looks_like_html
from .normalization import normalize_text
from .pdf_text import pdf_text
from .xlsx_text import is_xlsx, xlsx_text

log = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (not a .docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
)

# Share of Han characters among the non-ASCII letters of a GB18030 reading below which the
# reading is taken for mojibake rather than Chinese.
_MIN_HAN_SHARE = 0.6
# Share of control characters above which decoded text is taken for binary data.
_MAX_CONTROL_SHARE = 0.01
# Unicode's control characters (category Cc) but the whitespace ones: \t \n \v \f \r.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Formats whose files record merged table cells, each marked by its reader (〃).
_MERGES_MARKED = ("docx", "xlsx")

_FIX_ENCODING = "save it as UTF-8 (or GB18030) plain text and try again"


@dataclass(frozen=True, slots=True)
class SourceText:
    """A document's normalised text, where it came from and how it was encoded.
    ``merges_marked``: the file records its tables' merged cells (.docx, .xlsx) and the reader
    marked each (〃), so an empty cell of those tables is empty, not merged."""

    origin: str
    encoding: str
    text: str
    merges_marked: bool = False


def read_document(path: Path, limits: Limits | None = None) -> SourceText:
    """Read, decode and normalise the document at ``path``: a regular file (a FIFO, a
    device or a link to one is refused, never read) of at most ``limits.max_file_bytes``."""
    limits = limits or Limits()
    data = _file_bytes(path, limits)
    return decode_document(data, str(path), limits)


def _file_bytes(path: Path, limits: Limits) -> bytes:
    """The bytes of a regular file. Opened without waiting (a FIFO would wait for a writer)
    and looked at once open, so what is read is what was checked."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give the document files inside it") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a directory; give the document files inside it")
        raise InputError(
            f"{path}: is {_kind(mode)}, not a file; give the document as a regular file"
        )
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(fd).st_size
        if size > limits.max_file_bytes:
            raise InputError(f"{path}: {limits.refusal('max_file_bytes', f'{size:,} bytes')}")
        try:
            data = handle.read(limits.max_file_bytes + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    if len(data) > limits.max_file_bytes:  # it grew while being read
        found = "it grew while it was read"
        raise InputError(f"{path}: {limits.refusal('max_file_bytes', found)}")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def decode_document(data: bytes, origin: str, limits: Limits | None = None) -> SourceText:
    """Decode the bytes of a document and normalise its text."""
    limits = limits or Limits()
    if not data:
        raise InputError(f"{origin}: the file is empty; give a work plan as plain text")
    if len(data) > limits.max_file_bytes:
        found = f"{len(data):,} bytes"
        raise InputError(f"{origin}: {limits.refusal('max_file_bytes', found)}")
    if is_docx(data):
        check_docx(data, origin, limits)
        encoding, text = "docx", docx_text(data, origin)
    elif is_xlsx(data):
        check_xlsx(data, origin, limits)
        encoding, text = "xlsx", xlsx_text(data, origin)
    elif data.startswith(b"%PDF-"):
        encoding, text = "pdf", pdf_text(data, origin, limits)
    else:
        encoding, text = _decode(data, origin)
        if looks_like_html(text):
            check_html(text, origin, limits)
            encoding, text = f"html ({encoding})", html_text(text, origin)
    if not text.strip():
        raise InputError(f"{origin}: the file holds only whitespace; give a work plan as text")
    controls = len(_CONTROLS.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{origin}: looks like a binary file, not text; {_FIX_ENCODING}")
    log.debug("%s: decoded as %s", origin, encoding)
    return SourceText(origin, encoding, normalize_text(text), encoding in _MERGES_MARKED)


def _decode(data: bytes, origin: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec.removesuffix("-sig"), _strict(data, codec, origin)
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"{origin}: this is {kind}, not a text file; {_FIX_ENCODING}")
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise InputError(
                f"{origin}: is UTF-8 but byte {exc.start} is not valid UTF-8; the file is "
                f"damaged or truncated; repair it or {_FIX_ENCODING}"
            ) from exc
    decoded = _decode_chinese(data)
    if decoded is not None:
        return decoded
    if b"\x00" in data:
        raise InputError(f"{origin}: looks like a binary file, not text; {_FIX_ENCODING}")
    raise InputError(
        f"{origin}: cannot decode the text: it is neither UTF-8 nor GB18030/GBK; {_FIX_ENCODING}"
    )


def _decode_chinese(data: bytes) -> tuple[str, str] | None:
    """GB18030 when the bytes read as Chinese in it, else what charset-normalizer finds."""
    if b"\x00" not in data:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if _reads_as_chinese(text):
                return "gb18030", text
    import charset_normalizer  # here: only a text in neither UTF-8 nor GB18030 needs it

    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding and best.chaos < 0.2:
        text = str(best)
        if _reads_as_chinese(text) or text.isascii():
            return best.encoding, text
    return None


def _strict(data: bytes, codec: str, origin: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin}: starts with a {codec} byte-order mark but byte {exc.start} is not "
            f"valid {codec}; the file is damaged or truncated; {_FIX_ENCODING}"
        ) from exc


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with a few bad bytes rather than text in another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for c in text if not c.isascii())
    return non_ascii > 0 and bad <= max(1, non_ascii // 100)


def _reads_as_chinese(text: str) -> bool:
    letters = [c for c in text if not c.isascii() and c.isalpha()]
    if not letters:
        return False
    han = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    return han >= _MIN_HAN_SHARE * len(letters)
