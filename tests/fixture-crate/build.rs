//! Generates every spec kept as a generator fixture (the valid ones, and both sides of every
//! change-report pair) and every example spec (`spec/examples/`) as a module of this crate, the
//! way a user's build script would.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    // Read when the script runs (Cargo sets it), not baked in when it is compiled.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let fixtures = manifest.join("../../generator/tests/fixtures");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let mut specs = Vec::new();
    for entry in sorted(&fixtures.join("valid"))? {
        if entry.extension().is_some_and(|e| e == "json") {
            let stem = entry.file_stem().map(|s| s.to_string_lossy().into_owned());
            specs.push((stem.unwrap_or_default(), entry));
        }
    }
    for case in sorted(&fixtures.join("diff"))? {
        let name = case.file_name().map(|s| s.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        for side in ["old", "new"] {
            specs.push((
                format!("diff_{name}_{side}"),
                case.join(format!("{side}.json")),
            ));
        }
    }
    let examples = manifest.join("../../spec/examples");
    for entry in sorted(&examples)? {
        if entry.extension().is_some_and(|e| e == "json") {
            let stem = entry
                .file_stem()
                .map(|s| s.to_string_lossy().replace('-', "_"));
            specs.push((format!("example_{}", stem.unwrap_or_default()), entry));
        }
    }
    println!("cargo:rerun-if-changed={}", fixtures.display());
    println!("cargo:rerun-if-changed={}", examples.display());
    let mut list = String::new();
    for (name, spec) in &specs {
        volc_codegen::Builder::new(spec)
            .out_dir(&out)
            .module_name(name)
            .generate()?;
        writeln!(
            list,
            "/// Generated from `{}`.\npub mod {name} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{name}.rs\"));\n}}",
            spec.strip_prefix(manifest.join("../.."))
                .unwrap_or(spec)
                .display()
        )?;
    }
    writeln!(
        list,
        "\n/// Every fixture module, by name.\npub const FIXTURES: &[&str] = &["
    )?;
    for (name, _) in &specs {
        writeln!(list, "    \"{name}\",")?;
    }
    writeln!(list, "];")?;
    fs::write(out.join("fixtures.rs"), list)?;
    Ok(())
}

/// The entries of a directory, sorted, so that the crate is the same on every machine.
fn sorted(dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut entries = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}
