//! The generator's output for the real spec: snapshots of every file, determinism, and the
//! committed crate being exactly what the spec produces.

use std::path::{Path, PathBuf};

use volc_codegen::{generate, output, Settings};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate_real() -> Result<std::collections::BTreeMap<String, String>, Box<dyn std::error::Error>>
{
    let text = std::fs::read_to_string(workspace().join("spec/live-callback.json"))?;
    Ok(generate(
        &text,
        "spec/live-callback.json",
        &Settings::default(),
    )?)
}

#[test]
fn every_generated_file_matches_its_snapshot() -> TestResult {
    let files = generate_real()?;
    assert!(
        files.len() >= 7,
        "lib, types, client, three actions, Cargo.toml, README"
    );
    for (path, text) in &files {
        insta::assert_snapshot!(path.replace(['/', '.'], "_"), text);
    }
    Ok(())
}

#[test]
fn generation_is_deterministic() -> TestResult {
    assert_eq!(generate_real()?, generate_real()?);
    Ok(())
}

#[test]
fn committed_crate_is_what_the_spec_produces() -> TestResult {
    let drift = output::check(&workspace().join("generated-client"), &generate_real()?)?;
    assert!(
        drift.is_empty(),
        "generated-client/ is stale; run `cargo run -p volc-codegen -- generate`:\n{}",
        drift.render()
    );
    Ok(())
}

#[test]
fn every_generated_file_says_it_is_generated() -> TestResult {
    for (path, text) in generate_real()? {
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains(output::MARKER), "{path}: {first}");
        assert!(first.contains("spec/live-callback.json"), "{path}: {first}");
    }
    Ok(())
}
