//! The README's Rust blocks as doctests: `cargo test -p volc-readme --doc` compiles every one
//! and runs those not marked `no_run` (the ones that would call a service). A block that
//! cannot compile by nature is marked `ignore` in the README, which says why.

#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct Readme;
