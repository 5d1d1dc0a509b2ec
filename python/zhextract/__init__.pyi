from typing import Any, Dict, Optional, Sequence, Tuple, Union

import pyarrow as pa

__version__: str
TABLES: Tuple[str, ...]

def extract_batch(
    doc_ids: Union[Sequence[str], pa.RecordBatch, pa.Table, Any],
    datas: Optional[Sequence[bytes]] = ...,
    *,
    threads: Optional[int] = ...,
) -> Dict[str, pa.Table]:
    """The SCHEMA tables of documents: a RecordBatch/Table (or ``__arrow_c_stream__``
    object) of ``doc_id`` string, ``data`` binary and optional ``source_path`` string, read
    zero-copy; or two lists of doc_ids and bytes. ``threads=1``: on the calling thread."""

def extract_text(text: str, doc_id: str = ...) -> Dict[str, pa.Table]:
    """The SCHEMA tables of one text (byte offsets into its UTF-8 encoding)."""
