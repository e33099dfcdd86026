//! Every spec kept as a generator fixture, generated into a module by `build.rs` and compiled
//! here with warnings denied (and, in CI, clippy and rustdoc with `-D warnings`): a fixture
//! whose generated code does not compile, or compiles with a warning or a broken doc link,
//! fails the build.
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
