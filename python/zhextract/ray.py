"""zhextract on a Ray cluster: ``run(paths, out)`` gives the dataset ``zhextract run`` gives.

Ray Data reads the files (``ray.data.read_binary_files``), ``extract_batch`` runs over its
Arrow blocks (zero-copy into the Rust core), each task writes its share of every table as a
Parquet part, and the driver publishes ``out/`` with one directory of parts per table
(``out/indicators/part-000000.parquet``, …: the layout SCHEMA.md allows for large runs) and
a merged ``manifest.json``. ``zhextract validate`` and ``diff`` read it as they
read a single-machine run.

Same results as the CLI by construction:

- the documents are the CLI's: the inputs are listed by the CLI's own walk (hidden files
  skipped, ``doc_id`` = path relative to the input directory, or the file name of a file
  input, ``/``-separated), and each task recomputes ``doc_id`` and ``source_path`` from the
  path Ray read with the same rule (the driver checks the two agree);
- every document goes through the same pipeline with the default configuration;
- parts hold contiguous ``doc_id`` ranges (the dataset keeps the sorted input order) and are
  numbered in ``doc_id`` order, so the concatenated parts are sorted as SCHEMA requires;
- the manifest has the CLI's configuration (and hash), the inputs with absolute paths and
  sha256 (so ``validate`` can trace every row to its file), row counts, the validation report.

Workers write into a staging directory beside ``out`` and the driver renames it into
place, so ``out`` must be on a file system every Ray node mounts at the same path (as must
the inputs).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import pyarrow as pa
import pyarrow.parquet as pq

from . import TABLES, __version__, _arrow_stream, _table
from ._native import _configuration, _extract_arrow, _finish_validation, _walk

__all__ = ["RunResult", "run"]

PathLike = Union[str, "os.PathLike[str]"]

#: Documents per ``extract_batch`` call (one Parquet part per table per call). The default,
#: ``None``, is one call per block Ray read, which lets Ray fuse the read and the extraction
#: into one task (no block goes through the object store): the fastest on 2 CPUs. A number
#: re-batches the blocks (fewer documents in memory at once, but separate read tasks).
DEFAULT_BATCH_SIZE: Optional[int] = None


@dataclass(frozen=True)
class RunResult:
    """What ``run`` published."""

    #: The dataset directory.
    out: Path
    #: Documents processed.
    documents: int
    #: Documents with ``status = "error"``.
    failed_documents: int
    #: Rows per table.
    row_counts: Dict[str, int]
    #: Parquet parts per table.
    parts: int
    #: Seconds from the listing to the published dataset (Ray start-up not included).
    seconds: float
    #: The validator's one-paragraph summary.
    validation: str


@dataclass(frozen=True)
class _Root:
    """One input as given: a directory (documents are relative to it) or a file."""

    given: str
    absolute: str
    is_dir: bool


def _roots(inputs: Sequence[str]) -> List[_Root]:
    return [_Root(given, os.path.abspath(given), os.path.isdir(given)) for given in inputs]


def _locate(path: str, roots: Sequence[_Root]) -> Tuple[str, str]:
    """``(doc_id, source_path)`` of a file Ray read, by the CLI's rule (src/ingest/walk.rs):
    under a directory input, the path relative to it, ``/``-separated, and the input as
    given joined with it; a file input is its file name and the input as given."""
    for root in roots:
        if root.is_dir:
            prefix = root.absolute.rstrip(os.sep) + os.sep
            if path.startswith(prefix):
                relative = path[len(prefix) :]
                return relative.replace(os.sep, "/"), os.path.join(root.given, relative)
        elif path == root.absolute:
            return os.path.basename(root.absolute), root.given
    raise ValueError(f"{path} is under none of the inputs")


def _part_name(doc_ids: Sequence[str]) -> str:
    """A name that depends only on the documents, so a retried task overwrites its part."""
    digest = hashlib.sha256("\n".join(sorted(doc_ids)).encode("utf-8")).hexdigest()
    return f"batch-{digest[:20]}.parquet"


def _extract_part(
    batch: pa.Table, *, roots: Sequence[_Root], staging: str, metadata: Dict[str, str]
) -> pa.Table:
    """The Ray task: one block of files -> one Parquet part per table, and one summary row
    per document (``doc_id``, ``sha256``, ``bytes``, ``status``, ``part``)."""
    located = [_locate(path, roots) for path in batch.column("path").to_pylist()]
    doc_ids = [doc_id for doc_id, _ in located]
    documents = pa.Table.from_arrays(
        [
            pa.array(doc_ids, pa.string()),
            pa.array([source for _, source in located], pa.string()),
            batch.column("bytes"),
        ],
        names=["doc_id", "source_path", "data"],
    )
    # Rows are validated here, where the bytes are (as `zhextract run` does on its workers);
    # the driver only merges the reports and checks the files' structure.
    native = _extract_arrow(_arrow_stream(documents), 1, True)
    tables = {table: _table(native[table]) for table in TABLES}
    name = _part_name(doc_ids)
    for table in TABLES:
        schema_metadata = {"zhextract.table": table, **metadata}
        pq.write_table(
            tables[table].replace_schema_metadata(schema_metadata),
            os.path.join(staging, table, name),
            compression="zstd",
        )
    summary = tables["documents"].select(["doc_id", "sha256", "bytes", "status"])
    summary = summary.append_column("part", pa.array([name] * summary.num_rows, pa.string()))
    # The block's validation report rides on its first summary row.
    reports = [native["validation"]] + [None] * (summary.num_rows - 1) if summary.num_rows else []
    return summary.append_column("validation", pa.array(reports, pa.string()))


def _publish(staging: Path, out: Path, overwrite: bool) -> None:
    """Renames ``staging`` to ``out``, replacing an earlier zhextract dataset there."""
    if out.exists():
        if not (_is_dataset(out) or overwrite):
            raise FileExistsError(f"{out} exists and is not a zhextract dataset (overwrite=True replaces it)")
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)


def _manifest(
    listed: Sequence[Tuple[str, str, str]],
    summary: pa.Table,
    staging: Path,
    started_at: str,
    config_hash: str,
    configuration: str,
) -> Dict[str, Any]:
    """The manifest ``zhextract run`` would write for the same inputs (``validation`` and
    ``timings`` are filled by the caller): inputs in ``doc_id`` order with absolute paths
    and sha256, and the row counts of the parts written."""
    by_id = {row["doc_id"]: row for row in summary.to_pylist()}
    missing = [doc_id for doc_id, _, _ in listed if doc_id not in by_id]
    if missing:
        raise RuntimeError(f"{len(missing)} documents have no rows, e.g. {missing[0]!r}")
    inputs = [
        {
            "doc_id": doc_id,
            "source_path": source_path,
            "absolute_path": absolute,
            "sha256": by_id[doc_id]["sha256"],
            "bytes": by_id[doc_id]["bytes"],
            "status": by_id[doc_id]["status"],
        }
        for doc_id, source_path, absolute in listed
    ]
    row_counts = {
        table: sum(pq.read_metadata(part).num_rows for part in (staging / table).glob("*.parquet"))
        for table in TABLES
    }
    return {
        "tool": "zhextract",
        "version": __version__,
        "manifest_format": 1,
        "started_at": started_at,
        "configuration": json.loads(configuration),
        "config_hash": config_hash,
        "inputs": inputs,
        "row_counts": row_counts,
        "failed_documents": sum(entry["status"] == "error" for entry in inputs),
        "validation": None,
        "timings": {"total_seconds": 0.0, "stages": {}},
    }


def _is_dataset(out: Path) -> bool:
    manifest = out / "manifest.json"
    try:
        return json.loads(manifest.read_text()).get("tool") == "zhextract"
    except (OSError, ValueError):
        return False


def _number_parts(staging: Path, summary: pa.Table) -> int:
    """Renames the parts to ``part-NNNNNN.parquet`` in ``doc_id`` order, after checking
    that they hold disjoint ``doc_id`` ranges (so concatenating them keeps SCHEMA order)."""
    ranges: Dict[str, Tuple[str, str]] = {}
    for doc_id, part in zip(summary.column("doc_id").to_pylist(), summary.column("part").to_pylist()):
        low, high = ranges.get(part, (doc_id, doc_id))
        ranges[part] = (min(low, doc_id), max(high, doc_id))
    ordered = sorted(ranges.items(), key=lambda item: item[1])
    for (previous, (_, high)), (part, (low, _)) in zip(ordered, ordered[1:]):
        if low <= high:
            raise RuntimeError(f"parts {previous} and {part} overlap in doc_id order: Ray did not keep the input order")
    for rank, (part, _) in enumerate(ordered):
        for table in TABLES:
            (staging / table / part).rename(staging / table / f"part-{rank:06d}.parquet")
    return len(ordered)


def run(
    paths: Union[PathLike, Sequence[PathLike]],
    out: PathLike,
    *,
    num_cpus: Optional[int] = None,
    batch_size: Optional[int] = DEFAULT_BATCH_SIZE,
    overwrite: bool = False,
) -> RunResult:
    """Extracts the SCHEMA tables of ``paths`` (files or directories, as ``zhextract run``
    takes them) on Ray and publishes the dataset at ``out`` once it validates.

    Starts a local Ray instance (``ray.init(num_cpus=num_cpus)``) unless one is already
    connected (then its CPUs are used and ``num_cpus`` is ignored). ``batch_size``
    documents go through each ``extract_batch`` call (``None``: a whole block Ray read); a
    task uses one CPU and the Rust core runs single-threaded in it. Raises ``RuntimeError`` (leaving the staged dataset beside ``out``)
    when validation finds a problem, ``ValueError`` when there is no input document.
    """
    import ray  # noqa: PLC0415 - optional dependency

    inputs = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    out = Path(out).absolute()
    if out.exists() and not (_is_dataset(out) or overwrite):
        raise FileExistsError(f"{out} exists and is not a zhextract dataset (overwrite=True replaces it)")
    if not ray.is_initialized():
        ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    started = time.monotonic()
    started_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    listed, walk_warnings = _walk(inputs)
    for warning in walk_warnings:
        warnings.warn(warning, stacklevel=2)
    if not listed:
        raise ValueError(f"no input documents in {', '.join(inputs)}")
    roots = _roots(inputs)
    # Ray reads each file at the lexically normalized absolute form of its path as given
    # (the manifest keeps the CLI's absolute path); the tasks map it back to the doc_id.
    read_paths = [os.path.abspath(source_path) for _, source_path, _ in listed]
    for (doc_id, source_path, _), path in zip(listed, read_paths):
        if _locate(path, roots) != (doc_id, source_path):
            raise ValueError(f"{path}: cannot map it back to doc_id {doc_id!r} (overlapping inputs?)")
    configuration, config_hash = _configuration()
    staging = out.with_name(f".{out.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    for table in TABLES:
        (staging / table).mkdir(parents=True)

    context = ray.data.DataContext.get_current()
    preserve_order = context.execution_options.preserve_order
    context.execution_options.preserve_order = True
    # The run is one fused operator (read -> extract), so there is no downstream operator
    # to reserve CPUs for; with the reservation on, Ray Data kept ~1.2 of 2 CPUs busy
    # (docs/scaling.md). Off for this run only, as preserve_order is on for it only.
    reservation = getattr(context, "op_resource_reservation_enabled", None)
    if reservation is not None:
        context.op_resource_reservation_enabled = False
    try:
        dataset = ray.data.read_binary_files(read_paths, include_paths=True)
        summary = dataset.map_batches(
            _extract_part,
            batch_format="pyarrow",
            batch_size=batch_size,
            fn_kwargs={
                "roots": roots,
                "staging": str(staging),
                "metadata": {"zhextract.version": __version__, "zhextract.config_hash": config_hash},
            },
        ).to_arrow_refs()
        summary = pa.concat_tables(ray.get(summary))
    finally:
        context.execution_options.preserve_order = preserve_order
        if reservation is not None:
            context.op_resource_reservation_enabled = reservation
    extracted = time.monotonic()
    parts = _number_parts(staging, summary)

    manifest = _manifest(listed, summary, staging, started_at, config_hash, configuration)
    manifest["timings"]["stages"]["ray"] = extracted - started
    manifest_path = staging / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    validation_started = time.monotonic()
    reports = [report for report in summary.column("validation").to_pylist() if report is not None]
    ok, text, report = _finish_validation(str(staging), reports)
    manifest["validation"] = json.loads(report)
    manifest["timings"]["stages"]["validate"] = time.monotonic() - validation_started
    manifest["timings"]["total_seconds"] = time.monotonic() - started
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    if not ok:
        raise RuntimeError(f"the dataset does not validate (left in {staging}):\n{text}")
    _publish(staging, out, overwrite)
    return RunResult(
        out=out,
        documents=len(listed),
        failed_documents=manifest["failed_documents"],
        row_counts=manifest["row_counts"],
        parts=parts,
        seconds=time.monotonic() - started,
        validation=text,
    )
