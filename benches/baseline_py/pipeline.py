#!/usr/bin/env python3
"""The Python pipeline a user would otherwise write, as zhextract's speed reference.

Same shape as `zhextract run`: read and decode every document, convert to Simplified
(OpenCC t2s), split into sentences, jieba posseg tag, extract numbers-with-units and dates
with regular expressions, write Parquet tables (sentences with tokens, indicators, dates)
with pyarrow. It prints one line: documents, MB, seconds, MB/s.

Usage: python3 pipeline.py CORPUS_DIR OUT_DIR [--max-mb N]
"""
import os
import re
import sys
import time

import jieba
import jieba.posseg as pseg
import pyarrow as pa
import pyarrow.parquet as pq

try:  # pip install opencc (C++ binding) or opencc-python-reimplemented
    import opencc

    _CONVERTER = opencc.OpenCC("t2s")
except (ImportError, TypeError, ValueError):  # pragma: no cover
    from opencc import OpenCC

    _CONVERTER = OpenCC("t2s")

SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n+")
NUMBER = re.compile(
    r"(?P<value>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<mult>[万亿千百]*)\s*"
    r"(?P<unit>%|个百分点|元|美元|吨|千瓦时|人|家|个|项|台|辆|平方米|公里)?"
)
DATE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年(?:\s*(?P<month>1[0-2]|0?[1-9])\s*月"
    r"(?:\s*(?P<day>3[01]|[12]\d|0?[1-9])\s*日)?)?"
)


def decode(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030", "big5", "utf-16"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def process(doc_id: str, text: str, tables: dict) -> None:
    simplified = _CONVERTER.convert(text)
    # Re-join lines wrapped by PDF extraction (no sentence end before the break).
    simplified = re.sub(r"(?<![。！？；：])\n(?!\n)", "", simplified)
    for index, sentence in enumerate(s for s in SENTENCE_END.split(simplified) if s and s.strip()):
        words = list(pseg.cut(sentence))
        tables["sentences"].append(
            {
                "doc_id": doc_id,
                "index": index,
                "text": sentence,
                "tokens": [w.word for w in words],
                "pos": [w.flag for w in words],
            }
        )
        for match in NUMBER.finditer(sentence):
            tables["indicators"].append(
                {
                    "doc_id": doc_id,
                    "sentence": index,
                    "text": match.group(0),
                    "value": float(match.group("value").replace(",", "")),
                    "unit": match.group("unit") or "",
                }
            )
        for match in DATE.finditer(sentence):
            tables["dates"].append(
                {
                    "doc_id": doc_id,
                    "sentence": index,
                    "text": match.group(0),
                    "year": int(match.group("year")),
                    "month": int(match.group("month") or 0),
                    "day": int(match.group("day") or 0),
                }
            )


def main() -> None:
    corpus, out = sys.argv[1], sys.argv[2]
    max_bytes = float("inf")
    if "--max-mb" in sys.argv:
        max_bytes = float(sys.argv[sys.argv.index("--max-mb") + 1]) * 1e6
    jieba.setLogLevel(60)
    start_load = time.perf_counter()
    jieba.initialize()
    load_seconds = time.perf_counter() - start_load
    paths = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(corpus)
        for name in names
        if not name.startswith(".")
    )
    tables = {"sentences": [], "indicators": [], "dates": []}
    total = 0
    documents = 0
    start = time.perf_counter()
    for path in paths:
        if total >= max_bytes:
            break
        with open(path, "rb") as handle:
            raw = handle.read()
        total += len(raw)
        documents += 1
        process(os.path.relpath(path, corpus), decode(raw), tables)
    os.makedirs(out, exist_ok=True)
    for name, rows in tables.items():
        pq.write_table(pa.Table.from_pylist(rows), os.path.join(out, f"{name}.parquet"))
    seconds = time.perf_counter() - start
    print(
        f"python baseline: {documents} documents, {total / 1e6:.2f} MB in {seconds:.2f} s "
        f"({total / 1e6 / seconds:.3f} MB/s, {documents / seconds:.2f} docs/s); "
        f"dictionary load {load_seconds * 1e3:.0f} ms"
    )


if __name__ == "__main__":
    main()
