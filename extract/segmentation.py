"""The one module that talks to jieba.

A ``Segmenter`` owns a private ``jieba.Tokenizer`` (never the global ``jieba.dt``), adds the
words the quantity rules read whole (measure words and cues of ``data/quantities.toml``: one
list, not a copy of it) and the domain dictionary ``extract/data/userdict.txt`` (words no rule
file lists; no word there may serve one document only, tests/test_generality.py), keeps
jieba's dictionary cache in policykg's cache directory rather than in ``/tmp``, and keeps
jieba's logging quiet. Tokens carry offsets into the text they were cut from, checked against it.

Part-of-speech tags are the tags jieba's dictionary gives each word (what ``jieba.posseg``
gives a dictionary word), read once into a cache of shards (``TagTable``) of which a process
unpacks only those of the words it tags; ``jieba.posseg`` itself is never imported: it builds
a tagger over the whole dictionary in every process. Words the dictionary lacks get the tag
``x``; ours (``userdict.txt``, the quantity words) override jieba's. Both caches are rebuilt
when jieba's dictionary is newer than they are (docs/performance.md has the figures).
"""

from __future__ import annotations

import importlib
import io
import logging
import marshal
import os
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType

from policykg.errors import InternalError

from .lexicon import quantity_words
from .word_tables import (
    TagTable,
    WordTable,
    dictionary_key,
    is_stale,
    jieba_dictionary,
    write_atomically,
)

log = logging.getLogger(__name__)

