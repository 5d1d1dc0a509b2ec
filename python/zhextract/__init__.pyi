from typing import Dict, Optional, Sequence, Tuple, Union

import pyarrow as pa

__version__: str
TABLES: Tuple[str, ...]

def extract_batch(
    doc_ids: Union[Sequence[str], pa.RecordBatch, pa.Table],
    datas: Optional[Sequence[bytes]] = ...,
) -> Dict[str, pa.Table]:
    """The SCHEMA tables of documents given as bytes (or a RecordBatch of doc_id, data)."""

def extract_text(text: str, doc_id: str = ...) -> Dict[str, pa.Table]:
    """The SCHEMA tables of one text (byte offsets into its UTF-8 encoding)."""
