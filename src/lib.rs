//! zhextract (work in progress skeleton)
#![allow(missing_docs)]
pub mod extract;
pub mod ingest;
pub mod pipeline;
pub mod normalize;
pub mod rules;
pub mod segment;
pub mod span;
pub mod write;
