//! The one integration-test binary (ripgrep/uv style): each file is one area.
mod cases_dates;
mod cases_indicators;
mod cases_organizations;
mod conformance_dates;
mod conformance_numbers;
mod conformance_opencc;
mod pipeline;
mod provenance;
mod write;
