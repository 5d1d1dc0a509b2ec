"""The Ray run, the sharded run (N = 3, merged) and the plain CLI run give the same rows.

Run after installing the wheel and ``ray[data]`` (``.ci/run`` does both)::

    python3 tests/python/test_ray_equivalence.py [PATH_TO_ZHEXTRACT_BINARY]

The binary defaults to ``target/release/zhextract`` (built by ``cargo build --release``).
The Ray run goes twice: with the default (one part per block Ray read) and with
``batch_size=8`` (blocks re-batched, parts of 8 documents). The corpus is the seeds plus about 50 generated documents in nested directories: the seeds'
paragraphs shuffled together (Simplified and Traditional mixed), some saved as GB18030 or
Big5, plus a file with no text (an error row), an undecodable file (an error row) and a
hidden file (skipped by every way of running). A local Ray cluster with 2 CPUs is started.

Every table of the three datasets is compared after sorting by its key columns (schemas
and all values, ``documents.source_path`` included); the manifests' inputs and row counts
must agree too, and ``zhextract validate`` and ``zhextract diff`` must accept the Ray run.
Ends with the plain ``N passed, N failed`` line.
"""

import json
import pathlib
import random
import subprocess
import sys
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq

import zhextract
import zhextract.ray

ROOT = pathlib.Path(__file__).resolve().parents[2]
GENERATED = 50

#: Sort keys per table (the SCHEMA order, then ids to break ties between equal spans).
KEYS = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "byte_start", "byte_end", "sentence_id"],
}
MENTION_KEYS = ["doc_id", "byte_start", "byte_end", "mention_id"]


def paragraphs() -> list:
    found = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        found.extend(p for p in text.split("\n\n") if p.strip())
    return found


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def make_corpus(corpus: pathlib.Path) -> None:
    """Seeds plus GENERATED shuffled documents, deterministic (fixed random seed)."""
    rng = random.Random(10)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        (corpus / "seeds").mkdir(parents=True, exist_ok=True)
        (corpus / "seeds" / seed.name).write_bytes(seed.read_bytes())
    pool = paragraphs()
    big5 = [p for p in pool if encodable(p, "big5")]  # Traditional paragraphs
    for i in range(GENERATED):
        encoding = "big5" if i % 9 == 2 and big5 else "gb18030" if i % 5 == 1 else "utf-8"
        source = big5 if encoding == "big5" else pool
        text = "\n\n".join(rng.sample(source, k=min(len(source), rng.randint(3, 12)))) + "\n"
        folder = corpus / "generated" / f"group{i % 4}"
        if i % 7 == 0:
            folder = folder / "nested"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc_{i:03d}_{encoding}.txt").write_bytes(text.encode(encoding))
    (corpus / "generated" / "empty.txt").write_bytes(b"   \n")
    (corpus / "generated" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "generated" / ".hidden.txt").write_text("2022年GDP增长3%。", encoding="utf-8")


def cli(binary: str, *args: str, ok=(0,)) -> subprocess.CompletedProcess:
    done = subprocess.run([binary, *args], capture_output=True, text=True, check=False)
    if done.returncode not in ok:
        raise AssertionError(f"zhextract {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def read_sorted(dataset: pathlib.Path, table: str) -> tuple:
    """(schema without metadata, rows sorted by the table's key columns); pyarrow cannot
    sort string_view columns, so the rows are sorted as Python values."""
    path = dataset / f"{table}.parquet"
    if not path.exists():
        files = sorted((dataset / table).glob("*.parquet"))
        data = pa.concat_tables([pq.read_table(f) for f in files])
    else:
        data = pq.read_table(path)
    keys = KEYS.get(table, MENTION_KEYS)
    rows = sorted(data.to_pylist(), key=lambda row: tuple(row[key] for key in keys))
    return data.schema.remove_metadata(), rows


def manifest_facts(dataset: pathlib.Path) -> tuple:
    manifest = json.loads((dataset / "manifest.json").read_text())
    return manifest["inputs"], manifest["row_counts"], manifest["config_hash"]


def main() -> int:
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "zhextract")
    checks = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        corpus = tmp / "corpus"
        make_corpus(corpus)
        plain, merged, ray_out, ray_batched = tmp / "plain", tmp / "merged", tmp / "ray", tmp / "ray-batched"
        # exit 3: some documents failed (the two error files), as intended
        cli(binary, "run", str(corpus), "--out", str(plain), "-q", ok=(0, 3))
        shards = []
        for k in (1, 2, 3):
            shards.append(str(tmp / f"shard{k}"))
            cli(binary, "run", str(corpus), "--out", shards[-1], "--shard", f"{k}/3", "-q", ok=(0, 3))
        cli(binary, "merge", str(merged), *shards)

        import ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        context = ray.data.DataContext.get_current()
        settings = lambda: (context.execution_options.preserve_order, context.op_resource_reservation_enabled)  # noqa: E731
        before = settings()
        try:
            result = zhextract.ray.run(corpus, ray_out)  # one part per block Ray read
            batched = zhextract.ray.run(corpus, ray_batched, batch_size=8)  # re-batched blocks
            # run() changes these two for its own run only
            checks["Ray Data settings restored after the runs"] = settings() == before
        finally:
            ray.shutdown()
        print(f"ray: {result.documents} documents, {result.parts} parts, {result.row_counts}")
        print(f"ray, batch_size=8: {batched.parts} parts")
        checks["ray run found the documents"] = result.documents == len(manifest_facts(plain)[0]) >= GENERATED
        checks["ray run with batch_size=8 wrote a part per 8 documents"] = batched.parts >= result.documents // 8
        checks["hidden file skipped"] = all(".hidden" not in e["doc_id"] for e in manifest_facts(ray_out)[0])
        checks["error documents kept"] = result.failed_documents == 2

        for name in zhextract.TABLES:
            expected = read_sorted(plain, name)
            for label, dataset in (("sharded+merged", merged), ("ray", ray_out), ("ray batched", ray_batched)):
                got = read_sorted(dataset, name)
                same = got == expected
                checks[f"{name}: {label} == plain ({len(expected[1])} rows)"] = same
                if not same:
                    print(f"{name} {label}: schema {got[0]} vs {expected[0]}; rows {len(got[1])} vs {len(expected[1])}")
        plain_facts = manifest_facts(plain)
        for label, dataset in (("sharded+merged", merged), ("ray", ray_out), ("ray batched", ray_batched)):
            inputs, counts, config_hash = manifest_facts(dataset)
            checks[f"manifest {label}: inputs, row counts, config hash == plain"] = (
                inputs == plain_facts[0] and counts == plain_facts[1] and config_hash == plain_facts[2]
            )
        for label, dataset in (("ray", ray_out), ("ray batched", ray_batched)):
            checks[f"validate accepts the {label} dataset"] = cli(binary, "validate", str(dataset), ok=(0, 1, 2, 3)).returncode == 0
            checks[f"diff plain {label}: identical"] = cli(binary, "diff", str(plain), str(dataset), ok=(0, 1)).returncode == 0
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    failed = sum(not ok for ok in checks.values())
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
