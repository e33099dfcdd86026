//! `volc-codegen diff`: one pair of specs per kind of change under `tests/fixtures/diff/<case>/`
//! (`old.json` is a copy of `spec/live-callback.json`, `new.json` changes one thing), each with
//! a snapshot of the text report and its exit status; one JSON report; a spec against itself;
//! invalid and missing specs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The generator's package directory, which fixture paths are relative to.
fn package() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const FIXTURES: &str = "tests/fixtures/diff";

/// Runs the CLI from the generator's package, so that reports name the fixtures by relative
/// paths.
fn codegen(args: &[&str]) -> std::io::Result<Output> {
    codegen_in(&package(), args)
}

/// Runs the CLI from the workspace root, where `spec/live-callback.json` is.
fn codegen_at_root(args: &[&str]) -> std::io::Result<Output> {
    codegen_in(&workspace(), args)
}

fn codegen_in(dir: &Path, args: &[&str]) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_volc-codegen"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
}

/// Diffs a fixture pair through the CLI; checks the exit status, that the library agrees, and
/// that nothing goes to stderr. Returns stdout.
fn diff_case(
    case: &str,
    format: &str,
    expected_status: i32,
) -> Result<String, Box<dyn std::error::Error>> {
    let old = format!("{FIXTURES}/{case}/old.json");
    let new = format!("{FIXTURES}/{case}/new.json");
    let out = codegen(&["diff", &old, &new, "--format", format])?;
    let stdout = String::from_utf8(out.stdout)?;
    let stderr = String::from_utf8(out.stderr)?;
    assert_eq!(
        out.status.code(),
        Some(expected_status),
        "{case}\n{stdout}{stderr}"
    );
    assert_eq!(stderr, "", "{case}");

    // Both sides are valid specs, and the library says what the exit status says.
    let model = |path: &str| -> Result<volc_codegen::model::Model, Box<dyn std::error::Error>> {
        let text = fs::read_to_string(package().join(path))?;
        Ok(volc_codegen::check_spec(&text, path)?)
    };
    let report = volc_codegen::diff::diff(&model(&old)?, &model(&new)?);
    assert_eq!(report.is_breaking(), expected_status == 1, "{case}");
    assert!(
        !report.changes.is_empty() || case == "crate_version_bumped",
        "{case}: no change found"
    );
    Ok(stdout)
}

macro_rules! cases {
    ($($case:ident => $status:expr,)+) => {
        const CASES: &[&str] = &[$(stringify!($case)),+];

        $(
            #[test]
            fn $case() -> TestResult {
                let text = diff_case(stringify!($case), "text", $status)?;
                insta::assert_snapshot!(stringify!($case), text);
                Ok(())
            }
        )+
    };
}

const BREAKING: i32 = 1;
const COMPATIBLE: i32 = 0;

cases! {
    // Breaking: code written against the old crate stops compiling, or the wire changes.
    action_removed => BREAKING,
    action_method_changed => BREAKING,
    action_input_changed => BREAKING,
    action_result_changed => BREAKING,
    action_result_removed => BREAKING,
    field_removed_request => BREAKING,
    field_removed_response => BREAKING,
    field_type_changed_response => BREAKING,
    field_optional_to_required => BREAKING,
    field_required_to_optional => BREAKING,
    field_required_added => BREAKING,
    constructor_new_to_builder => BREAKING,
    enum_value_removed => BREAKING,
    enum_wire_value_changed => BREAKING,
    enum_value_renamed => BREAKING,
    rule_added => BREAKING,
    rule_min_items_raised => BREAKING,
    pattern_tightened => BREAKING,
    field_type_integer_to_float => BREAKING,
    field_type_string_to_json => BREAKING,
    range_added => BREAKING,
    range_narrowed => BREAKING,
    alias_removed => BREAKING,
    shape_gains_first_field => BREAKING,
    shape_loses_last_field => BREAKING,
    shape_rust_name_changed => BREAKING,
    event_type_removed => BREAKING,
    event_type_renamed => BREAKING,
    min_length_raised => BREAKING,
    max_length_lowered => BREAKING,
    representation_changed => BREAKING,
    type_renamed => BREAKING,
    variant_added => BREAKING,
    variant_field_added => BREAKING,
    switch_rule_removed => BREAKING,
    sensitive_removed => BREAKING,
    sensitive_added => BREAKING,
    shape_module_moved => BREAKING,
    service_name_changed => BREAKING,
    service_version_changed => BREAKING,
    endpoint_removed => BREAKING,
    endpoint_url_changed => BREAKING,
    region_removed => BREAKING,
    action_version_changed => BREAKING,
    field_location_changed => BREAKING,
    // Compatible.
    range_widened => COMPATIBLE,
    events_added => COMPATIBLE,
    event_type_added => COMPATIBLE,
    alias_added => COMPATIBLE,
    action_idempotent_changed => COMPATIBLE,
    field_optional_added => COMPATIBLE,
    field_added_response => COMPATIBLE,
    field_required_response => COMPATIBLE,
    enum_value_added => COMPATIBLE,
    action_added => COMPATIBLE,
    action_result_added => COMPATIBLE,
    new_types_for_new_field => COMPATIBLE,
    rule_removed => COMPATIBLE,
    rule_added_on_new_field => COMPATIBLE,
    pattern_loosened => COMPATIBLE,
    length_widened => COMPATIBLE,
    docs_changed => COMPATIBLE,
    example_changed => COMPATIBLE,
    notes_changed => COMPATIBLE,
    rate_limit_changed => COMPATIBLE,
    endpoint_added => COMPATIBLE,
    region_added => COMPATIBLE,
    crate_version_bumped => COMPATIBLE,
    // Several at once; also the JSON snapshot below.
    mixed => BREAKING,
}

