//! Every kind of spec problem, one fixture each (`tests/fixtures/invalid/`): the exact report a
//! maintainer reads (an insta snapshot), and the same report on stderr with exit status 2
//! through the CLI, which writes nothing.
//!
//! A new fixture needs a line in `fixtures!` below; `every_fixture_is_tested` fails until it has
//! one. Run `cargo insta review` (or read the `.snap.new` files) after changing a message.

use std::error::Error;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

type TestResult = Result<(), Box<dyn Error>>;

/// The generator's package directory, which fixture paths are relative to.
fn package() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture's path relative to the generator's package: the name diagnostics show, the
/// same on every machine.
fn source(name: &str) -> String {
    format!("tests/fixtures/invalid/{name}.json")
}

/// The plain report of an invalid fixture.
fn report(name: &str) -> Result<String, Box<dyn Error>> {
    let source = source(name);
    let text = fs::read_to_string(package().join(&source))?;
    match volc_codegen::check_spec(&text, &source) {
        Ok(_) => Err(format!("{source} passed the checker; it should not").into()),
        Err(diagnostics) => {
            assert!(!diagnostics.items.is_empty(), "{source}: an empty error");
            Ok(diagnostics.report(&text, false))
        }
    }
}

/// `generate --spec FIXTURE` from the generator's package: exit status 2, nothing written, and
/// the report on stderr.
fn cli_stderr(name: &str) -> Result<String, Box<dyn Error>> {
    let tmp = tempfile::tempdir()?;
    let out = tmp.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_volc-codegen"))
        .current_dir(package())
        .env("NO_COLOR", "1")
        .args(["generate", "--spec", &source(name), "--out"])
        .arg(&out)
        .output()?;
    let stderr = String::from_utf8(output.stderr)?;
    assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
    assert!(!out.exists(), "{name}: an invalid spec must write nothing");
    assert!(
        fs::read_dir(tmp.path())?.next().is_none(),
        "{name}: no staging directory is left behind"
    );
    Ok(stderr)
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() -> TestResult {
                let name = stringify!($name);
                let report = report(name)?;
                insta::assert_snapshot!(name, report);
                assert_eq!(cli_stderr(name)?, report, "the CLI prints the same report");
                Ok(())
            }
        )*

        /// Every fixture tested above.
        const FIXTURES: &[&str] = &[$(stringify!($name)),*];
    };
}

fixtures! {
    action_reserved_name,
    action_rust_collision,
    alias_is_another_value,
    crate_name_not_an_identifier,
    decoded_twin_name_taken,
    duplicate_action,
    duplicate_enum_value,
    duplicate_enum_variant,
    duplicate_field,
    duplicate_provider_region,
    duplicate_shape,
    duplicate_type_name,
    empty_enum,
    empty_file,
    enum_value_wrong_kind,
    event_envelope_without_t,
    event_field_unknown_type,
    event_message_type_unknown,
    event_type_listed_twice,
    event_unknown_shape,
    exactly_one_of_all_forbidden,
    field_not_an_identifier,
    field_rust_collision,
    flatten_not_a_shape,
    forbids_required_fields,
    get_with_nested_field,
    http_endpoint,
    input_is_result,
    integer_enum_out_of_range,
    invalid_pattern,
    location_not_on_an_input,
    malformed_json,
    malformed_version,
    min_items_not_a_list,
    missing_key,
    not_an_object,
    one_of_field_allowed_by_every_member,
    one_of_variant_self,
    one_of_without_group,
    pattern_with_length,
    post_query_nested,
    range_integer_bound_not_an_integer,
    range_min_above_max,
    range_not_a_number,
    recursive_shape,
    recursive_shapes_indirect,
    required_if_forbidden,
    required_if_on_string,
    required_in_exactly_one_of,
    reserved_type_name,
    rule_unknown_field,
    rust_name_not_snake_case,
    service_name_not_alphanumeric,
    several_problems,
    shared_input,
    string_min_above_max,
    switch_not_boolean,
    switch_unknown_field,
    type_name_not_camel_case,
    unknown_action_input,
    unknown_key,
    unknown_rule_kind,
    unknown_type,
    unknown_type_in_list,
    unknown_type_in_map,
    wrong_format_version,
    wrong_json_type,
}

