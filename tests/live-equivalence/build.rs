//! Writes, from `spec/live.json`, a sample request for every action as Rust code through the
//! typed client (`samples.rs`) and as the wire form the spec prescribes (`samples.json`).

#[path = "build/samples.rs"]
mod samples;

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let spec = manifest.join("../../spec/live.json");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed=build/samples.rs");
    let text = std::fs::read_to_string(&spec)?;
    let model = volc_codegen::check_spec(&text, "spec/live.json")?;
    let out = samples::samples(&model, "volc_live")?;
    let dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(dir.join("samples.rs"), out.rust)?;
    std::fs::write(
        dir.join("samples.json"),
        serde_json::to_string_pretty(&out.json)?,
    )?;
    Ok(())
}
