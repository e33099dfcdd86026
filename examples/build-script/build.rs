//! Generates the Live callback client into `OUT_DIR/live.rs`; `src/lib.rs` includes it.
//!
//! The spec is the one place this file names the repository: copied elsewhere, set `SPEC` to
//! your spec's path (relative to this crate's root, where Cargo runs build scripts, or
//! absolute).

/// The spec to generate from. `tests/build_script.rs` copies this file and rewrites this line.
const SPEC: &str = "../../spec/live-callback.json";

fn main() {
    // Prints `cargo:rerun-if-changed=` for the spec first, so editing it reruns this script (and
    // nothing else does), then writes `live.rs` only if its content changed.
    let generated = volc_codegen::Builder::new(SPEC)
        .module_name("live")
        .generate();
    if let Err(error) = generated {
        // An invalid spec: `Display` is the generator's report, every problem with its spec
        // line underlined, as `volc-codegen generate` prints it; Cargo shows it under
        // `--- stderr` and fails the build. (`fn main() -> Result<(), BuildError>` works too:
        // Rust then prints `Error: the spec is invalid` and the same report below it.)
        eprintln!("{error}");
        std::process::exit(1);
    }
}
