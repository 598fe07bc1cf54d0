"""Write N realistic work plans for the benchmark, from the tasks of the bundled example.

Every plan is a recombination of the example's tasks: a random issuer (a city and a bureau)
and year, 3–10 sections, the tasks drawn from the example's pool, renumbered, their unit lists
redrawn from an office pool, and the numbers in their expected results varied. Sizes range
from about 5 to 60 KB. The same seed gives the same corpus, byte for byte; nothing is
downloaded.

    python bench/make_corpus.py DIR [-n 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "ningbo-edu-2024.txt"
SECTION = re.compile(r"^[一二三四五六七八九十]+、")
TASK = re.compile(r"^\d+\.")
UNIT_LINE = re.compile(r"^(责任处室|牵头处室|责任单位):")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
NUMERALS = "一二三四五六七八九十"
CITIES = [
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
    "南京市",
    "苏州市",
    "无锡市",
    "合肥市",
    "福州市",
    "厦门市",
    "济南市",
    "青岛市",
    "郑州市",
    "武汉市",
    "长沙市",
    "广州市",
    "深圳市",
    "成都市",
    "重庆市",
    "西安市",
]
DISTRICTS = ["", "城区", "开发区"]
BUREAUS = ["教育局", "卫生健康委员会", "人力资源和社会保障局", "民政局", "科学技术局"]
UNIT_SEPARATORS = re.compile(r"[、,,;;]")
PLACEHOLDERS = ["各有关处室", "各区县(市)", "有关单位"]


@dataclass(frozen=True)
class Block:
    """A task of the example as printed: its heading (without number) and field lines."""

    title: str
    lines: tuple[str, ...]


def office_pool(blocks: list[Block]) -> list[str]:
    """Every office named in the example's unit lines (placeholders left out)."""
    offices = set()
    for block in blocks:
        for line in block.lines:
            if UNIT_LINE.match(line):
                for item in UNIT_SEPARATORS.split(line.split(":", 1)[1]):
                    name = re.sub(r"\(.*?\)", "", item).strip()
                    if name and not name.startswith(("各", "有关")):
                        offices.add(name)
    return sorted(offices)


def task_pool(text: str) -> tuple[list[str], list[Block]]:
    """The example's section titles and its tasks."""
    sections: list[str] = []
    blocks: list[Block] = []
    current: list[str] | None = None
    for line in text.split("\n"):
        if SECTION.match(line):
            sections.append(SECTION.sub("", line))
            current = None
        elif TASK.match(line):
            current = [TASK.sub("", line)]
            blocks.append(Block(current[0], ()))
        elif current is not None and line.strip():
            blocks[-1] = Block(blocks[-1].title, (*blocks[-1].lines, line))
    return sections, blocks


def vary_numbers(line: str, rng: random.Random) -> str:
    """The numbers of a line scaled by a factor between 0.5 and 2 (years left alone)."""

    def scaled(match: re.Match[str]) -> str:
        text = match.group(0)
        if len(text) == 4 and text.startswith(("19", "20")):
            return text
        value = Decimal(text) * Decimal(rng.choice(["0.5", "0.8", "1.2", "1.5", "2"]))
        decimals = len(text.split(".")[1]) if "." in text else 0
        return f"{value:.{decimals}f}"

    return NUMBER.sub(scaled, line)


def task_text(number: int, block: Block, rng: random.Random, offices: list[str]) -> list[str]:
    lines = [f"{number}.{block.title}"]
    for line in block.lines:
        if UNIT_LINE.match(line):
            units = rng.sample(offices, rng.randint(1, 6))
            if rng.random() < 0.15:
                units.append(rng.choice(PLACEHOLDERS))
            lines.append(f"{line.split(':', 1)[0]}:{'、'.join(units)}")
        elif line.startswith("预期成果"):
            lines.append(vary_numbers(line, rng))
        else:
            lines.append(line)
    return lines


def make_plan(  # noqa: PLR0917 - a script's helper, called once
    index: int,
    rng: random.Random,
    identity: tuple[str, int],
    sections: list[str],
    pool: list[Block],
    offices: list[str],
) -> str:
    issuer, year = identity
    size = rng.randint(5_000, 55_000)  # bytes, roughly
    per_task = sum(len("\n".join(b.lines).encode()) for b in pool) / len(pool)
    tasks = max(3, round(size / per_task))
    section_count = min(rng.randint(3, 10), tasks)
    lines = [
        f"近日,{issuer}印发{year}年工作要点,包含{section_count}个方面的{tasks}项重点工作。"
        f"(第{index + 1}号)具体如下:"
    ]
    chosen = [rng.choice(pool) for _ in range(tasks)]
    cuts = sorted(rng.sample(range(1, tasks), section_count - 1)) if section_count > 1 else []
    number = 0
    for s, (start, end) in enumerate(zip([0, *cuts], [*cuts, tasks], strict=True)):
        lines.append(f"{NUMERALS[s]}、{rng.choice(sections)}")
        for block in chosen[start:end]:
            number += 1
            lines.extend(task_text(number, block, rng, offices))
    return "\n".join(lines) + "\n"


def write_corpus(directory: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` plans into ``directory``; the same seed, the same bytes."""
    sections, pool = task_pool(EXAMPLE.read_text(encoding="utf-8"))
    offices = office_pool(pool)
    rng = random.Random(seed)
    # Every plan a bureau's plan of one year: no two share issuer, year and title.
    identities = [
        (city + district + bureau, year)
        for city in CITIES
        for district in DISTRICTS
        for bureau in BUREAUS
        for year in range(2019, 2027)
    ]
    chosen = rng.sample(identities, count)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"plan-{index:05d}.txt"
        text = make_plan(index, rng, chosen[index], sections, pool, offices)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def chinese_numeral(number: int) -> str:
    """一 … 九十九, as section headings number themselves."""
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")


def write_long_plan(path: Path, megabytes: float, seed: int = 7) -> Path:
    """One plan of about ``megabytes`` MB: the example's tasks drawn again and again, in
    sections of up to 999 tasks numbered from 1 in each (one issuer, one year)."""
    sections, pool = task_pool(EXAMPLE.read_text(encoding="utf-8"))
    offices = office_pool(pool)
    rng = random.Random(seed)
    lines = ["宁波市某区教育局2025年重点工作任务分解", ""]
    size, section, number = 0, 0, 999
    while size < megabytes * 1e6:
        if number == 999:
            section, number = section + 1, 0
            lines.append(f"{chinese_numeral(section)}、{rng.choice(sections)}")
        number += 1
        task = task_text(number, rng.choice(pool), rng, offices)
        size += sum(len(line.encode()) + 1 for line in task)
        lines.extend(task)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_corpus(args.directory, args.count, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} plans, {total / 1e6:.1f} MB in {args.directory}")


if __name__ == "__main__":
    main()
