//! The one integration-test binary (ripgrep/uv style): each file is one area.
mod conformance_opencc;
