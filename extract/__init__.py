"""Text → records: reading and decoding documents, normalising text, parsing a plan's structure,
and extracting each task's units, targets and mentions, every record with its span."""

from __future__ import annotations

from policykg.lazy_exports import lazy_exports

# The public API: each name and the module that defines it, imported when first used (the
# command line starts without loading what a command does not need).
_EXPORTS = {
    "read_progress": "extract.progress_entries",
    "ProgressDocument": "extract.progress_entries",
    "Details": "extract.details",
    "Document": "extract.records",
    "DocumentInfo": "extract.records",
    "Field": "extract.records",
    "FieldKind": "extract.records",
    "Mention": "extract.records",
    "Section": "extract.records",
    "SourceText": "extract.reading",
    "Span": "extract.records",
    "Target": "extract.records",
    "Task": "extract.records",
    "UnitRef": "extract.records",
    "decode_document": "extract.reading",
    "extract_details": "extract.details",
    "normalize_text": "extract.normalization",
    "parse_plan": "extract.structure",
    "parse_source": "extract.structure",
    "read_document": "extract.reading",
    "xlsx_text": "extract.xlsx_text",
}
__all__ = [
    "Details",
    "Document",
    "DocumentInfo",
    "Field",
    "FieldKind",
    "Mention",
    "ProgressDocument",
    "Section",
    "SourceText",
    "Span",
    "Target",
    "Task",
    "UnitRef",
    "decode_document",
    "extract_details",
    "normalize_text",
    "parse_plan",
    "parse_source",
    "read_document",
    "read_progress",
    "xlsx_text",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
