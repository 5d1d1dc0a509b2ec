//! The Python binding (cargo feature `python`; built into the `zhextract` wheel by maturin):
//! the same pipeline as `zhextract run`, on documents held in memory.
//!
//! Place in the pipeline: a front door beside [`crate::batch`]; documents go through
//! [`Pipeline`] exactly as the CLI sends them (decode → normalize → segment → extract →
//! rows) and come back as the SCHEMA tables. Tables cross into Python as one in-memory
//! Parquet file each, written from the same frames the CLI writes, so types and values are
//! the CLI's; `python/zhextract/__init__.py` turns them into `pyarrow.Table`s. (Not
//! zero-copy: the Arrow C data interface is not wired yet.)
//!
//! The GIL is released while documents are processed (in parallel, with rayon).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use polars::prelude::{DataFrame, ParquetCompression, ParquetWriter, PolarsResult};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use rayon::prelude::*;

use crate::ingest::{self, InputFile};
use crate::pipeline::{Pipeline, PipelineConfig};
use crate::rules::Rules;
use crate::write::rows::{self, DocRows};
use crate::write::TableRow;

/// One pipeline per process (jieba and OpenCC load once), default configuration.
static PIPELINE: LazyLock<Result<Pipeline, String>> = LazyLock::new(|| {
    Rules::embedded()
        .and_then(|rules| Pipeline::new(PipelineConfig::default(), &rules))
        .map_err(|error| error.to_string())
});

/// Processes one in-memory document as `zhextract run` processes a file.
fn process(pipeline: &Pipeline, doc_id: &str, bytes: &[u8]) -> DocRows {
    let input = InputFile {
        doc_id: doc_id.to_owned(),
        path: PathBuf::from(doc_id),
    };
    match ingest::decode_document(&input, bytes) {
        Ok(source) => rows::build(&source, bytes, &pipeline.analyze(&source)),
        Err(error) => rows::failed(&input, Some(bytes), &error),
    }
}

/// Every table of `docs` (sorted by `doc_id`) as an in-memory Parquet file.
fn tables(docs: Vec<DocRows>) -> PolarsResult<Vec<(&'static str, Vec<u8>)>> {
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
        parquet(&documents)?,
        parquet(&all.sentences)?,
        parquet(&all.indicators)?,
        parquet(&all.dates)?,
        parquet(&all.organizations)?,
        parquet(&all.policies)?,
    ])
}

fn parquet<R: TableRow>(rows: &[R]) -> PolarsResult<(&'static str, Vec<u8>)> {
    let mut frame: DataFrame = R::frame(rows)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .with_compression(ParquetCompression::Uncompressed)
        .finish(&mut frame)?;
    Ok((R::TABLE.name(), bytes))
}

/// `_extract_parquet(doc_ids, datas) -> dict[str, bytes]`: the SCHEMA tables of the
/// documents (`datas[i]` the bytes of `doc_ids[i]`, any supported encoding), each as a
/// Parquet file in memory, rows sorted as SCHEMA requires.
#[pyfunction]
#[expect(
    clippy::needless_pass_by_value,
    reason = "pyo3 extracts arguments as owned values"
)]
fn _extract_parquet<'py>(
    py: Python<'py>,
    doc_ids: Vec<String>,
    datas: Vec<Bound<'py, PyBytes>>,
) -> PyResult<Bound<'py, PyDict>> {
    if doc_ids.len() != datas.len() {
        return Err(PyValueError::new_err(format!(
            "{} doc_ids but {} data items",
            doc_ids.len(),
            datas.len()
        )));
    }
    let mut docs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (doc_id, data) in doc_ids.into_iter().zip(&datas) {
        if docs.contains_key(&doc_id) {
            return Err(PyValueError::new_err(format!(
                "duplicate doc_id {doc_id:?}"
            )));
        }
        docs.insert(doc_id, data.as_bytes().to_vec());
    }
    let pipeline = PIPELINE
        .as_ref()
        .map_err(|error| PyRuntimeError::new_err(error.clone()))?;
    let files = py
        .allow_threads(|| {
            let docs: Vec<(String, Vec<u8>)> = docs.into_iter().collect();
            let rows: Vec<DocRows> = docs
                .par_iter()
                .map(|(doc_id, bytes)| process(pipeline, doc_id, bytes))
                .collect();
            tables(rows)
        })
        .map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
    let out = PyDict::new(py);
    for (name, bytes) in files {
        out.set_item(name, PyBytes::new(py, &bytes))?;
    }
    Ok(out)
}

/// The native module `zhextract._native`.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(_extract_parquet, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
