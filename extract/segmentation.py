"""The one module that talks to jieba.

A ``Segmenter`` owns a private ``jieba.Tokenizer`` (never the global ``jieba.dt``), loads the
domain dictionary shipped in ``extract/data/userdict.txt``, keeps jieba's dictionary cache in
policykg's cache directory rather than in ``/tmp``, and keeps jieba's logging quiet. Tokens
carry offsets into the text they were cut from, checked against it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from policykg.errors import InternalError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text at ``[start, end)``, with its part-of-speech tag where asked for."""

    start: int
    end: int
    word: str
    tag: str = ""


def cache_directory() -> Path:
    """Where jieba's dictionary cache lives: $POLICYKG_CACHE_DIR, else the user cache dir."""
    configured = os.environ.get("POLICYKG_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policykg"


class Segmenter:
    """Cuts text into words (and tags them) with a private jieba tokenizer."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        directory = cache_dir or cache_directory()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            log.debug("cache directory %s is not writable; jieba will not cache", directory)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.tmp_dir = str(directory)
        self._tokenizer.cache_file = "jieba.policykg.cache"
        dictionary = resources.files("extract").joinpath("data", "userdict.txt")
        with resources.as_file(dictionary) as path:
            self._tokenizer.load_userdict(str(path))
        self._tagger = jieba.posseg.POSTokenizer(self._tokenizer)

    def tokens(self, text: str, offset: int = 0) -> tuple[Token, ...]:
        """The words of ``text``; offsets are shifted by ``offset`` (where ``text`` starts)."""
        return tuple(
            Token(offset + start, offset + end, word)
            for word, start, end in self._tokenizer.tokenize(text)
        )

    def tagged(self, text: str, offset: int = 0) -> tuple[Token, ...]:
        """The words of ``text`` with their part-of-speech tags (slower: tag only where needed)."""
        tokens = []
        position = 0
        for pair in self._tagger.cut(text):
            word = pair.word
            if text[position : position + len(word)] != word:
                raise InternalError(f"jieba token {word!r} does not match the text at {position}")
            tokens.append(Token(offset + position, offset + position + len(word), word, pair.flag))
            position += len(word)
        if position != len(text):
            raise InternalError("jieba's tags do not cover the whole text")
        return tuple(tokens)


@cache
def default_segmenter() -> Segmenter:
    """The segmenter of this process, made on first use (loading jieba takes about a second)."""
    return Segmenter()
