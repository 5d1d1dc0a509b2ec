//! Arrow C data interface for the Python binding: documents come in and tables go out as
//! Arrow C streams (the `arrow_array_stream` PyCapsules of the Arrow PyCapsule protocol), so
//! no value is copied or re-encoded at the boundary.
//!
//! Place in the pipeline: the edge of [`crate::python`]. In: the `doc_id` and `data` columns
//! of the caller's record batches are read in place (borrowed `&str` / `&[u8]` slices into
//! pyarrow's buffers). Out: each SCHEMA table's [`DataFrame`] — the frame the CLI writes —
//! is exported chunk by chunk as struct arrays with [`CompatLevel::newest`], the types the
//! CLI's Parquet files read back as in pyarrow (`string_view`, `large_list`, `date32`).

use polars::prelude::{CompatLevel, DataFrame};
use polars_arrow::array::{
    Array, BinaryArray, BinaryViewArray, StructArray, Utf8Array, Utf8ViewArray,
};
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{export_iterator, ArrowArrayStream, ArrowArrayStreamReader};
use pyo3::types::{PyCapsule, PyCapsuleMethods};
use pyo3::{Bound, PyResult, Python};

/// The capsule name the Arrow PyCapsule protocol gives a C stream.
pub const STREAM_CAPSULE: &str = "arrow_array_stream";