#[test]
fn every_fixture_has_a_case() -> TestResult {
    let mut on_disk = Vec::new();
    for entry in fs::read_dir(package().join(FIXTURES))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            on_disk.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| (*c).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    Ok(())
}

#[test]
fn json_report() -> TestResult {
    let json = diff_case("mixed", "json", BREAKING)?;
    let value: serde_json::Value = serde_json::from_str(&json)?;
    assert_eq!(value["breaking"], true);
    assert_eq!(value["summary"]["total"], 3);
    insta::assert_snapshot!("mixed_json", json);
    Ok(())
}

#[test]
fn a_spec_against_itself() -> TestResult {
    for format in ["text", "json"] {
        let spec = "spec/live-callback.json";
        let out = codegen_at_root(&["diff", spec, spec, "--format", format])?;
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8(out.stdout)?;
        if format == "text" {
            assert!(stdout.contains("\nNo changes.\n"), "{stdout}");
            insta::assert_snapshot!("identity", stdout);
        } else {
            let value: serde_json::Value = serde_json::from_str(&stdout)?;
            assert_eq!(value["changes"], serde_json::json!([]));
            assert_eq!(value["bump"]["current"], "none");
        }
    }
    Ok(())
}

#[test]
fn invalid_specs_exit_2_with_the_diagnostics_generate_prints() -> TestResult {
    let dir = tempfile::tempdir()?;
    let spec = fs::read_to_string(workspace().join("spec/live-callback.json"))?;
    let broken = spec.replacen("\"type\": \"AppName\"", "\"type\": \"AppNme\"", 1);
    assert_ne!(spec, broken);
    let bad = dir.path().join("bad.json");
    fs::write(&bad, broken)?;
    let bad = bad.to_string_lossy().into_owned();
    let good = "spec/live-callback.json";

    let generate = codegen_at_root(&["generate", "--check", "--spec", &bad])?;
    assert_eq!(generate.status.code(), Some(2));
    let expected = String::from_utf8(generate.stderr)?;
    assert!(expected.contains("AppNme"), "{expected}");

    for args in [[good, bad.as_str()], [bad.as_str(), good]] {
        let out = codegen_at_root(&["diff", args[0], args[1]])?;
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8(out.stderr)?, expected);
        assert!(out.stdout.is_empty());
    }
    // Both invalid: both are reported.
    let out = codegen_at_root(&["diff", &bad, &bad])?;
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stderr)?, expected.repeat(2));
    Ok(())
}

#[test]
fn a_missing_spec_exits_2() -> TestResult {
    let out = codegen_at_root(&["diff", "spec/live-callback.json", "no/such/spec.json"])?;
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr)?;
    assert!(
        stderr.contains("cannot read spec no/such/spec.json"),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn an_unknown_format_is_a_usage_error() -> TestResult {
    let spec = "spec/live-callback.json";
    let out = codegen_at_root(&["diff", spec, spec, "--format", "yaml"])?;
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    Ok(())
}

#[test]
fn the_readme_documents_every_kind() -> TestResult {
    let readme = fs::read_to_string(workspace().join("README.md"))?;
    let start = readme
        .find("### Change reports")
        .ok_or("README has no \"### Change reports\" section")?;
    // The section ends at the next `## ` heading outside a code block.
    let mut in_code = false;
    let mut end = readme.len();
    let mut offset = start;
    for line in readme[start..].split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with("## ") {
            end = offset;
            break;
        }
        offset += line.len();
    }
    let section = &readme[start..end];
    for kind in volc_codegen::diff::ChangeKind::ALL {
        let name = format!("`{}`", kind.as_str());
        assert!(
            section.contains(&name),
            "README's change reports do not mention {name}"
        );
    }
    Ok(())
}

/// `--format markdown`: the CHANGELOG section, for a breaking change, an addition and no change.
#[test]
fn markdown_sections() -> TestResult {
    for (case, status) in [
        ("mixed", BREAKING),
        ("action_removed", BREAKING),
        ("action_added", COMPATIBLE),
        ("docs_changed", COMPATIBLE),
    ] {
        let markdown = diff_case(case, "markdown", status)?;
        assert!(markdown.starts_with("## "), "{markdown}");
        if status == BREAKING {
            assert!(markdown.contains("\n### Breaking changes\n"), "{markdown}");
        }
        insta::assert_snapshot!(format!("markdown_{case}"), markdown);
    }
    let spec = "spec/live-callback.json";
    let out = codegen_at_root(&["diff", spec, spec, "--format", "markdown"])?;
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("markdown_identity", String::from_utf8(out.stdout)?);
    Ok(())
}
