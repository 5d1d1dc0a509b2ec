from typing import Any, Dict, List, Optional, Tuple

__version__: str

def _extract_arrow(stream: Any, threads: Optional[int] = None, validate: bool = False) -> Dict[str, Any]:
    """``arrow_array_stream`` capsule of record batches (doc_id, data[, source_path]) ->
    one ``arrow_array_stream`` capsule per SCHEMA table. GIL released while processing."""

def _walk(inputs: List[str]) -> Tuple[List[Tuple[str, str, str]], List[str]]:
    """The documents ``zhextract run INPUTS`` would process: (doc_id, source_path,
    absolute_path) in doc_id order, and the walk's warnings."""

def _configuration() -> Tuple[str, str]:
    """The configuration JSON of a default ``zhextract run`` and its config hash."""

def _finish_validation(dir: str, reports: List[str]) -> Tuple[bool, str, str]:
    """Merges per-block validation reports (JSON) and checks the staged files' structure."""

def _validate(dir: str) -> Tuple[bool, str, str]:
    """``zhextract validate DIR``: (ok, summary text, report JSON)."""