# Named for the jieba version, so that an upgrade never reads an older dictionary's cache.
_CACHE_FILE = "jieba-0.42.policykg.cache"
# Not ".tags": that file holds a plain dict, which an older policykg still reads.
_TAGS_FILE = "jieba-0.42.policykg.tag-shards"
_WORDS_FILE = "jieba-0.42.policykg.words"
_RECENT_TEXTS = 512


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text at ``[start, end)``, with its part-of-speech tag where asked for."""

    start: int
    end: int
    word: str
    tag: str = ""


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a text in order, none overlapping: ``words[i]`` is at
    ``[starts[i], ends[i])``."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


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
        jieba = _jieba()
        jieba.setLogLevel(logging.WARNING)
        directory = cache_dir or cache_directory()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            log.debug("cache directory %s is not writable; jieba will not cache", directory)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.tmp_dir = str(directory)
        self._tokenizer.cache_file = _CACHE_FILE
        self._dictionary = jieba_dictionary(jieba.__file__ or "")
        userdict = resources.files("extract").joinpath("data", "userdict.txt").read_bytes()
        ours = quantity_words()
        key = dictionary_key(self._dictionary, (userdict, repr(ours).encode("utf-8")))
        words_cache = directory / _WORDS_FILE
        words = WordTable.read(words_cache, key)
        if words is None:
            words = self._add_words(jieba, directory / _CACHE_FILE, userdict, ours, key)
            if not write_atomically(words_cache, words.payload()):
                log.debug("cannot write the word cache %s", words_cache)
        else:
            self._tokenizer.FREQ, self._tokenizer.total = {}, words.total
            self._tokenizer.user_word_tag_tab = dict(words.user_tags)
            self._tokenizer.initialized = True
            for word in words.force_split:
                jieba.finalseg.add_force_split(word)
        self._words = words
        self._tags_cache = directory / _TAGS_FILE
        self._tag_table: TagTable | None = None  # read on the first call of tagged()
        self._user_tags: dict[str, str] = {}
        self._word_tags: dict[str, str] = {}  # the tag of each word looked up so far
        self._recent: dict[str, list[tuple[str, int, int]]] = {}
        self._recent_words: dict[tuple[str, int], Words] = {}

    def _add_words(
        self,
        jieba: ModuleType,
        cache: Path,
        userdict: bytes,
        ours: tuple[tuple[str, str], ...],
        key: str,
    ) -> WordTable:
        """jieba's dictionary with ours added, made the slow way (a cache missing or out of
        date): jieba's prefix dictionary, then our words through jieba's own calls."""
        self._load_dictionary(cache)
        forced = set(jieba.finalseg.Force_Split_Words)
        self._tokenizer.load_userdict(io.BytesIO(userdict))
        for word, tag in ours:
            self._tokenizer.add_word(word, tag=tag)
        added = frozenset(jieba.finalseg.Force_Split_Words) - forced
        return WordTable.of_tokenizer(key, self._tokenizer, added)

    def _load_dictionary(self, cache: Path) -> None:
        """Load jieba's prefix dictionary from jieba's cache in one read.

        jieba reads its cache with ``marshal.load(file)``, slower on CPython 3.11 than
        ``marshal.loads`` of the bytes. Where the cache is missing or unreadable, jieba builds
        the dictionary and writes the cache itself.
        """
        try:
            if is_stale(cache, self._dictionary):
                # jieba trusts a cache of its default dictionary whatever its age.
                cache.unlink()
                raise ValueError("jieba's dictionary is newer than its cache")
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

    def words(self, text: str, offset: int = 0) -> Words:
        """The words of ``text`` as three columns (what the targets and mentions of a field
        read: making a ``Token`` of each word cost more than cutting the text); remembered
        for the last few hundred texts, as the targets and the mentions ask for the same."""
        key = (text, offset)
        words = self._recent_words.get(key)
        if words is None:
            if len(self._recent_words) >= _RECENT_TEXTS:
                self._recent_words.clear()
            columns = tuple(zip(*self._cut(text), strict=True)) or ((), (), ())
            shift = offset.__add__
            words = self._recent_words[key] = Words(
                columns[0], tuple(map(shift, columns[1])), tuple(map(shift, columns[2]))
            )
        return words

    def _cut(self, text: str) -> list[tuple[str, int, int]]:
        """jieba's words of ``text``, remembered for the last few hundred texts: the targets
        and the mentions of a field read the same words."""
        words = self._recent.get(text)
        if words is None:
            if len(self._recent) >= _RECENT_TEXTS:
                self._recent.clear()
            self._words.cover(text, self._tokenizer.FREQ)
            words = self._recent[text] = list(self._tokenizer.tokenize(text))
        return words

    def in_dictionary(self, word: str) -> bool:
        """Whether ``word`` is a word of jieba's dictionary or ours, not one jieba's HMM
        guessed (名市 in 100名市管企业)."""
        self._words.cover(word[:1], self._tokenizer.FREQ)
        frequency: int = self._tokenizer.FREQ.get(word, 0)
        return frequency > 0

    def tagged(self, text: str, offset: int = 0) -> tuple[Token, ...]:
        """The words of ``text`` with their part-of-speech tags (slower: tag only where needed)."""
        tokens = []
        for word, start, end in self._cut(text):
            if text[start:end] != word:
                raise InternalError(f"jieba token {word!r} does not match the text at {start}")
            tokens.append(Token(offset + start, offset + end, word, self._tag(word)))
        return tuple(tokens)

    def _tag(self, word: str) -> str:
        """The tag of ``word``: ours where our dictionaries give one, else jieba's, else x."""
        tag = self._word_tags.get(word)
        if tag is None:
            if self._tag_table is None:
                self._tag_table = self._load_tag_table()
                self._user_tags = dict(getattr(self._tokenizer, "user_word_tag_tab", {}))
            tag = self._user_tags.get(word) or self._tag_table.tag(word)
            self._word_tags[word] = tag
        return tag

    def _load_tag_table(self) -> TagTable:
        try:
            if is_stale(self._tags_cache, self._dictionary):
                raise ValueError("jieba's dictionary is newer than the tag cache")
            return TagTable(marshal.loads(self._tags_cache.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError):
            table = TagTable.of_dictionary(self._dictionary)
            if not write_atomically(self._tags_cache, marshal.dumps(table.shards)):
                log.debug("cannot write the tag cache %s", self._tags_cache)
            return table


def _jieba() -> ModuleType:
    """jieba, imported without pkg_resources where nothing has imported it yet.

    jieba's ``_compat`` reads its package files through pkg_resources when it can import it,
    else it opens the very same files itself; importing pkg_resources (all of setuptools'
    vendored packages) costs more than the rest of jieba's import.
    """
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # ImportError on import
    try:
        return importlib.import_module("jieba")
    finally:
        if blocked and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]


@cache
def default_segmenter() -> Segmenter:
    """The segmenter of this process, made on first use (loading jieba takes about a second)."""
    return Segmenter()
