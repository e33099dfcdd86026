//! The generator's output for the real spec: determinism, and the committed crate being exactly
//! what the spec produces (a spec change shows up as a diff of `generated-client/`, reviewed with
//! the change; the fixtures' output is compiled by `tests/fixture-crate`).

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
fn every_file_of_the_crate_is_generated() -> TestResult {
    let files = generate_real()?;
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "README.md",
            "src/client.rs",
            "src/delete_callback.rs",
            "src/describe_callback.rs",
            "src/events.rs",
            "src/lib.rs",
            "src/types.rs",
            "src/update_callback.rs",
        ]
    );
    Ok(())
}

/// The build-script form of the same spec is one file of items that includes nothing and has
/// no inner attributes, so it can be `include!`d in any module.
#[test]
fn the_module_form_has_no_inner_attributes() -> TestResult {
    let text = std::fs::read_to_string(workspace().join("spec/live-callback.json"))?;
    let module =
        volc_codegen::generate_module(&text, "spec/live-callback.json", &Settings::default())?;
    let file = syn::parse_file(&module)?;
    assert!(
        file.attrs.is_empty(),
        "the module file has inner attributes"
    );
    for item in &file.items {
        if let syn::Item::Mod(m) = item {
            assert!(
                m.content.is_some(),
                "`mod {};` refers to another file",
                m.ident
            );
        }
    }
    assert!(module.contains("pub mod update_callback {"));
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
