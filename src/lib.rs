//! zhextract (work in progress skeleton)
#![allow(missing_docs)]
pub mod batch;
pub mod extract;
pub mod ingest;
pub mod normalize;
pub mod pipeline;
pub mod read;
pub mod rules;
pub mod segment;
pub mod span;
pub mod validate;
pub mod write;
