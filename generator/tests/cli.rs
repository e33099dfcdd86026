//! The command line as a maintainer uses it: exit statuses, `--check`, diagnostics.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn codegen(cwd: &Path, args: &[&str]) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_volc-codegen"))
        .current_dir(cwd)
        .args(args)
        .output()
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A copy of the spec and the generated crate, laid out as in the workspace.
fn sandbox() -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    fs::create_dir_all(dir.path().join("spec"))?;
    fs::copy(
        workspace().join("spec/live-callback.json"),
        dir.path().join("spec/live-callback.json"),
    )?;
    copy_dir(
        &workspace().join("generated-client"),
        &dir.path().join("generated-client"),
    )?;
    Ok(dir)
}

#[test]
fn check_passes_on_the_committed_tree() -> TestResult {
    let out = codegen(&workspace(), &["generate", "--check"])?;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    Ok(())
}

#[test]
fn check_fails_with_a_diff_after_a_spec_change() -> TestResult {
    let dir = sandbox()?;
    let unchanged = codegen(dir.path(), &["generate", "--check"])?;
    assert_eq!(unchanged.status.code(), Some(0));

    let spec = dir.path().join("spec/live-callback.json");
    let text = fs::read_to_string(&spec)?;
    let edited = text.replacen(
        "Lists callback configurations.",
        "Lists the callback configurations.",
        1,
    );
    assert_ne!(text, edited, "the edit must change the spec");
    fs::write(&spec, edited)?;
    let before = fs::read_to_string(dir.path().join("generated-client/src/describe_callback.rs"))?;

    let out = codegen(dir.path(), &["generate", "--check"])?;
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("--- a/src/describe_callback.rs"), "{diff}");
    assert!(
        diff.contains("+//! Lists the callback configurations."),
        "{diff}"
    );
    let after = fs::read_to_string(dir.path().join("generated-client/src/describe_callback.rs"))?;
    assert_eq!(before, after, "--check writes nothing");

    let regenerate = codegen(dir.path(), &["generate"])?;
    assert_eq!(regenerate.status.code(), Some(0));
    assert_eq!(
        codegen(dir.path(), &["generate", "--check"])?.status.code(),
        Some(0)
    );
    Ok(())
}

#[test]
fn an_invalid_spec_exits_2_and_leaves_the_output_alone() -> TestResult {
    let dir = sandbox()?;
    let spec = dir.path().join("spec/live-callback.json");
    let text = fs::read_to_string(&spec)?;
    fs::write(
        &spec,
        text.replacen("\"type\": \"CallbackType\"", "\"type\": \"CallbackTyp\"", 1),
    )?;
    let lib = dir.path().join("generated-client/src/lib.rs");
    let before = fs::read(&lib)?;
    let out = codegen(dir.path(), &["generate"])?;
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown type `CallbackTyp`"), "{stderr}");
    assert!(stderr.contains("did you mean `CallbackType`?"), "{stderr}");
    assert_eq!(fs::read(&lib)?, before);
    Ok(())
}

#[test]
fn schema_file_is_in_sync_with_the_generator() -> TestResult {
    let out = codegen(
        &workspace(),
        &["schema", "--check", "spec/spec.schema.json"],
    )?;
    assert_eq!(
        out.status.code(),
        Some(0),
        "spec/spec.schema.json is stale: run `cargo run -p volc-codegen -- schema > spec/spec.schema.json`"
    );
    Ok(())
}
