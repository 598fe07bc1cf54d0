"""Reading documents: encodings are detected from the bytes; bad files get a clear error."""

from __future__ import annotations

import codecs
import zlib
from pathlib import Path

import pytest

from extract.normalization import normalize_text
from extract.reading import decode_document, read_document
from policykg.errors import InputError

from .conftest import CORPUS, EXAMPLE

SAMPLE = (
    "宁波市教育局2024年工作要点\n一、坚持和加强党的全面领导\n1.激发党组织领导的校长负责制制度优势\n"
)


@pytest.mark.parametrize(
    ("payload", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf_16_le"),
        (SAMPLE.encode("utf-16-be"), "utf_16_be"),
    ],
)
def test_encodings_are_detected_from_the_bytes(payload: bytes, encoding: str) -> None:
    source = decode_document(payload, "plan.txt")
    assert (source.encoding, source.text) == (encoding, SAMPLE)


def test_a_gbk_file_named_txt_reads_like_its_utf8_original(tmp_path: Path) -> None:
    original = (CORPUS / "guowuyuan-consumption-poverty-alleviation-2018.txt").read_text("utf-8")
    path = tmp_path / "plan.txt"
    path.write_bytes(original.encode("gbk"))
    assert read_document(path).text == normalize_text(original)


def test_the_example_text_is_already_normal() -> None:
    raw = EXAMPLE.read_text(encoding="utf-8")
    assert read_document(EXAMPLE).text == raw


def test_normalisation_folds_line_endings_and_full_width_punctuation() -> None:
    raw = "问题描述：部分\r\n学校（单位）\r目标任务： ５Ａ\u3000等级\u200b\n"
    assert normalize_text(raw) == "问题描述:部分\n学校(单位)\n目标任务: 5A 等级\n"


def test_normalisation_composes_to_nfc() -> None:
    assert normalize_text("e\u0301") == "\u00e9"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "plan.txt: the file is empty; give a work plan as plain text"),
        (b" \n\t\r\n ", "plan.txt: the file holds only whitespace; give a work plan as text"),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(64),
            "plan.txt: this is a PNG image, not a text file; "
            "save it as UTF-8 (or GB18030) plain text and try again",
        ),
        (
            b"PK\x03\x04" + zlib.compress(SAMPLE.encode()),
            "plan.txt: this is a ZIP archive (not a .docx), not a text file; "
            "save it as UTF-8 (or GB18030) plain text and try again",
        ),
        (
            SAMPLE.encode("utf-8")[:-2],
            f"plan.txt: is UTF-8 but byte {len(SAMPLE.encode()) - 4} is not valid UTF-8; "
            "the file is damaged or "
            "truncated; repair it or save it as UTF-8 (or GB18030) plain text and try again",
        ),
        (
            bytes(range(256)) * 8,
            "plan.txt: looks like a binary file, not text; "
            "save it as UTF-8 (or GB18030) plain text and try again",
        ),
    ],
    ids=["empty", "whitespace", "png", "zip", "truncated-utf8", "binary"],
)
def test_bad_input_is_refused_with_a_clear_message(payload: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_document(payload, "plan.txt")
    assert str(caught.value) == message


def test_a_missing_path_and_a_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file; check the path"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory; give the document files inside it"):
        read_document(tmp_path)
