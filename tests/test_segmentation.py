"""The jieba adapter: a private tokenizer, offsets into the text, its cache and quiet logs."""

from __future__ import annotations

import itertools
import marshal
import os
import subprocess
import sys
from pathlib import Path

import jieba

from extract.segmentation import Segmenter, default_segmenter

TEXT = "预期成果:新增中小学位1.2万个,参与人数不少于110万人次。"


def test_token_offsets_map_exactly_onto_the_text() -> None:
    segmenter = default_segmenter()
    for tokens in (segmenter.tokens(TEXT[5:], 5), segmenter.tagged(TEXT[5:], 5)):
        assert tokens[0].start == 5
        assert tokens[-1].end == len(TEXT)
        assert all(TEXT[t.start : t.end] == t.word for t in tokens)
        assert all(a.end == b.start for a, b in itertools.pairwise(tokens))


def test_the_domain_dictionary_keeps_cue_words_whole() -> None:
    words = [t.word for t in default_segmenter().tokens(TEXT)]
    assert "不少于" in words
    assert "万人次" in words


def test_tags_are_the_dictionary_tags_of_words() -> None:
    tags = {t.word: t.tag for t in default_segmenter().tagged("支持宁波大学向教育部申请")}
    assert (tags["宁波大学"], tags["支持"]) == ("nt", "v")


def test_the_adapter_never_touches_jiebas_global_tokenizer() -> None:
    default_segmenter().tokens(TEXT)
    assert jieba.dt.initialized is False


def test_the_cache_lives_in_the_configured_directory_not_tmp(tmp_path: Path) -> None:
    Segmenter(cache_dir=tmp_path).tagged("新增中小学位")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "jieba-0.42.policykg.cache",
        "jieba-0.42.policykg.tag-shards",
        "jieba-0.42.policykg.words",
    ]


def test_jieba_says_nothing_on_stderr(tmp_path: Path) -> None:
    code = "from extract.segmentation import Segmenter; Segmenter().tokens('新增学位')"
    env = {"POLICYKG_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parent.parent,
        check=True,
    )
    assert done.stderr == ""


def test_cached_tags_are_the_tags_jieba_posseg_gives(tmp_path: Path) -> None:
    import jieba.posseg

    text = "支持宁波大学向教育部申请设立浙江省职业教育研究院,推进城乡义务教育一体化"
    ours = Segmenter(cache_dir=tmp_path)
    cold = {t.word: t.tag for t in ours.tagged(text)}  # reads the dictionary of the text in
    expected = jieba.posseg.POSTokenizer(ours._tokenizer)
    theirs = {pair.word: pair.flag for pair in expected.lcut(text) if len(pair.word) > 1}
    warm = {t.word: t.tag for t in Segmenter(cache_dir=tmp_path).tagged(text)}
    assert cold == warm
    shared = [w for w in theirs if w in cold and ours.in_dictionary(w)]
    assert len(shared) >= 8
    assert {w: cold[w] for w in shared} == {w: theirs[w] for w in shared}


def test_a_tag_cache_older_than_jiebas_dictionary_is_rebuilt(tmp_path: Path) -> None:
    Segmenter(cache_dir=tmp_path).tagged("新增中小学位")
    tags = tmp_path / "jieba-0.42.policykg.tag-shards"
    tags.write_bytes(marshal.dumps({"宁波大学": "v"}))  # an older layout, and wrong
    os.utime(tags, (0, 0))
    assert Segmenter(cache_dir=tmp_path).tagged("宁波大学")[0].tag == "nt"
    assert tags.stat().st_mtime > 0


def test_a_prefix_cache_older_than_jiebas_dictionary_is_rebuilt(tmp_path: Path) -> None:
    Segmenter(cache_dir=tmp_path).tokens("新增中小学位")
    cache = tmp_path / "jieba-0.42.policykg.cache"
    cache.write_bytes(marshal.dumps(({"宁": 1}, 1)))
    os.utime(cache, (0, 0))
    (tmp_path / "jieba-0.42.policykg.words").unlink()  # made from the prefix cache
    assert [t.word for t in Segmenter(cache_dir=tmp_path).tokens("宁波大学")] == ["宁波大学"]
    assert cache.stat().st_mtime > 0


def test_jieba_loads_without_pkg_resources_and_leaves_it_importable(tmp_path: Path) -> None:
    code = (
        "import sys; from extract.segmentation import Segmenter;"
        "words = [t.word for t in Segmenter().tokens('新增中小学位1.2万个')];"
        "print('pkg_resources' in sys.modules, words[0]);"
        "import pkg_resources; print(pkg_resources.__name__)"
    )
    env = {"POLICYKG_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parent.parent,
        check=True,
    )
    assert done.stdout.split() == ["False", "新增", "pkg_resources"]


def test_words_are_cut_alike_from_the_word_cache_and_without_it(tmp_path: Path) -> None:
    text = "全面落实立德树人根本任务,新增中小学位1.2万个,市教育局牵头,各区县(市)政府负责"
    cold = Segmenter(cache_dir=tmp_path)
    expected = [(t.word, t.tag, cold.in_dictionary(t.word)) for t in cold.tagged(text)]
    warm = Segmenter(cache_dir=tmp_path)
    assert warm._tokenizer.FREQ == {}  # nothing read before a text asks for it
    assert [(t.word, t.tag, warm.in_dictionary(t.word)) for t in warm.tagged(text)] == expected
    assert len(warm._tokenizer.FREQ) < len(cold._tokenizer.FREQ)


def test_a_word_cache_of_other_dictionaries_is_rebuilt(tmp_path: Path) -> None:
    Segmenter(cache_dir=tmp_path).tokens("新增中小学位")
    words = tmp_path / "jieba-0.42.policykg.words"
    key, total, tags, forced, shards = marshal.loads(words.read_bytes())
    shards["万"] = marshal.dumps({"万": 1})  # 万人次 (ours) missing, as if userdict changed
    words.write_bytes(marshal.dumps(("another key", total, tags, forced, shards)))
    assert "万人次" in [t.word for t in Segmenter(cache_dir=tmp_path).tokens(TEXT)]
    assert marshal.loads(words.read_bytes())[0] == key
