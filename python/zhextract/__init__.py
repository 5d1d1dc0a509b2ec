"""zhextract from Python: the same extraction as ``zhextract run``, on documents in memory.

Every function returns the SCHEMA tables (``documents``, ``sentences``, ``indicators``,
``dates``, ``organizations``, ``policies``) as ``pyarrow.Table``s with the CLI's column
types, rows sorted by ``doc_id``, ``byte_start``, ``byte_end``. The Rust core releases the
GIL while it works and processes documents in parallel.

Tables cross from Rust as in-memory Parquet (not yet zero-copy Arrow C data interface).
"""

from __future__ import annotations

from typing import Dict, Sequence, Union

import pyarrow as pa
import pyarrow.parquet as pq

from ._native import __version__, _extract_parquet

__all__ = ["TABLES", "__version__", "extract_batch", "extract_text"]

#: The SCHEMA tables, in writing order.
TABLES = ("documents", "sentences", "indicators", "dates", "organizations", "policies")


def _tables(files: Dict[str, bytes]) -> Dict[str, pa.Table]:
    return {name: pq.read_table(pa.BufferReader(files[name])) for name in TABLES}


def extract_batch(
    doc_ids: Union[Sequence[str], pa.RecordBatch, pa.Table],
    datas: Union[Sequence[bytes], None] = None,
) -> Dict[str, pa.Table]:
    """Extracts the SCHEMA tables from documents given as bytes (any supported encoding).

    Either ``extract_batch(doc_ids, datas)`` with two equally long lists, or
    ``extract_batch(batch)`` with a ``pyarrow.RecordBatch`` (or ``Table``) of columns
    ``doc_id`` (string) and ``data`` (binary). Documents that cannot be decoded become
    ``status = "error"`` rows in ``documents``, as in the CLI. ``doc_id``s must be unique.
    """
    if isinstance(doc_ids, (pa.RecordBatch, pa.Table)):
        if datas is not None:
            raise TypeError("pass either a RecordBatch/Table or doc_ids and datas")
        batch = doc_ids
        doc_ids = batch.column("doc_id").to_pylist()
        datas = batch.column("data").to_pylist()
    if datas is None:
        raise TypeError("datas is required with a list of doc_ids")
    return _tables(_extract_parquet(list(doc_ids), [bytes(d) for d in datas]))


def extract_text(text: str, doc_id: str = "text") -> Dict[str, pa.Table]:
    """Extracts the SCHEMA tables from one text (for notebooks); byte offsets are into its
    UTF-8 encoding."""
    return extract_batch([doc_id], [text.encode("utf-8")])