#[test]
fn every_fixture_is_tested() -> TestResult {
    let mut on_disk = Vec::new();
    for entry in fs::read_dir(package().join("tests/fixtures/invalid"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                on_disk.push(stem.to_owned());
            }
        }
    }
    on_disk.sort();
    let mut tested: Vec<String> = FIXTURES.iter().map(|s| (*s).to_owned()).collect();
    tested.sort();
    assert_eq!(on_disk, tested, "add new fixtures to `fixtures!`");
    Ok(())
}

#[test]
fn reports_are_colored_only_when_asked() -> TestResult {
    let source = source("several_problems");
    let text = fs::read_to_string(package().join(&source))?;
    let Err(diagnostics) = volc_codegen::check_spec(&text, &source) else {
        return Err("several_problems.json should be invalid".into());
    };
    let colored = diagnostics.report(&text, true);
    let plain = diagnostics.report(&text, false);
    assert!(colored.contains("\u{1b}["), "{colored}");
    assert!(!plain.contains('\u{1b}'), "{plain}");
    // Same words either way.
    assert!(colored.contains("unknown type `Strng`"));
    assert!(plain.contains("unknown type `Strng`"));
    Ok(())
}

/// Names that are Rust keywords are not errors: they become raw (`r#type`) or renamed
/// (`self_`) identifiers, and fields named like the methods of a request (`Build`) get a
/// trailing underscore. The generated crate must still be valid Rust.
#[test]
fn keyword_names_generate_valid_code() -> TestResult {
    let source = "tests/fixtures/valid/keywords.json";
    let text = fs::read_to_string(package().join(source))?;
    let files = match volc_codegen::generate(&text, source, &volc_codegen::Settings::default()) {
        Ok(files) => files,
        Err(volc_codegen::Error::Spec(diagnostics)) => {
            return Err(format!(
                "unexpected diagnostics:\n{}",
                diagnostics.report(&text, false)
            )
            .into())
        }
        Err(e) => return Err(e.into()),
    };
    let mut all = String::new();
    for (path, content) in &files {
        if path.ends_with(".rs") {
            if let Err(e) = syn::parse_file(content) {
                return Err(format!("{path} does not parse: {e}\n{content}").into());
            }
            all.push_str(content);
        }
    }
    let lib = files.get("src/lib.rs").ok_or("no src/lib.rs")?;
    assert!(lib.contains("mod r#match;"), "{lib}");
    assert!(lib.contains("mod r#type;"), "{lib}");
    for expected in [
        "r#type",
        "r#match",
        "r#in",
        "r#async",
        "r#enum",
        "r#loop",
        "r#static",
        "r#ref",
        "r#mut",
        "super_",
        "r#yield",
        "r#box",
        "self_",
        "crate_",
        "build_",
        "builder_",
        "new_",
        "pub fn r#match(&self) -> MatchCall",
        "pub fn r#type(&self) -> TypeCall",
        // A field's `Option` setter drops the `r#`.
        "pub fn set_in(",
        "pub fn set_ref(",
    ] {
        assert!(
            all.contains(expected),
            "no `{expected}` in the generated code"
        );
    }
    // Module files are named without the `r#` of the raw identifier: `mod r#match;` is `match.rs`.
    for path in files.keys() {
        assert!(!path.contains("r#"), "file name with `r#`: {path}");
    }
    for module in ["src/match.rs", "src/type.rs"] {
        assert!(
            files.contains_key(module),
            "missing {module}: {:?}",
            files.keys()
        );
    }
    Ok(())
}
