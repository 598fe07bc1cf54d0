"""A store is rebuilt in a copy beside it and exchanged into place between readers."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest

from graph.staging import ReadLock, copy_store, publish_store, staging_directory
from graph.store import PlanStore
from policykg.config import BuildConfig
from policykg.pipeline import build

from .conftest import EXAMPLE

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ASK_EDITED = "ASK { ?text pk:content ?c FILTER(CONTAINS(?c, '1.3万个')) }"


def _count(store: Path) -> int:
    with PlanStore(store, writable=False) as reader:
        return int(str(reader.query(COUNT).rows[0][0]))


def test_a_rebuild_leaves_the_new_state_in_place_and_no_copy_beside_it(tmp_path: Path) -> None:
    plan, store = tmp_path / "ningbo.txt", tmp_path / "store"
    text = EXAMPLE.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    build([plan], tmp_path / "out", BuildConfig(), store_dir=store)
    plan.write_text(text.replace("1.2万个", "1.3万个"), encoding="utf-8")
    build([plan], tmp_path / "out", BuildConfig(), store_dir=store)
    with PlanStore(store, writable=False) as reader:
        found = reader.query(ASK_EDITED).boolean
    assert found  # the edited text is in the store the readers open
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".store.lock"]


def test_the_copy_shares_the_table_files_and_leaves_the_lock_and_logs(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([EXAMPLE], tmp_path / "out", BuildConfig(), store_dir=store)
    copy = staging_directory(store)
    copy_store(store, copy)
    tables = sorted(p.name for p in store.glob("*.sst"))
    assert tables
    assert all((copy / n).stat().st_ino == (store / n).stat().st_ino for n in tables)
    assert not any(p.name == "LOCK" or p.name.startswith("LOG") for p in copy.iterdir())
    assert _count(copy) == _count(store)


def test_the_exchange_waits_for_a_reader_to_close(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([EXAMPLE], tmp_path / "out", BuildConfig(), store_dir=store)
    copy = staging_directory(store)
    copy_store(store, copy)
    (copy / "mark").write_text("the new state")
    reader = ReadLock(store)
    exchange = threading.Thread(target=publish_store, args=(copy, store))
    exchange.start()
    time.sleep(0.3)
    assert not (store / "mark").exists()  # the reader still reads the old state
    reader.release()
    exchange.join(timeout=10)
    assert (store / "mark").exists()
    assert not copy.exists()  # the old state, exchanged to the copy's place, is gone
    assert _count(store) > 0


def test_a_reader_locks_a_new_store_in_a_directory_it_may_not_write(tmp_path: Path) -> None:
    home = tmp_path / "shared"
    home.mkdir()
    store = home / "store"
    build([EXAMPLE], tmp_path / "out", BuildConfig(), store_dir=store)
    assert (home / ".store.lock").is_file()  # made with the store, for readers to share
    home.chmod(0o555)
    try:
        reader = ReadLock(store)
        probe = os.open(home / ".store.lock", os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):  # the exchange would wait for this reader
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            reader.release()
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(probe)
    finally:
        home.chmod(0o755)
