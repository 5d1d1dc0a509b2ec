//! The one integration-test binary (ripgrep/uv style): each file is one area.
mod conformance_opencc;
mod cases_dates;
mod cases_indicators;
mod cases_organizations;
mod write;
