//! The one integration-test binary (ripgrep/uv style): each file is one area.
#![allow(
    clippy::unwrap_used,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::disallowed_methods,
    missing_docs,
    reason = "tests report by panicking and printing, and write their own fixtures"
)]
mod bad_input;
mod bench;
mod case_table;
mod cases_dates;
mod cases_indicators;
mod cases_organizations;
mod cases_policies;
mod conformance_dates;
mod conformance_numbers;
mod conformance_opencc;
mod diff;
mod eval;
mod fuzz_regressions;
mod gold;
mod incremental;
mod kill;
mod limits;
mod pipeline;
mod provenance;
mod report;
mod rules;
mod shards;
mod show;
mod snapshots;
mod write;
