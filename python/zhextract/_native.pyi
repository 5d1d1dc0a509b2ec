from typing import Dict, List

__version__: str

def _extract_parquet(doc_ids: List[str], datas: List[bytes]) -> Dict[str, bytes]: ...
