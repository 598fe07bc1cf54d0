"""What a document says about itself: its title, issuer, year and announced counts.

Read from the lines before the first section: a title heading (possibly over two lines, as
State Council documents print it), a news lede (温州市水利局印发2025年工作要点,包含8个方面的
40项重点工作), or a document number (国办发〔2018〕129号). The word lists are data:
``extract/data/identity.toml``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from policykg.errors import InputError

from .lexicon import IdentityRules, alternation, identity_rules
from .numerals import NONZERO, chinese_integer
from .periods import horizon_period, plan_period
from .records import DocumentInfo, PlanPeriod, Span

_HAN = r"[\u4e00-\u9fff()]"
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_DOC_NUMBER_YEAR = re.compile(r"[〔\[(]((?:19|20)\d{2})[〕\])]\s*\d+\s*号")
_NUMERAL = rf"(\d+|[{NONZERO}]+)"
_DECLARED_SECTIONS = re.compile(_NUMERAL + r"个(?:方面|部分|板块|领域)")
_DECLARED_TASKS = re.compile(_NUMERAL + r"(?:项|条)(?:重点|主要)?(?:工作|任务|举措|措施)")
_SENTENCE_PUNCTUATION = re.compile(r"[。,;:!?]")
# 文号: an issuer's abbreviation, the year in 〔〕 (or [] ()), a serial number and 号.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[(](?:19|20)\d{2}[〕\])]\s*\d{1,5}\s*号")
# A date on a line of its own: the signature date of a document (成文日期).
_DATE_LINE = re.compile(r"^\s*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*$", re.MULTILINE)
# A bracket closing a title line: the years it covers, 实施方案(2019-2020年), or a 试行.
_TRAILING_BRACKET = re.compile(r"\([^()]{1,20}\)$")
_MAX_TITLE_LINES = 3
_MAX_TITLE_LENGTH = 80


@cache
def _issuer_pattern(rules: IdentityRules) -> re.Pattern[str]:
    suffixes = alternation(rules.issuer_suffixes)
    followers = alternation(rules.issuer_followers)
    return re.compile(rf"(?P<issuer>{_HAN}{{1,30}}?(?:{suffixes}))(?=(?:{followers})|\d{{4}}年)")


def read_identity(
    text: str, preamble: Span, trailing: Span | None = None, opening: Span | None = None
) -> DocumentInfo:
    """The title, issuer, year, 文号, date and announced counts stated in ``preamble``
    (the date may also close the document, in ``trailing``). The plan's period is the one its
    title names, or else the horizon its ``opening`` (the preamble and first section) gives."""
    rules = identity_rules()
    title, title_span = _heading_title(text, preamble, rules)
    issuer = _issuer(title or preamble.text, rules) or _issuer(preamble.text, rules)
    if title is None:
        title, title_span = _lede_title(text, preamble, issuer, rules)
    year = _year(title or "") or _year(preamble.text)
    number = _DOC_NUMBER.search(preamble.text)
    period = _period(text, title_span or _heading_line(text, preamble))
    if period is None and opening is not None:
        period = horizon_period(text, opening.start, opening.end)
    return DocumentInfo(
        title=title,
        title_span=title_span,
        issuer=issuer,
        year=year,
        declared_sections=_count(_DECLARED_SECTIONS, preamble.text),
        declared_tasks=_count(_DECLARED_TASKS, preamble.text),
        doc_number=re.sub(r"\s+", "", number.group(0)) if number else None,
        issued=_date_line(preamble.text) or _date_line(trailing.text if trailing else ""),
        period=period,
    )


def _heading_title(
    text: str, preamble: Span, rules: IdentityRules
) -> tuple[str | None, Span | None]:
    """A title printed as a heading: up to three short lines ending with a document kind."""
    lines = []
    offset = preamble.start
    for raw in preamble.text.split("\n"):
        if raw.strip():
            lines.append((offset, offset + len(raw)))
        offset += len(raw) + 1
    for first in range(len(lines)):
        for last in range(first, min(first + _MAX_TITLE_LINES, len(lines))):
            parts = [text[s:e].strip() for s, e in lines[first : last + 1]]
            joined = _without_file_suffix("".join(parts), rules)
            if len(joined) > _MAX_TITLE_LENGTH or any(
                _SENTENCE_PUNCTUATION.search(p) for p in parts
            ):
                break
            if _TRAILING_BRACKET.sub("", joined).endswith(rules.title_suffixes):
                return joined, Span.of(text, lines[first][0], lines[last][1])
    return None, None


def _heading_line(text: str, preamble: Span) -> Span | None:
    """The first line of a plan whose title ends with no kind word (某市2024年重点工作): a
    short line without sentence punctuation, where a plan names itself and its years."""
    for line in preamble.text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) > _MAX_TITLE_LENGTH or _SENTENCE_PUNCTUATION.search(stripped):
            return None
        start = text.index(stripped, preamble.start)
        return Span.of(text, start, start + len(stripped))
    return None


def _period(text: str, heading: Span | None) -> PlanPeriod | None:
    return plan_period(text, heading.start, heading.end) if heading is not None else None


def _without_file_suffix(title: str, rules: IdentityRules) -> str:
    """A title line without the file name's suffix a reposting page prints (….docx)."""
    for suffix in rules.file_suffixes:
        if title.lower().endswith(suffix):
            return title[: -len(suffix)]
    return title


def _lede_title(
    text: str, preamble: Span, issuer: str | None, rules: IdentityRules
) -> tuple[str | None, Span | None]:
    """A title composed from a lede: 温州市水利局印发2025年工作要点 → 温州市水利局2025年工作要点."""
    kinds = alternation(rules.lede_kinds)
    match = re.search(rf"((?:19|20)\d{{2}}年(?:度)?)?(?:{kinds})", preamble.text)
    if match is None:
        return None, None
    start = preamble.start + match.start()
    return f"{issuer or ''}{match.group(0)}", Span.of(text, start, start + len(match.group(0)))


def _issuer(text: str, rules: IdentityRules) -> str | None:
    match = _issuer_pattern(rules).search(text)
    if match is None:
        return None
    issuer = match["issuer"]
    for opener in rules.lede_openers:
        if issuer.startswith(opener) and len(issuer) > len(opener) + 1:
            return issuer[len(opener) :]
    return issuer


def _year(text: str) -> int | None:
    match = _YEAR.search(text) or _DOC_NUMBER_YEAR.search(text)
    return int(match.group(1)) if match else None


def _count(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    numeral = match.group(1)
    try:
        return int(numeral) if numeral.isdigit() else chinese_integer(numeral)
    except InputError:
        return None


def _date_line(text: str) -> date | None:
    """The first date printed on a line of its own (the last, in a closing block)."""
    for match in _DATE_LINE.finditer(text):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None
