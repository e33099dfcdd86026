//! Every spec kept as a generator fixture, generated into a module by `build.rs` and compiled
//! here with warnings denied (and, in CI, clippy with `-D warnings`): a fixture whose generated
//! code does not compile, or compiles with a warning, fails the build.
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
