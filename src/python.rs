//! The Python binding (cargo feature `python`; built into the `zhextract` wheel by maturin):
//! the same pipeline as `zhextract run`, on documents held in memory, plus the pieces
//! `zhextract.ray` needs to write a dataset the CLI's `validate`, `diff` and `merge` read.
//!
//! Place in the pipeline: a front door beside [`crate::batch`]; documents go through
//! [`Pipeline`] exactly as the CLI sends them (decode → normalize → segment → extract →
//! rows) and come back as the SCHEMA tables, built by the same `TableRow::frame` the CLI's
//! writer uses, so types and values are the CLI's.
//!
//! Zero-copy both ways through the Arrow C data interface ([`arrow`]): the caller's record
//! batch arrives as an Arrow C stream whose `doc_id`/`data` buffers are read in place, and
//! each table leaves as an Arrow C stream that pyarrow imports without copying. The GIL is
//! released while documents are processed (in parallel, with rayon).

mod arrow;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use polars::prelude::{DataFrame, PolarsResult};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict};
use rayon::prelude::*;

use crate::ingest::{self, IngestError, InputFile, MAX_FILE_BYTES};
use crate::pipeline::{Pipeline, PipelineConfig};
use crate::rules::Rules;
use crate::write::rows::{self, DocRows};
use crate::write::TableRow;
use arrow::{ArrowInputError, Batches};

/// One pipeline per process (jieba and OpenCC load once), default configuration.
static PIPELINE: LazyLock<Result<Pipeline, String>> = LazyLock::new(|| {
    Rules::embedded()
        .and_then(|rules| Pipeline::new(PipelineConfig::default(), &rules))
        .map_err(|error| error.to_string())
});

fn pipeline() -> PyResult<&'static Pipeline> {
    PIPELINE
        .as_ref()
        .map_err(|error| PyRuntimeError::new_err(error.clone()))
}

/// One document of a batch, borrowed from the caller's Arrow buffers.
struct Doc<'a> {
    id: &'a str,
    source_path: &'a str,
    bytes: &'a [u8],
}

/// Processes one in-memory document as `zhextract run` processes a file: over the size
/// limit it fails as an unreadable file would, otherwise it is decoded and analyzed.
fn process(pipeline: &Pipeline, doc: &Doc<'_>) -> DocRows {
    let input = InputFile {
        doc_id: doc.id.to_owned(),
        path: PathBuf::from(doc.source_path),
    };
    let limit = PipelineConfig::default().max_file_bytes.min(MAX_FILE_BYTES);
    let size = doc.bytes.len() as u64;
    if size > limit {
        let error = IngestError::TooLarge {
            path: input.path.clone(),
            bytes: size,
            limit,
        };
        return rows::failed(&input, None, &error);
    }
    match ingest::decode_document(&input, doc.bytes) {
        Ok(source) => rows::build(&source, doc.bytes, &pipeline.analyze(&source)),
        Err(error) => rows::failed(&input, Some(doc.bytes), &error),
    }
}

/// Every table of `docs` (in `doc_id` order) as the frame the CLI writes.
fn tables(docs: Vec<DocRows>) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let mut all = DocRows::default();
    let mut documents = Vec::new();
    for doc in docs {
        documents.extend(doc.document);
        all.sentences.extend(doc.sentences);
        all.indicators.extend(doc.indicators);
        all.dates.extend(doc.dates);
        all.organizations.extend(doc.organizations);
        all.policies.extend(doc.policies);
    }
    Ok(vec![
        frame(&documents)?,
        frame(&all.sentences)?,
        frame(&all.indicators)?,
        frame(&all.dates)?,
        frame(&all.organizations)?,
        frame(&all.policies)?,
    ])
}

fn frame<R: TableRow>(rows: &[R]) -> PolarsResult<(&'static str, DataFrame)> {
    Ok((R::TABLE.name(), R::frame(rows)?))
}

#[expect(
    clippy::needless_pass_by_value,
    reason = "used as map_err(input_error)"
)]
fn input_error(error: ArrowInputError) -> PyErr {
    PyValueError::new_err(error.to_string())
}

/// The documents of imported batches, sorted by `doc_id`; refuses a duplicate id.
fn documents(batches: &Batches) -> PyResult<Vec<Doc<'_>>> {
    let doc_ids = batches
        .text_column("doc_id")
        .map_err(input_error)?
        .ok_or_else(|| input_error(ArrowInputError::MissingColumn("doc_id")))?;
    let datas = batches
        .bytes_column("data")
        .map_err(input_error)?
        .ok_or_else(|| input_error(ArrowInputError::MissingColumn("data")))?;
    let source_paths = batches.text_column("source_path").map_err(input_error)?;
    let mut docs: BTreeMap<&str, Doc<'_>> = BTreeMap::new();
    for (i, (doc_id, bytes)) in doc_ids.into_iter().zip(datas).enumerate() {
        let source_path = source_paths.as_ref().map_or(doc_id, |paths| paths[i]);
        let doc = Doc {
            id: doc_id,
            source_path,
            bytes,
        };
        if docs.insert(doc_id, doc).is_some() {
            return Err(PyValueError::new_err(format!(
                "duplicate doc_id {doc_id:?}"
            )));
        }
    }
    Ok(docs.into_values().collect())
}

