"""jieba's dictionaries cached in shards, so that a process unpacks only what its texts need.

A process that builds one plan cuts a few hundred distinct characters' worth of words and tags
a few thousand words; unpacking all of jieba's 498,000 prefixes and 349,000 tags costs more
than the cutting. ``WordTable`` holds the prefix dictionary (jieba's words and ours, with
their frequencies) in one shard per first character, read into the tokenizer's dictionary as
the texts bring new characters; ``TagTable`` holds word → tag in shards by CRC-32, read as
words are tagged. Both are written atomically and rebuilt when what they were made from
changes (docs/performance.md has the figures).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_TAG_SHARDS = 1 << 16  # a power of two: a word's shard is its CRC-32's low bits


def jieba_dictionary(jieba_file: str) -> Path:
    """jieba's own dictionary file (beside its ``__init__``), the source of both tables."""
    return Path(jieba_file).parent / "dict.txt"


def is_stale(cache: Path, source: Path) -> bool:
    """Whether ``source`` changed after ``cache`` was written from it."""
    return cache.stat().st_mtime < source.stat().st_mtime


def write_atomically(path: Path, payload: bytes) -> bool:
    """Write a cache whole or not at all (another process may read it meanwhile)."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(payload)
        temp.replace(path)
    except OSError:
        temp.unlink(missing_ok=True)
        return False
    return True


def dictionary_key(source: Path, ours: Iterable[bytes]) -> str:
    """What a word table is made from: jieba's dictionary file (size, time) and our words."""
    stat = source.stat()
    digest = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    for part in ours:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


class WordTable:
    """A tokenizer's prefix dictionary (``FREQ``) by first character, and what else adding
    our words changed in jieba: the total frequency, the user tags, forced splits."""

    def __init__(
        self,
        key: str,
        total: int,
        user_tags: dict[str, str],
        force_split: frozenset[str],
        shards: dict[str, bytes],
    ) -> None:
        self.key, self.total, self.user_tags = key, total, user_tags
        self.force_split, self.shards = force_split, shards
        self._loaded: set[str] = set()

    @classmethod
    def of_tokenizer(cls, key: str, tokenizer: Any, force_split: frozenset[str]) -> WordTable:
        """The table of a loaded tokenizer; its dictionary counts as read already."""
        by_first: dict[str, dict[str, int]] = {}
        for word, frequency in tokenizer.FREQ.items():
            by_first.setdefault(word[0], {})[word] = frequency
        shards = {first: marshal.dumps(words) for first, words in sorted(by_first.items())}
        table = cls(key, tokenizer.total, dict(tokenizer.user_word_tag_tab), force_split, shards)
        table._loaded.update(shards)
        return table

    @classmethod
    def read(cls, path: Path, key: str) -> WordTable | None:
        """The table cached at ``path`` if it was made from what ``key`` names, else None."""
        try:
            cached = marshal.loads(path.read_bytes())
            if not (isinstance(cached, tuple) and len(cached) == 5 and cached[0] == key):
                return None
            _, total, user_tags, force_split, shards = cached
            return cls(key, total, user_tags, frozenset(force_split), shards)
        except (OSError, EOFError, ValueError, TypeError):
            return None

    def payload(self) -> bytes:
        """The bytes of the cache file."""
        fields = (self.key, self.total, self.user_tags, sorted(self.force_split), self.shards)
        return marshal.dumps(fields)

    def cover(self, text: str, frequencies: dict[str, int]) -> None:
        """Read into ``frequencies`` the words that start with a character of ``text`` not
        read yet: jieba looks up only fragments of the text it cuts."""
        for first in set(text).difference(self._loaded):
            self._loaded.add(first)
            shard = self.shards.get(first)
            if shard is not None:
                frequencies.update(marshal.loads(shard))


class TagTable:
    """jieba's word → tag table in shards chosen by CRC-32 of a word's UTF-8 bytes (stable
    across processes, unlike ``hash``); each a marshalled dict, read when first looked up."""

    def __init__(self, shards: tuple[bytes, ...]) -> None:
        if not isinstance(shards, tuple) or len(shards) != _TAG_SHARDS:
            raise ValueError("the tag cache has another layout")
        self.shards = shards

    @classmethod
    def of_dictionary(cls, dictionary: Path) -> TagTable:
        """The table of a dictionary in jieba's format (``word frequency tag`` a line)."""
        shards: list[dict[str, str]] = [{} for _ in range(_TAG_SHARDS)]
        with dictionary.open("rb") as handle:
            for raw in handle:
                parts = raw.decode("utf-8").split()
                if len(parts) == 3:
                    shards[_shard(parts[0])][parts[0]] = parts[2]
        return cls(tuple(marshal.dumps(shard) for shard in shards))

    def tag(self, word: str) -> str:
        """The dictionary's tag of ``word``, or ``x`` for a word it lacks."""
        shard: dict[str, str] = marshal.loads(self.shards[_shard(word)])
        return shard.get(word, "x")


def _shard(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) & (_TAG_SHARDS - 1)
