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

/// The crate a user places in their own workspace: the runtime dependency lands in Cargo.toml
/// exactly as given, and so does the repository.
#[test]
fn runtime_dep_and_repository_land_verbatim() -> TestResult {
    let dir = tempfile::tempdir()?;
    let out_dir = dir.path().join("clients/live");
    let out_arg = out_dir.to_string_lossy().into_owned();
    for dep in [
        r#"{ version = "0.1", default-features = false }"#,
        r#"{ git = "https://github.com/example/volc-live-codegen", tag = "v0.1.0", default-features = false, features = ["rustls"] }"#,
        r#""0.1""#,
        r#"{ workspace = true }"#,
    ] {
        let out = codegen(
            &workspace(),
            &[
                "generate",
                "--out",
                &out_arg,
                "--runtime-dep",
                dep,
                "--repository",
                "https://github.com/example/live-client",
            ],
        )?;
        assert_eq!(
            out.status.code(),
            Some(0),
            "{dep}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let manifest = fs::read_to_string(out_dir.join("Cargo.toml"))?;
        let line = format!("\nvolc-runtime = {dep}\n");
        assert!(
            manifest.contains(&line),
            "{dep} not verbatim in:\n{manifest}"
        );
        assert!(
            manifest.contains("\nrepository = \"https://github.com/example/live-client\"\n"),
            "{manifest}"
        );
        // The manifest is TOML, and the rest of the crate is there.
        let parsed: toml::Table = manifest.parse()?;
        assert!(parsed.contains_key("package"));
        assert!(out_dir.join("src/lib.rs").exists());
    }
    // Without --repository there is no repository key (no placeholder URL).
    let out = codegen(&workspace(), &["generate", "--out", &out_arg])?;
    assert_eq!(out.status.code(), Some(0));
    let manifest = fs::read_to_string(out_dir.join("Cargo.toml"))?;
    assert!(!manifest.contains("repository"), "{manifest}");
    Ok(())
}

#[test]
fn an_invalid_runtime_dep_is_refused_and_nothing_is_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let fresh = dir.path().join("fresh");
    let fresh_arg = fresh.to_string_lossy().into_owned();
    let cases: [(&[&str], &str); 7] = [
        (
            &["--runtime-dep", "{ version = 0.1"],
            "invalid --runtime-dep: \"{ version = 0.1\" is not a TOML value",
        ),
        (
            &["--runtime-dep", "{ features = [\"rustls\"] }"],
            "names no source",
        ),
        (
            &["--runtime-dep", "\"0.1\"\n[features]\nevil = []"],
            "spans lines",
        ),
        (&["--runtime-dep", "[1, 2]"], "is not a dependency"),
        (&["--runtime-dep", "\"\"\"0.1\n\"\"\""], "spans lines"),
        (
            &["--repository", "github.com/example"],
            "invalid --repository: \"github.com/example\" is not a URL",
        ),
        (
            &["--repository", "https://example.com/a b"],
            "invalid --repository",
        ),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["generate", "--out", &fresh_arg];
        args.extend_from_slice(flags);
        let out = codegen(&workspace(), &args)?;
        let stderr = String::from_utf8(out.stderr)?;
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {stderr}");
        assert!(stderr.contains(expected), "{flags:?}: {stderr}");
        assert!(stderr.ends_with("nothing was written\n"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(!fresh.exists(), "{flags:?} wrote {}", fresh.display());
    }
    // An existing crate is left exactly as it was.
    let sandbox = sandbox()?;
    let manifest = sandbox.path().join("generated-client/Cargo.toml");
    let before = fs::read(&manifest)?;
    let out = codegen(sandbox.path(), &["generate", "--runtime-dep", "{ path = "])?;
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read(&manifest)?, before);
    // A huge value is quoted in part: the message stays bounded.
    let huge = format!("{{ version = \"{}", "9".repeat(100_000));
    let out = codegen(
        &workspace(),
        &["generate", "--out", &fresh_arg, "--runtime-dep", &huge],
    )?;
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.len() < 600, "{} bytes", out.stderr.len());
    Ok(())
}