/// `_extract_arrow(stream) -> dict[str, capsule]`: the SCHEMA tables of the documents of an
/// Arrow C stream (an `arrow_array_stream` capsule of record batches with columns `doc_id`
/// string, `data` binary and optionally `source_path` string), each table an
/// `arrow_array_stream` capsule, rows sorted as SCHEMA requires. Nothing is copied at
/// either edge; the GIL is released while documents are processed. `threads = 1` processes
/// the documents on the calling thread (for engines that run one task per CPU), otherwise
/// they go to rayon's pool (all cores).
///
/// With `validate = true` the rows are also checked as `zhextract run` checks them on its
/// workers (every row rule, the provenance trace against the bytes given), and the dict
/// gains `"validation"`: the report as JSON (for `_finish_validation`).
#[pyfunction]
#[pyo3(signature = (stream, threads=None, validate=false))]
fn _extract_arrow<'py>(
    py: Python<'py>,
    stream: &Bound<'py, PyCapsule>,
    threads: Option<usize>,
    validate: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let batches = Batches::import(stream).map_err(input_error)?;
    let docs = documents(&batches)?;
    let pipeline = pipeline()?;
    let (streams, report) = py
        .allow_threads(|| {
            let rows: Vec<DocRows> = if threads == Some(1) {
                docs.iter().map(|doc| process(pipeline, doc)).collect()
            } else {
                docs.par_iter().map(|doc| process(pipeline, doc)).collect()
            };
            let report = validate.then(|| {
                let bytes: HashMap<&str, &[u8]> =
                    docs.iter().map(|doc| (doc.id, doc.bytes)).collect();
                crate::batch::check_in_memory(&rows, pipeline.converter(), |id| {
                    bytes.get(id).copied()
                })
            });
            drop(docs);
            tables(rows).map(|frames| {
                let streams = frames
                    .into_iter()
                    .map(|(name, frame)| (name, arrow::export_frame(frame)))
                    .collect::<Vec<_>>();
                (streams, report)
            })
        })
        .map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
    drop(batches);
    let out = PyDict::new(py);
    for (name, stream) in streams {
        out.set_item(name, arrow::frame_capsule(py, stream)?)?;
    }
    if let Some(report) = report {
        let json = serde_json::to_string(&report)
            .map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
        out.set_item("validation", json)?;
    }
    Ok(out)
}

/// A listed document: `doc_id`, the path as given, the absolute path.
type Listed = (String, String, String);

/// `_walk(inputs) -> (list[(doc_id, source_path, absolute_path)], warnings)`: the documents
/// `zhextract run INPUTS…` would process, in `doc_id` order, listed by the CLI's own walk.
#[pyfunction]
#[expect(
    clippy::needless_pass_by_value,
    reason = "pyo3 extracts arguments as owned values"
)]
fn _walk(inputs: Vec<PathBuf>) -> PyResult<(Vec<Listed>, Vec<String>)> {
    let mut warnings = Vec::new();
    let files = ingest::walk(&inputs, &mut |warning| warnings.push(warning))
        .map_err(|error| PyValueError::new_err(error.to_string()))?;
    let listed = files
        .into_iter()
        .map(|file| {
            let absolute = std::path::absolute(&file.path).unwrap_or_else(|_| file.path.clone());
            (
                file.doc_id,
                file.path.display().to_string(),
                absolute.display().to_string(),
            )
        })
        .collect();
    Ok((listed, warnings))
}

/// `_configuration() -> (json, config_hash)`: the configuration a default `zhextract run`
/// records in its manifest, and its hash.
#[pyfunction]
fn _configuration() -> PyResult<(String, String)> {
    let pipeline = pipeline()?;
    let configuration = crate::batch::configuration(
        &PipelineConfig::default(),
        &[],
        &[],
        pipeline.converter().name(),
    )
    .map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
    let hash = crate::write::manifest::config_hash(&configuration);
    Ok((configuration.to_string(), hash))
}

/// `_validate(dir) -> (ok, summary, report_json)`: `zhextract validate DIR`, GIL released.
#[pyfunction]
#[expect(
    clippy::needless_pass_by_value,
    reason = "pyo3 extracts arguments as owned values"
)]
fn _validate(py: Python<'_>, dir: PathBuf) -> PyResult<(bool, String, String)> {
    let report = py
        .allow_threads(|| crate::batch::validate_dataset(Path::new(&dir)))
        .map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
    let json = serde_json::to_string(&report)
        .map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
    Ok((report.is_ok(), report.render(10), json))
}

/// `_finish_validation(dir, reports) -> (ok, summary, report_json)`: the validation of a
/// dataset whose rows were checked where they were made (`_extract_arrow(…, validate=True)`,
/// `reports` in `doc_id` order): the reports merged, plus the structural check of the
/// staged files (readable, columns and types, row counts equal to the manifest's), as
/// `zhextract run` finishes its own validation. GIL released.
#[pyfunction]
#[expect(
    clippy::needless_pass_by_value,
    reason = "pyo3 extracts arguments as owned values"
)]
fn _finish_validation(
    py: Python<'_>,
    dir: PathBuf,
    reports: Vec<String>,
) -> PyResult<(bool, String, String)> {
    let report = py
        .allow_threads(|| {
            let mut merged = crate::validate::Report::default();
            for json in &reports {
                merged.absorb(serde_json::from_str(json).map_err(|error| error.to_string())?);
            }
            let manifest = crate::read::read_manifest(&dir).map_err(|error| error.to_string())?;
            merged.absorb(crate::validate::check_structure(&dir, &manifest));
            Ok::<_, String>(merged)
        })
        .map_err(PyRuntimeError::new_err)?;
    let json = serde_json::to_string(&report)
        .map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
    Ok((report.is_ok(), report.render(10), json))
}

/// The native module `zhextract._native`.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(_extract_arrow, module)?)?;
    module.add_function(wrap_pyfunction!(_finish_validation, module)?)?;
    module.add_function(wrap_pyfunction!(_walk, module)?)?;
    module.add_function(wrap_pyfunction!(_configuration, module)?)?;
    module.add_function(wrap_pyfunction!(_validate, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
