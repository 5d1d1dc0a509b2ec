"""zhextract from Python: the same extraction as ``zhextract run``, on documents in memory.

Every function returns the SCHEMA tables (``documents``, ``sentences``, ``indicators``,
``dates``, ``organizations``, ``policies``) as ``pyarrow.Table``s with the CLI's column
types (``string_view``, ``large_list<string_view>``, ``date32``, …: what pyarrow reads from
the CLI's Parquet files), rows sorted by ``doc_id``, ``byte_start``, ``byte_end``. The Rust
core releases the GIL while it works and processes documents in parallel.

Arrow data crosses the boundary zero-copy, through the Arrow C stream interface (the
``__arrow_c_stream__`` PyCapsule protocol): the Rust side reads the ``doc_id`` and ``data``
buffers of the batch in place, and hands each table back as a C stream pyarrow imports
without copying.

``zhextract.ray`` runs the extraction over a corpus on a Ray cluster (``pip install
'ray[data]'``); it is imported on demand.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Union

import pyarrow as pa

from ._native import __version__, _extract_arrow

__all__ = ["TABLES", "__version__", "extract_batch", "extract_text"]

#: The SCHEMA tables, in writing order.
TABLES = ("documents", "sentences", "indicators", "dates", "organizations", "policies")

#: The input schema ``extract_batch`` builds from lists.
_INPUT_SCHEMA = pa.schema([("doc_id", pa.string()), ("data", pa.binary())])


class _Stream:
    """An Arrow C stream capsule from Rust, as an object pyarrow can import (once)."""

    def __init__(self, capsule: Any) -> None:
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> Any:
        return self._capsule


def _table(capsule: Any) -> pa.Table:
    return pa.RecordBatchReader.from_stream(_Stream(capsule)).read_all()


def _arrow_stream(batch: Any) -> Any:
    if isinstance(batch, pa.RecordBatch):
        batch = pa.Table.from_batches([batch])
    if not hasattr(batch, "__arrow_c_stream__"):
        raise TypeError(f"expected a pyarrow RecordBatch or Table, not {type(batch).__name__}")
    return batch.__arrow_c_stream__()


def extract_batch(
    doc_ids: Union[Sequence[str], pa.RecordBatch, pa.Table, Any],
    datas: Optional[Sequence[bytes]] = None,
    *,
    threads: Optional[int] = None,
) -> Dict[str, pa.Table]:
    """Extracts the SCHEMA tables from documents given as bytes (any supported encoding).

    Either ``extract_batch(batch)`` with a ``pyarrow.RecordBatch`` or ``Table`` (or any
    object with ``__arrow_c_stream__``) of columns ``doc_id`` (string) and ``data``
    (binary; large and view variants too), or ``extract_batch(doc_ids, datas)`` with two
    equally long lists. An optional ``source_path`` string column sets
    ``documents.source_path`` (and the path in error messages) as the CLI's path as given;
    without it the ``doc_id`` is used. The batch's buffers are read in place (no copy).

    Documents that cannot be decoded become ``status = "error"`` rows in ``documents``, as
    in the CLI. ``doc_id``\\ s must be unique (``ValueError`` otherwise).

    Documents are processed in parallel on all cores; ``threads=1`` keeps them on the
    calling thread (for engines such as Ray that already run one task per CPU).
    """
    if datas is None:
        if isinstance(doc_ids, (list, tuple)):
            raise TypeError("datas is required with a list of doc_ids")
        stream = _arrow_stream(doc_ids)
    else:
        if isinstance(doc_ids, (pa.RecordBatch, pa.Table)):
            raise TypeError("pass either a RecordBatch/Table or doc_ids and datas")
        doc_ids, datas = list(doc_ids), list(datas)
        if len(doc_ids) != len(datas):
            raise ValueError(f"{len(doc_ids)} doc_ids but {len(datas)} data items")
        batch = pa.RecordBatch.from_arrays(
            [pa.array(doc_ids, pa.string()), pa.array(datas, pa.binary())], schema=_INPUT_SCHEMA
        )
        stream = _arrow_stream(batch)
    tables = _extract_arrow(stream, threads)
    return {name: _table(tables[name]) for name in TABLES}


def extract_text(text: str, doc_id: str = "text") -> Dict[str, pa.Table]:
    """Extracts the SCHEMA tables from one text (for notebooks); byte offsets are into its
    UTF-8 encoding."""
    return extract_batch([doc_id], [text.encode("utf-8")])
