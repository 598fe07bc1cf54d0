"""Small files that describe a great deal, made on the fly (never committed): a .docx cell
spanning millions of columns, a .docx that unzips to hundreds of megabytes, PDFs drawing
millions of characters or line segments, a web page nested hundreds of levels deep."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

PLAN_LINES = (
    "某市教育局2024年工作要点",
    "一、加强党的建设",
    "1.深化主题教育成果",
    "责任处室:组织处",
)


def docx_bytes(cell_span: int = 1, padding: int = 0) -> bytes:
    """A .docx holding a small plan and a table whose first cell spans ``cell_span`` grid
    columns, with ``padding`` bytes of zeros in a media part (they zip to almost nothing)."""
    import docx

    document = docx.Document()
    for line in PLAN_LINES:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "任务"
    table.rows[0].cells[1].text = "责任单位"
    table.rows[0].cells[0]._tc.get_or_add_tcPr().grid_span = cell_span
    buffer = io.BytesIO()
    document.save(buffer)
    if not padding:
        return buffer.getvalue()
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/padding.bin", "w", force_zip64=True) as part,
    ):
        chunk = bytes(1 << 20)
        for _ in range(padding >> 20):
            part.write(chunk)
    return buffer.getvalue()


def pdf_bytes(content: bytes) -> bytes:
    """A one-page PDF whose page draws ``content`` (a content stream, compressed)."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def pdf_of_characters(count: int) -> bytes:
    """A PDF whose one page draws ``count`` characters (in groups of ten)."""
    return pdf_bytes(b"BT /F1 1 Tf 0 0 Td " + b"(AAAAAAAAAA) Tj " * (count // 10) + b"ET")


def pdf_of_lines(count: int) -> bytes:
    """A PDF whose one page strokes ``count`` line segments."""
    return pdf_bytes(b"0 0 m " + b"1 1 l " * count + b"S")


def nested_html(depth: int) -> str:
    """A web page whose plan sits ``depth`` elements deep."""
    plan = "".join(f"<p>{line}</p>" for line in PLAN_LINES)
    return f"<html><body>{'<div>' * depth}{plan}{'</div>' * depth}</body></html>"


def write(path: Path, data: bytes | str) -> Path:
    """``data`` written to ``path``; the path."""
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def xlsx_bytes(merged: str = "A1:B1") -> bytes:
    """An .xlsx holding a small plan, its first row merged over the range ``merged`` (written
    into the sheet's XML as it is: openpyxl would make every covered cell)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row, line in enumerate(("序号", *PLAN_LINES), start=1):
        sheet.cell(row=row, column=1, value=line)
    sheet.merge_cells("A1:B1")
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'ref="A1:B1"', f'ref="{merged}"'.encode())
            archive.writestr(info, data)
    return out.getvalue()
