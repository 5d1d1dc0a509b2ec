//! Shared checks of the fuzz targets. `checks.rs` is also compiled into the main test
//! suite (`tests/it/fuzz_regressions.rs` includes it by path), so a crash input kept in
//! `regressions/` is replayed against exactly the assertions that found it.

pub mod checks;
