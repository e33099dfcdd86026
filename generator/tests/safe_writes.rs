//! A failed generation leaves the output exactly as it was; a successful one replaces what the
//! generator owns and keeps everything else. Through the CLI, as a maintainer runs it.

use std::collections::BTreeMap;
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn Error>>;

const INVALID_SPEC: &str = "generator/tests/fixtures/invalid/unknown_type.json";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `volc-codegen generate --spec SPEC --out OUT`, from the workspace root.
fn generate(spec: &str, out: &Path) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_volc-codegen"))
        .current_dir(workspace())
        .env("NO_COLOR", "1")
        .args(["generate", "--spec", spec, "--out"])
        .arg(out)
        .output()
}

/// Every entry under `dir`: files by content, directories as such, symlinks by target.
fn snapshot(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, Box<dyn Error>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            let path = entry.path();
            let relative = path.strip_prefix(dir)?.to_owned();
            let kind = entry.file_type()?;
            if kind.is_symlink() {
                let target = fs::read_link(&path)?;
                all.insert(relative, format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                all.insert(relative, b"<dir>".to_vec());
                stack.push(path);
            } else {
                all.insert(relative, fs::read(&path)?);
            }
        }
    }
    Ok(all)
}

/// A freshly generated crate in `parent/out`, with hand-written files beside the generated ones.
fn generated_crate(parent: &Path) -> Result<PathBuf, Box<dyn Error>> {
    let out = parent.join("out");
    let done = generate("spec/live-callback.json", &out)?;
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    fs::create_dir_all(out.join("examples"))?;
    fs::write(out.join("examples/mine.rs"), "fn main() {}\n")?;
    fs::write(out.join("NOTES.md"), "kept by hand\n")?;
    Ok(out)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Names in `dir` other than `keep`: staging or backup directories left behind.
fn leftovers(dir: &Path, keep: &[&str]) -> Result<Vec<String>, Box<dyn Error>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !keep.contains(&name.as_str()) {
            names.push(name);
        }
    }
    Ok(names)
}

#[test]
fn an_invalid_spec_leaves_the_output_byte_identical() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let out = generated_crate(tmp.path())?;
    let before = snapshot(&out)?;
    assert!(before.contains_key(Path::new("src/lib.rs")));

    let failed = generate(INVALID_SPEC, &out)?;
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("unknown type `Strng`"));
    assert_eq!(snapshot(&out)?, before, "the output changed");
    assert_eq!(leftovers(tmp.path(), &["out"])?, Vec::<String>::new());
    Ok(())
}

/// Checks a failed write: exit status 3, a message naming `culprit` and saying the output was
/// kept, and the output byte-identical.
fn assert_write_failed(
    output: &Output,
    culprit: &Path,
    out: &Path,
    before: &BTreeMap<PathBuf, Vec<u8>>,
) -> TestResult {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(3), "{message}");
    assert!(
        message.contains(&culprit.display().to_string()),
        "the error names {}: {message}",
        culprit.display()
    );
    assert!(message.contains("was left as it was"), "{message}");
    assert_eq!(&snapshot(out)?, before, "the output changed");
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_read_only_parent_fails_with_status_3_and_leaves_the_output() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir()?;
    let parent = tmp.path().join("parent");
    fs::create_dir(&parent)?;
    let out = generated_crate(&parent)?;
    let before = snapshot(&out)?;

    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555))?;
    // Root ignores permission bits: then this case cannot be staged, and the test below
    // (a staging path taken by a file) covers a failed write instead.
    let probe = parent.join(".probe");
    let privileged = fs::write(&probe, "").is_ok();
    let result = if privileged {
        fs::remove_file(&probe).map_err(Into::into)
    } else {
        generate("spec/live-callback.json", &out)
            .map_err(Into::into)
            .and_then(|failed| assert_write_failed(&failed, &parent, &out, &before))
    };
    // Writable again, so that the temporary directory can be removed.
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755))?;
    result
}

#[test]
fn a_staging_path_taken_by_a_file_fails_with_status_3_and_leaves_the_output() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let out = generated_crate(tmp.path())?;
    let before = snapshot(&out)?;
    // The generator stages the new crate in `.out.volc-codegen-new`; a file there (which it
    // will not delete: it is not a directory it made) makes staging fail, even for root.
    let staging = tmp.path().join(".out.volc-codegen-new");
    fs::write(&staging, "not a directory\n")?;

    let failed = generate("spec/live-callback.json", &out)?;
    assert_write_failed(&failed, &staging, &out, &before)?;
    assert_eq!(fs::read(&staging)?, b"not a directory\n");
    Ok(())
}

#[test]
fn regenerating_removes_stale_generated_files_and_keeps_the_rest() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let out = generated_crate(tmp.path())?;
    let fresh = snapshot(&out)?;
    // A file the generator wrote once and no longer produces, and hand-written ones, one of
    // them in `src/` beside generated files.
    fs::write(
        out.join("src/old_action.rs"),
        "// @generated by volc-codegen 0.0.1 from spec/live-callback.json. Do not edit by hand.\n",
    )?;
    fs::write(out.join("src/handwritten.rs"), "// mine\n")?;
    // A generated file edited by hand is the generator's: it is restored.
    fs::write(
        out.join("src/types.rs"),
        "// @generated by volc-codegen\nbroken\n",
    )?;

    let done = generate("spec/live-callback.json", &out)?;
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let mut after = snapshot(&out)?;
    assert!(!out.join("src/old_action.rs").exists(), "stale file kept");
    assert_eq!(
        after.remove(Path::new("src/handwritten.rs")),
        Some(b"// mine\n".to_vec()),
        "hand-written file lost"
    );
    assert_eq!(after, fresh, "the rest is exactly a fresh generation");
    assert_eq!(leftovers(tmp.path(), &["out"])?, Vec::<String>::new());
    Ok(())
}
