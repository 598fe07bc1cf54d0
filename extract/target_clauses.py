"""The targets of one clause: each number read (``quantity_reading.py``) is weighed with the
cues before it (``达到``, ``不低于``, ``提高``: on jieba word boundaries, change cues touching
the number), kept or dropped (a determiner, a threshold that says who qualifies, a number with
no cue or measure word), and given what it measures (the words before a level, or the object a
count is of), its deadline and baseline; a clause that promises 全覆盖 gives a full-coverage
target. ``targets.py`` feeds it the clauses of a task's fields.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from .dates import find_deadline
from .lexicon import QuantityRules, any_of
from .quantity_reading import NUMBER as _NUMBER
from .quantity_reading import Cue as _Cue
from .quantity_reading import QuantityReader
from .quantity_reading import Reading as _Reading
from .records import Comparator, FieldKind, Span, Target

__all__ = ["ClauseReader"]

_BASELINE = re.compile(r"较(?P<base>[^,;。]{1,15}?)(?=提高|提升|增长|增加|下降|降低|减少|上升)")
_CHANGE_CUES = frozenset({Comparator.INCREASE_BY, Comparator.DECREASE_BY})


class ClauseReader:
    """Reads the targets of the clauses of one field."""

    def __init__(
        self,
        text: str,
        kind: FieldKind,
        rules: QuantityRules,
        *,
        boundaries: tuple[frozenset[int], frozenset[int]],
        quantities: QuantityReader,
    ) -> None:
        self.text = text
        self.kind = kind
        self.rules = rules
        self.starts, self.ends = boundaries
        self.quantities = quantities
        self._leading = (*rules.metric_leading, *rules.count_verbs)

    def read(self, start: int, end: int, sentence: int) -> list[Target]:
        """The targets of the clause ``[start, end)``; a deadline may stand anywhere in its
        sentence before it (到2022年,…建设50所…)."""
        readings = []
        position = start
        while (match := _NUMBER.search(self.text, position, end)) is not None:
            reading = self.quantities.reading(match, end)
            position = reading.end if reading else match.end()
            if reading is not None:
                readings.append(reading)
        targets: list[Target] = []
        previous: tuple[_Reading, _Cue | None, Span | None] | None = None
        origin: _Reading | None = None  # 从60%提高到80%: the level a change starts from
        for index, reading in enumerate(readings):
            following = readings[index + 1].start if index + 1 < len(readings) else None
            if self.text[reading.start - 1 : reading.start] == "从":
                origin = reading
                continue
            window = previous[0].end if previous else start
            linked = previous is not None and self._linked(previous[0].end, reading.start)
            prefix = self._prefix_cue(window, reading.start)
            if prefix is None and linked and previous is not None:
                prefix = previous[1]
            if reading.unit is None and reading.suffix is None and prefix is None:
                continue
            counted = reading.suffix is not None or self._counted(start, reading.start, prefix)
            if reading.spelled and not (linked or counted):
                continue
            if self._qualifies_a_noun(start, window, reading, prefix, following):
                continue
            metric = self._metric(
                window, reading, prefix, clause_end=end, following=following, origin=origin
            )
            if metric is None and linked and previous is not None:
                metric = previous[2]
            target = self._target(
                sentence, end, window=window, reading=reading, prefix=prefix, metric=metric
            )
            if origin is not None:
                baseline = Span.of(self.text, origin.start, origin.end)
                target = replace(
                    target,
                    baseline=baseline,
                    span=Span.of(
                        self.text, min(target.span.start, origin.start - 1), target.span.end
                    ),
                )
                origin = None
            targets.append(target)
            previous = (reading, prefix, metric)
        targets.extend(self._full_coverage(start, end, sentence))
        return targets

    # --- cues ------------------------------------------------------------------------------

    def _prefix_cue(self, window: int, number: int) -> _Cue | None:
        """The nearest cue before the number, on word boundaries.

        Change cues (提高, 下降) and one-character cues (达, 超) must touch the number: in
        学历提升(初高中)行动计划15000人 the 提升 names the plan, it does not change the count.
        A cue that touches the number needs no word boundary after it (jieba may cut 率超45%
        as 率超/45%); one further away must stand on word boundaries (not the 达 of 达标率).
        """
        best: _Cue | None = None
        by_first, text = self.rules.prefix_cues_by_first, self.text
        for start in range(number - 1, window - 1, -1):
            for cue, name in by_first.get(text[start], ()):
                end = start + len(cue)
                if end > number or not self.text.startswith(cue, start):
                    continue
                comparator = Comparator(name)
                touching = self._touches(end, number)
                if (comparator in _CHANGE_CUES or len(cue) == 1) and not touching:
                    continue
                if not touching and (start not in self.starts or end not in self.ends):
                    continue
                # Nearest end wins, then the longest: 不少于 over 少于, 提高到 over 提高.
                if best is None or (end, -start) > (best.end, -best.start):
                    best = _Cue(start, end, comparator)
        return best

    def _touches(self, cue_end: int, number: int) -> bool:
        return self.text[cue_end:number].strip() in ("", "了")

    def _counted(self, clause: int, number: int, prefix: _Cue | None) -> bool:
        """Whether the numeral is a count: a cue stands right before it (不少于两百名), or a
        count verb before it in its clause (建成三个…, 新建人才驿站三个). A numeral written in
        Chinese is a count only then, or with a cue after it (两个以上): 统筹两个市场,
        做到…四个到位 name things."""
        if prefix is not None and self._touches(prefix.end, number):
            return True
        return self._count_verb_before(clause, number)

    def _count_verb_before(self, clause: int, position: int) -> bool:
        before = self.text[clause:position]
        return any(verb in before for verb in self.rules.count_verbs)

    def _qualifies_a_noun(
        self,
        clause: int,
        window: int,
        reading: _Reading,
        prefix: _Cue | None,
        following: int | None,
    ) -> bool:
        """Whether the number says who qualifies rather than what is promised: right after a
        threshold word (年满18周岁), an age with no level cue (3岁以下婴幼儿), or bounded and
        linked to the noun it qualifies, with no count verb before it: 超过100人的企业, or
        3项以上专利的企业达到200家 (the words the next number of the clause measures)."""
        rules, text = self.rules, self.text
        if text.endswith(rules.threshold_words, window, reading.start):
            return True
        if reading.unit in rules.ages:
            return prefix is None or not self._touches(prefix.end, reading.start)
        region = text[reading.end : following if following is not None else reading.end + 1]
        linked = any(linker in region for linker in rules.qualifier_linkers)
        if reading.unit in rules.rates or not linked or self._before_a_frame(reading.end):
            return False
        comparator, _ = _weigh(reading, prefix)
        return comparator.value in rules.qualifier_comparators and not self._count_verb_before(
            clause, prefix.start if prefix else reading.start
        )

    def _before_a_frame(self, position: int) -> bool:
        """Whether a frame follows (…达到12000元的基础上): the level is a floor the plan keeps."""
        rules = self.rules
        return any(
            self.text.startswith(linker + frame, position)
            for linker in rules.qualifier_linkers
            for frame in rules.qualifier_frames
        )

    def _linked(self, previous_end: int, number: int) -> bool:
        """Whether two numbers are items of one list: 8.5%和20%."""
        return self.text[previous_end:number].strip() in self.rules.list_connectors

    # --- what is measured ------------------------------------------------------------------

    def _metric(
        self,
        window: int,
        reading: _Reading,
        prefix: _Cue | None,
        *,
        clause_end: int,
        following: int | None,
        origin: _Reading | None = None,
    ) -> Span | None:
        """The words before a level or change (优质学校占比达到60%), or the thing a plain
        count is of (建设12个区域教研共同体); the other side where that is empty."""
        before_end = prefix.start if prefix else reading.start
        if origin is not None:
            window, before_end = min(window, origin.start), min(before_end, origin.start - 1)
        baseline = _BASELINE.search(self.text, window, reading.start)
        before = self._trimmed(
            window, min(before_end, baseline.start()) if baseline else before_end
        )
        after = self._after(reading.end, clause_end, following)
        counted = (
            prefix is None and reading.unit is not None and reading.unit not in self.rules.rates
        )
        first, second = (after, before) if counted else (before, after)
        return first or second

    def _trimmed(self, start: int, end: int) -> Span | None:
        text = self.text
        while start < end and (text[start] in " \t、,和及与的" or not text[start].strip()):
            start += 1
        leading, trailing = self._leading, self.rules.metric_trailing
        # Each pass first asks whether any word is there at all (one call of C, not one per
        # word): almost no window starts or ends with one.
        while text.startswith(leading, start):
            stripped = start
            for word in leading:
                if text.startswith(word, start) and start + len(word) <= end:
                    start += len(word)
            if start == stripped:
                break
        changed = True
        while changed and end > start:
            changed = False
            while end > start and text[end - 1] in " \t的、,和及与":
                end -= 1
                changed = True
            if not text.endswith(trailing, start, end):
                continue
            for word in trailing:
                if text.endswith(word, start, end) and end - len(word) > start:
                    end -= len(word)
                    changed = True
        return Span.of(text, start, end) if end > start else None

    def _after(self, start: int, clause_end: int, following: int | None) -> Span | None:
        """The object a count is of: up to the clause end, or up to the list connector before
        the next quantity (3个示范区和8个实验区 → 示范区)."""
        if following is None:
            return self._trimmed(start, clause_end)
        region = self.text[start:following]
        cut = max(region.rfind(c) for c in "、和及与")
        return self._trimmed(start, start + cut if cut >= 0 else following)

    # --- putting it together ---------------------------------------------------------------

    def _target(
        self,
        sentence_start: int,
        clause_end: int,
        *,
        window: int,
        reading: _Reading,
        prefix: _Cue | None,
        metric: Span | None,
    ) -> Target:
        comparator, bound = _weigh(reading, prefix)
        cue = "…".join(
            self.text[c.start : c.end] for c in (prefix, reading.suffix) if c is not None
        )
        if self.text[reading.start - 1 : reading.start] == "各":
            cue = "各" + (f"…{cue}" if cue else "")
        span_start = min(
            [reading.start]
            + ([metric.start] if metric and metric.start < reading.start else [])
            + ([prefix.start] if prefix else [])
        )
        span_end = max([reading.end] + ([metric.end] if metric else []))
        verb = next(
            (v for v in self.rules.count_verbs if self.text.endswith(v, window, span_start)), None
        )
        if verb is not None:
            span_start -= len(verb)  # keep the count verb: 建设10个…
        deadline, deadline_date = self._deadline(sentence_start, clause_end)
        return Target(
            span=Span.of(self.text, span_start, span_end),
            field=self.kind,
            value_text=Span.of(self.text, reading.start, reading.number_end),
            value=reading.value,
            upper=reading.upper,
            unit=reading.unit,
            comparator=comparator,
            change_bound=bound,
            cue=cue,
            metric=metric,
            deadline=deadline,
            deadline_date=deadline_date,
            baseline=self._baseline(window, reading.start),
        )

    def _deadline(self, start: int, end: int) -> tuple[Span | None, date | None]:
        found = find_deadline(self.text, start, end)
        return found if found is not None else (None, None)

    def _baseline(self, start: int, number: int) -> Span | None:
        match = _BASELINE.search(self.text, start, number)
        return Span.of(self.text, match.start("base"), match.end("base")) if match else None

    def _full_coverage(self, start: int, end: int, sentence: int) -> list[Target]:
        if not any_of(self.rules.full_coverage).search(self.text, start, end):
            return []  # most clauses promise no coverage: one search, not one per word
        found = []
        for word in self.rules.full_coverage:
            found.extend(self._covered(word, start, end, sentence))
        return found

    def _covered(self, word: str, start: int, end: int, sentence: int) -> list[Target]:
        found = []
        position = start
        while (at := self.text.find(word, position, end)) != -1:
            position = at + len(word)
            if self.quantities.inside_name(at):
                continue
            metric = self._trimmed(start, at)
            deadline, deadline_date = self._deadline(sentence, end)
            found.append(
                Target(
                    span=Span.of(self.text, metric.start if metric else at, position),
                    field=self.kind,
                    value_text=None,
                    value=Decimal(100),
                    upper=None,
                    unit="%",
                    comparator=Comparator.FULL_COVERAGE,
                    change_bound=None,
                    cue=word,
                    metric=metric,
                    deadline=deadline,
                    deadline_date=deadline_date,
                    implied=True,
                )
            )
        return found


def _weigh(reading: _Reading, prefix: _Cue | None) -> tuple[Comparator, Comparator | None]:
    """The comparator from the cues around a number, and the bound on a change.

    下降1%以上 → decrease by, at least; 提高到35%左右 → approximately; 2-3个 → range;
    100多个 → more than; a plain count (建设10个) → equal.
    """
    suffix = reading.suffix.comparator if reading.suffix else None
    if prefix is not None and prefix.comparator in _CHANGE_CUES:
        return prefix.comparator, suffix
    if suffix is not None:
        return suffix, None
    if reading.upper is not None:
        return Comparator.RANGE, None
    if prefix is not None:
        return prefix.comparator, None
    if reading.more:
        return Comparator.MORE_THAN, None
    return Comparator.EQUAL, None
