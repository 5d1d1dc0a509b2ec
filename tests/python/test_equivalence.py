"""The Python binding gives the same rows as the CLI.

Run after installing the wheel (``maturin build --release -o target/wheels`` then
``pip install target/wheels/zhextract-*.whl``)::

    python3 tests/python/test_equivalence.py [CLI_DATASET_DIR]

Without an argument it runs ``cargo run --release -- run seeds`` into a temporary directory.
Compares every table of ``extract_batch`` on the seeds with the CLI's dataset, column by
column, except ``documents.source_path`` (the path as given, which differs by design).
"""

import pathlib
import subprocess
import sys
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq

import zhextract

ROOT = pathlib.Path(__file__).resolve().parents[2]


def cli_dataset(out: pathlib.Path) -> pathlib.Path:
    subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--", "run", "seeds", "--out", str(out), "-q"],
        cwd=ROOT,
        check=True,
    )
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else cli_dataset(pathlib.Path(tmp) / "cli")
        files = sorted((ROOT / "seeds").glob("*.txt"))
        doc_ids = [f.name for f in files]
        datas = [f.read_bytes() for f in files]
        tables = zhextract.extract_batch(doc_ids, datas)
        batch = pa.RecordBatch.from_pydict(
            {"doc_id": doc_ids, "data": datas}, schema=pa.schema([("doc_id", pa.string()), ("data", pa.binary())])
        )
        from_batch = zhextract.extract_batch(batch)
        failures = 0
        for name in zhextract.TABLES:
            cli = pq.read_table(out / f"{name}.parquet")
            py = tables[name]
            if name == "documents":
                cli, py = cli.drop_columns(["source_path"]), py.drop_columns(["source_path"])
                assert from_batch[name].drop_columns(["source_path"]).equals(py), name
            else:
                assert from_batch[name].equals(py), name
            same = cli.schema.remove_metadata() == py.schema.remove_metadata() and cli.to_pylist() == py.to_pylist()
            print(f"{name}: cli {cli.num_rows} rows, python {py.num_rows} rows: {'same' if same else 'DIFFERENT'}")
            failures += not same
        text = zhextract.extract_text("2022年深圳全社会研发投入达到1880.49亿元。", "demo.txt")
        assert text["indicators"].num_rows >= 1, text["indicators"]
        assert text["documents"].column("status").to_pylist() == ["ok"]
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