/// Why an Arrow input cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArrowInputError {
    /// The object is not an `arrow_array_stream` capsule.
    #[error("expected an \"arrow_array_stream\" capsule (from __arrow_c_stream__())")]
    NotAStream,
    /// The C stream could not be imported or read.
    #[error("cannot read the Arrow stream: {0}")]
    Stream(#[from] polars::prelude::PolarsError),
    /// The stream's items are not record batches (struct arrays).
    #[error("the Arrow stream holds {0:?}, not record batches")]
    NotRecordBatches(ArrowDataType),
    /// A required column is missing.
    #[error("the record batch has no column {0:?} (needs doc_id: string, data: binary)")]
    MissingColumn(&'static str),
    /// A column has a type that cannot hold its values.
    #[error("column {column:?} has type {dtype:?}; expected a string or binary type")]
    WrongType {
        /// The column.
        column: &'static str,
        /// Its Arrow type.
        dtype: ArrowDataType,
    },
    /// A null where a value is required.
    #[error("column {0:?} holds a null")]
    Null(&'static str),
    /// A text column holds bytes that are not UTF-8.
    #[error("column {0:?} holds a value that is not UTF-8")]
    NotUtf8(&'static str),
}

/// The record batches of an imported Arrow C stream; they own (and keep alive) the
/// producer's buffers until dropped.
pub struct Batches {
    /// The column fields of the stream's schema.
    fields: Vec<Field>,
    /// The record batches, in stream order.
    batches: Vec<StructArray>,
}

impl Batches {
    /// Imports the C stream of an `arrow_array_stream` capsule (what `__arrow_c_stream__()`
    /// returns), taking it over: the capsule's stream is left released, as the Arrow
    /// PyCapsule protocol asks of a consumer, so the producer frees nothing twice.
    ///
    /// # Errors
    /// When the capsule is not a stream capsule, or the stream fails or does not hold
    /// record batches.
    #[allow(unsafe_code)]
    pub fn import(capsule: &Bound<'_, PyCapsule>) -> Result<Self, ArrowInputError> {
        let named = capsule
            .name()
            .ok()
            .flatten()
            .is_some_and(|name| name.to_bytes() == STREAM_CAPSULE.as_bytes());
        if !named {
            return Err(ArrowInputError::NotAStream);
        }
        let stream = capsule.pointer().cast::<ArrowArrayStream>();
        // SAFETY: a capsule named `arrow_array_stream` holds an `ArrowArrayStream` (Arrow
        // PyCapsule protocol). It is moved out and replaced by a released (empty) one; the
        // reader checks that it was not released before and reads it per the C stream
        // interface, and the arrays it returns own the producer's buffers until dropped.
        let mut reader = unsafe {
            let owned = Box::new(std::ptr::replace(stream, ArrowArrayStream::empty()));
            ArrowArrayStreamReader::try_new(owned)?
        };
        let dtype = reader.field().dtype();
        let ArrowDataType::Struct(fields) = dtype else {
            return Err(ArrowInputError::NotRecordBatches(dtype.clone()));
        };
        let fields = fields.clone();
        let mut batches = Vec::new();
        // SAFETY: as above; each array follows the C data interface.
        while let Some(array) = unsafe { reader.next() } {
            let array = array?;
            let Some(batch) = array.as_any().downcast_ref::<StructArray>() else {
                return Err(ArrowInputError::NotRecordBatches(array.dtype().clone()));
            };
            batches.push(batch.clone());
        }
        Ok(Self { fields, batches })
    }

    /// The values of column `name` of every batch, in order, borrowed from the buffers;
    /// `None` when the column is absent.
    ///
    /// # Errors
    /// When the column is not a string/binary type or holds a null.
    pub fn bytes_column(&self, name: &'static str) -> Result<Option<Vec<&[u8]>>, ArrowInputError> {
        let Some(index) = self
            .fields
            .iter()
            .position(|field| field.name.as_str() == name)
        else {
            return Ok(None);
        };
        let mut values = Vec::new();
        for batch in &self.batches {
            push_bytes(batch.values()[index].as_ref(), name, &mut values)?;
        }
        Ok(Some(values))
    }

    /// Like [`Batches::bytes_column`] for a text column: the values as `&str`.
    ///
    /// # Errors
    /// As [`Batches::bytes_column`], or when a value is not UTF-8.
    pub fn text_column(&self, name: &'static str) -> Result<Option<Vec<&str>>, ArrowInputError> {
        self.bytes_column(name)?
            .map(|values| {
                values
                    .into_iter()
                    .map(|bytes| {
                        std::str::from_utf8(bytes).map_err(|_| ArrowInputError::NotUtf8(name))
                    })
                    .collect()
            })
            .transpose()
    }
}

/// Appends the values of a string or binary array of any offset/view layout.
fn push_bytes<'a>(
    array: &'a dyn Array,
    column: &'static str,
    out: &mut Vec<&'a [u8]>,
) -> Result<(), ArrowInputError> {
    fn extend<'a, I: Iterator<Item = Option<&'a [u8]>>>(
        values: I,
        column: &'static str,
        out: &mut Vec<&'a [u8]>,
    ) -> Result<(), ArrowInputError> {
        for value in values {
            out.push(value.ok_or(ArrowInputError::Null(column))?);
        }
        Ok(())
    }
    let any = array.as_any();
    let wrong = || ArrowInputError::WrongType {
        column,
        dtype: array.dtype().clone(),
    };
    match array.dtype() {
        ArrowDataType::Utf8 => {
            let strings = any.downcast_ref::<Utf8Array<i32>>().ok_or_else(wrong)?;
            extend(strings.iter().map(|v| v.map(str::as_bytes)), column, out)
        }
        ArrowDataType::LargeUtf8 => {
            let strings = any.downcast_ref::<Utf8Array<i64>>().ok_or_else(wrong)?;
            extend(strings.iter().map(|v| v.map(str::as_bytes)), column, out)
        }
        ArrowDataType::Utf8View => {
            let strings = any.downcast_ref::<Utf8ViewArray>().ok_or_else(wrong)?;
            extend(strings.iter().map(|v| v.map(str::as_bytes)), column, out)
        }
        ArrowDataType::Binary => extend(
            any.downcast_ref::<BinaryArray<i32>>()
                .ok_or_else(wrong)?
                .iter(),
            column,
            out,
        ),
        ArrowDataType::LargeBinary => extend(
            any.downcast_ref::<BinaryArray<i64>>()
                .ok_or_else(wrong)?
                .iter(),
            column,
            out,
        ),
        ArrowDataType::BinaryView => extend(
            any.downcast_ref::<BinaryViewArray>()
                .ok_or_else(wrong)?
                .iter(),
            column,
            out,
        ),
        _ => Err(wrong()),
    }
}

/// [`export_frame`] wrapped in an `arrow_array_stream` capsule for pyarrow to import.
pub fn frame_capsule(py: Python<'_>, stream: ArrowArrayStream) -> PyResult<Bound<'_, PyCapsule>> {
    let name = std::ffi::CString::new(STREAM_CAPSULE)?;
    PyCapsule::new(py, stream, Some(name))
}

/// Exports `frame` as an Arrow C stream of record batches (struct arrays, one per chunk),
/// with the newest Arrow types Polars has, the same the CLI's Parquet files declare.
#[must_use]
pub fn export_frame(mut frame: DataFrame) -> ArrowArrayStream {
    frame.rechunk_mut();
    let compat = CompatLevel::newest();
    let fields: Vec<Field> = frame
        .columns()
        .iter()
        .map(|column| column.field().to_arrow(compat))
        .collect();
    let dtype = ArrowDataType::Struct(fields);
    let batches: Vec<Box<dyn Array>> = frame
        .iter_chunks(compat, false)
        .map(|batch| {
            let length = batch.height();
            StructArray::new(dtype.clone(), length, batch.into_arrays(), None).boxed()
        })
        .collect();
    export_iterator(
        Box::new(batches.into_iter().map(Ok)),
        Field::new("".into(), dtype, false),
    )
}

// The `extension-module` feature leaves libpython unlinked, so `cargo test --features python`
// cannot link these tests; link it for the crate alone and run the test binary:
//   cargo rustc --lib --features python --profile test -- \
//     -L native=$(python3 -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))') \
//     -l dylib=python3.11
//   LD_LIBRARY_PATH=<LIBDIR> PYTHONHOME=<prefix> target/debug/deps/zhextract-<hash> python::
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_round_trips_through_a_capsule() {
        pyo3::prepare_freethreaded_python();
        Python::with_gil(|py| {
            let frame = polars::df!("doc_id" => ["a.txt", "b.txt"], "data" => ["x", "yz"]).unwrap();
            let capsule = frame_capsule(py, export_frame(frame)).unwrap();
            let batches = Batches::import(&capsule).unwrap();
            let ids = batches.text_column("doc_id").unwrap().unwrap();
            assert_eq!(ids, ["a.txt", "b.txt"]);
            let data = batches.bytes_column("data").unwrap().unwrap();
            assert_eq!(data, [b"x".as_slice(), b"yz".as_slice()]);
            assert!(batches.bytes_column("source_path").unwrap().is_none());
            assert!(matches!(
                Batches::import(&capsule),
                Err(ArrowInputError::Stream(_))
            ));
        });
    }

    #[test]
    fn a_number_column_is_refused() {
        pyo3::prepare_freethreaded_python();
        Python::with_gil(|py| {
            let frame = polars::df!("doc_id" => [1u32, 2]).unwrap();
            let capsule = frame_capsule(py, export_frame(frame)).unwrap();
            let batches = Batches::import(&capsule).unwrap();
            assert!(matches!(
                batches.text_column("doc_id"),
                Err(ArrowInputError::WrongType { .. })
            ));
        });
    }
}
