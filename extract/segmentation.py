"""The one module that talks to jieba.

A ``Segmenter`` owns a private ``jieba.Tokenizer`` (never the global ``jieba.dt``), adds the
words the quantity rules read whole (measure words and cues of ``data/quantities.toml``: one
list, not a copy of it) and the domain dictionary ``extract/data/userdict.txt`` (words no rule
file lists; no word there may serve one document only, tests/test_generality.py), keeps
jieba's dictionary cache in policykg's cache directory rather than in ``/tmp``, and keeps
jieba's logging quiet. Tokens carry offsets into the text they were cut from, checked against it.

Part-of-speech tags are the tags jieba's dictionary gives each word (what ``jieba.posseg``
gives a dictionary word), read once and cached; ``jieba.posseg`` itself is never imported:
importing it builds a tagger over the whole 5 MB dictionary, half a second per process.
Words the dictionary lacks get the tag ``x``.
"""

from __future__ import annotations

import logging
import marshal
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from policykg.errors import InternalError

from .lexicon import quantity_words

log = logging.getLogger(__name__)

# Named for the jieba version, so that an upgrade never reads an older dictionary's cache.
_CACHE_FILE = "jieba-0.42.policykg.cache"
_TAGS_FILE = "jieba-0.42.policykg.tags"
_RECENT_TEXTS = 512


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

        jieba.setLogLevel(logging.WARNING)
        directory = cache_dir or cache_directory()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            log.debug("cache directory %s is not writable; jieba will not cache", directory)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.tmp_dir = str(directory)
        self._tokenizer.cache_file = _CACHE_FILE
        self._load_dictionary(directory / _CACHE_FILE)
        dictionary = resources.files("extract").joinpath("data", "userdict.txt")
        # An open file, not a path: jieba leaves files it opens itself unclosed.
        with resources.as_file(dictionary) as path, path.open("rb") as handle:
            self._tokenizer.load_userdict(handle)
        for word, tag in quantity_words():
            self._tokenizer.add_word(word, tag=tag)
        self._tags_cache = directory / _TAGS_FILE
        self._tags: dict[str, str] | None = None  # read on the first call of tagged()
        self._recent: dict[str, list[tuple[str, int, int]]] = {}

    def _load_dictionary(self, cache: Path) -> None:
        """Load jieba's prefix dictionary from our cache in one read.

        jieba reads its cache with ``marshal.load(file)``, which on CPython 3.11 takes twice
        as long as ``marshal.loads`` of the bytes. Where the cache is missing or unreadable,
        jieba builds the dictionary and writes the cache itself.
        """
        try:
            frequencies, total = marshal.loads(cache.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            self._tokenizer.initialize()
            return
        self._tokenizer.FREQ, self._tokenizer.total = frequencies, total
        self._tokenizer.initialized = True

    def tokens(self, text: str, offset: int = 0) -> tuple[Token, ...]:
        """The words of ``text``; offsets are shifted by ``offset`` (where ``text`` starts)."""
        return tuple(
            Token(offset + start, offset + end, word) for word, start, end in self._cut(text)
        )

    def _cut(self, text: str) -> list[tuple[str, int, int]]:
        """jieba's words of ``text``, remembered for the last few hundred texts: the targets
        and the mentions of a field read the same words."""
        words = self._recent.get(text)
        if words is None:
            if len(self._recent) >= _RECENT_TEXTS:
                self._recent.clear()
            words = self._recent[text] = list(self._tokenizer.tokenize(text))
        return words

    def in_dictionary(self, word: str) -> bool:
        """Whether ``word`` is a word of jieba's dictionary or ours, not one jieba's HMM
        guessed (名市 in 100名市管企业)."""
        frequency: int = self._tokenizer.FREQ.get(word, 0)
        return frequency > 0

    def tagged(self, text: str, offset: int = 0) -> tuple[Token, ...]:
        """The words of ``text`` with their part-of-speech tags (slower: tag only where needed)."""
        tags = self._word_tags()
        tokens = []
        for word, start, end in self._cut(text):
            if text[start:end] != word:
                raise InternalError(f"jieba token {word!r} does not match the text at {start}")
            tokens.append(Token(offset + start, offset + end, word, tags.get(word, "x")))
        return tuple(tokens)

    def _word_tags(self) -> dict[str, str]:
        """Word → part-of-speech tag, from jieba's dictionary and ours (cached)."""
        if self._tags is None:
            try:
                self._tags = marshal.loads(self._tags_cache.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                self._tags = self._read_word_tags()
                self._write_cache(self._tags_cache, marshal.dumps(self._tags))
            self._tags.update(self._tokenizer_user_tags())
        return self._tags

    def _read_word_tags(self) -> dict[str, str]:
        tags: dict[str, str] = {}
        with self._tokenizer.get_dict_file() as handle:
            for raw in handle:
                parts = raw.decode("utf-8").split()
                if len(parts) == 3:
                    tags[parts[0]] = parts[2]
        return tags

    def _tokenizer_user_tags(self) -> dict[str, str]:
        return dict(getattr(self._tokenizer, "user_word_tag_tab", {}))

    @staticmethod
    def _write_cache(path: Path, payload: bytes) -> None:
        try:
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            temp.write_bytes(payload)
            temp.replace(path)
        except OSError:
            log.debug("cannot write the tag cache %s", path)


@cache
def default_segmenter() -> Segmenter:
    """The segmenter of this process, made on first use (loading jieba takes about a second)."""
    return Segmenter()