/// `diff --changelog`: the section lands above the newest one, replaces its own version's
/// section when run again, and nothing is written when nothing changed.
#[test]
fn diff_keeps_a_changelog() -> TestResult {
    let dir = tempfile::tempdir()?;
    let changelog = dir.path().join("CHANGELOG.md");
    let path = changelog.to_string_lossy().into_owned();
    let first = "# Changelog\n\nAll notable changes.\n\n## 0.1.0\n\nFirst release.\n";
    fs::write(&changelog, first)?;
    let fixtures = workspace().join("generator/tests/fixtures/diff");
    let pair = |case: &str| {
        [
            fixtures
                .join(case)
                .join("old.json")
                .to_string_lossy()
                .into_owned(),
            fixtures
                .join(case)
                .join("new.json")
                .to_string_lossy()
                .into_owned(),
        ]
    };

    let [old, new] = pair("mixed");
    let out = codegen(&workspace(), &["diff", &old, &new, "--changelog", &path])?;
    // The exit status still says whether something breaks.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(&changelog)?;
    let markdown = codegen(&workspace(), &["diff", &old, &new, "--format", "markdown"])?;
    let section = String::from_utf8(markdown.stdout)?;
    assert!(section.starts_with("## 0.2.0\n"), "{section}");
    assert_eq!(
        text,
        format!("# Changelog\n\nAll notable changes.\n\n{section}\n## 0.1.0\n\nFirst release.\n")
    );

    // Again: the 0.2.0 section is replaced, not repeated.
    let again = codegen(&workspace(), &["diff", &old, &new, "--changelog", &path])?;
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&changelog)?, text);

    // A spec against itself changes nothing, and the file is not touched.
    let spec = workspace().join("spec/live-callback.json");
    let spec = spec.to_string_lossy().into_owned();
    let same = codegen(&workspace(), &["diff", &spec, &spec, "--changelog", &path])?;
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&changelog)?, text);

    // A missing changelog is created with a title.
    let created = dir.path().join("new/CHANGELOG.md");
    fs::create_dir_all(dir.path().join("new"))?;
    let [old, new] = pair("action_added");
    let out = codegen(
        &workspace(),
        &[
            "diff",
            &old,
            &new,
            "--changelog",
            &created.to_string_lossy(),
        ],
    )?;
    assert_eq!(out.status.code(), Some(0));
    let text = fs::read_to_string(&created)?;
    assert!(text.starts_with("# Changelog\n\n## 0.1.1\n"), "{text}");
    // Nothing left beside it.
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("new"))?.collect();
    assert_eq!(leftovers.len(), 1);
    Ok(())
}

/// `diff --changelog` on a changelog that is a symbolic link replaces the file it points to,
/// keeps the link and the file's permissions.
#[cfg(unix)]
#[test]
fn the_changelog_is_replaced_through_a_link_and_keeps_its_mode() -> TestResult {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir()?;
    let real = dir.path().join("real.md");
    fs::write(&real, "# Changelog\n")?;
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640))?;
    let link = dir.path().join("CHANGELOG.md");
    symlink(&real, &link)?;
    let fixtures = workspace().join("generator/tests/fixtures/diff/action_added");
    let out = codegen(
        &workspace(),
        &[
            "diff",
            &fixtures.join("old.json").to_string_lossy(),
            &fixtures.join("new.json").to_string_lossy(),
            "--changelog",
            &link.to_string_lossy(),
        ],
    )?;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(fs::symlink_metadata(&link)?.file_type().is_symlink());
    assert!(fs::read_to_string(&real)?.contains("## 0.1.1"));
    assert_eq!(fs::metadata(&real)?.permissions().mode() & 0o777, 0o640);
    assert_eq!(
        fs::read_dir(dir.path())?.count(),
        2,
        "no temporary file left"
    );
    Ok(())
}

#[test]
fn overlay_schema_file_is_in_sync_with_the_generator() -> TestResult {
    let out = codegen(
        &workspace(),
        &["schema", "--overlay", "--check", "spec/overlay.schema.json"],
    )?;
    assert_eq!(
        out.status.code(),
        Some(0),
        "spec/overlay.schema.json is stale: run `cargo run -p volc-codegen -- schema --overlay > spec/overlay.schema.json`"
    );
    Ok(())
}

/// `generate --only` writes the crate of the listed actions alone: from the whole-Live spec,
/// three actions make a crate with three action modules and a small `types.rs`; a name the spec
/// does not have is exit 2 with the nearest name, and nothing is written.
#[test]
fn generate_only_keeps_the_listed_actions() -> TestResult {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("three");
    let spec = workspace().join("spec/live.json");
    let spec = spec.to_str().ok_or("a non-UTF-8 path")?;
    let out_arg = out.to_str().ok_or("a non-UTF-8 path")?;
    let run = codegen(
        &workspace(),
        &[
            "generate",
            "--spec",
            spec,
            "--out",
            out_arg,
            "--only",
            "UpdateCallback,DescribeCallback,DeleteCallback",
        ],
    )?;
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut modules: Vec<String> = fs::read_dir(out.join("src"))?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    modules.sort();
    assert_eq!(
        modules,
        [
            "client.rs",
            "delete_callback.rs",
            "describe_callback.rs",
            "events.rs",
            "lib.rs",
            "types.rs",
            "update_callback.rs"
        ]
    );
    let lines: usize = modules
        .iter()
        .map(|m| fs::read_to_string(out.join("src").join(m)).map(|t| t.lines().count()))
        .sum::<Result<_, _>>()?;
    assert!(lines < 2_500, "{lines} lines for three actions");

    let refused = dir.path().join("refused");
    let refused_arg = refused.to_str().ok_or("a non-UTF-8 path")?;
    let run = codegen(
        &workspace(),
        &[
            "generate",
            "--spec",
            spec,
            "--out",
            refused_arg,
            "--only",
            "UpdateCallbak",
        ],
    )?;
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(
            "the action allow-list names an action the spec does not have: `UpdateCallbak`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `UpdateCallback`?"),
        "{stderr}"
    );
    assert!(!refused.exists());
    Ok(())
}
