//! Unit tests of the differ on edits of the real spec.

use serde_json::Value;

use super::prose::{show_ranges, subtract};
use super::*;
use std::collections::BTreeSet;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const SPEC: &str = include_str!("../../../spec/live-callback.json");

/// The real spec, edited by `edit`, checked.
fn model(edit: impl FnOnce(&mut Value) -> Option<()>) -> Result<Model, Box<dyn std::error::Error>> {
    let mut value: Value = serde_json::from_str(SPEC)?;
    edit(&mut value).ok_or("the edit did not find what it edits")?;
    Ok(crate::check_spec(
        &serde_json::to_string(&value)?,
        "edited.json",
    )?)
}

fn named<'v>(value: &'v mut Value, list: &str, name: &str) -> Option<&'v mut Value> {
    value[list]
        .as_array_mut()?
        .iter_mut()
        .find(|item| item["name"] == name)
}

fn field<'v>(value: &'v mut Value, shape: &str, name: &str) -> Option<&'v mut Value> {
    named(value, "shapes", shape)?["fields"]
        .as_array_mut()?
        .iter_mut()
        .find(|f| f["name"] == name)
}

fn report(
    edit: impl FnOnce(&mut Value) -> Option<()>,
) -> Result<Report, Box<dyn std::error::Error>> {
    Ok(diff(&model(|_| Some(()))?, &model(edit)?))
}

fn kinds(report: &Report) -> Vec<(&str, &str, &str)> {
    report
        .changes
        .iter()
        .map(|c| (c.path.as_str(), c.kind.as_str(), c.impact.as_str()))
        .collect()
}

#[test]
fn a_spec_against_itself_has_no_changes() -> TestResult {
    let report = report(|_| Some(()))?;
    assert!(report.changes.is_empty());
    assert_eq!(report.bump(), Bump::None);
    assert_eq!(report.next_version().as_deref(), Some("0.1.0"));
    assert!(!report.is_breaking());
    Ok(())
}

#[test]
fn declaration_order_is_not_a_change() -> TestResult {
    let report = report(|v| {
        for list in ["actions", "shapes", "enums"] {
            v[list].as_array_mut()?.reverse();
        }
        named(v, "enums", "MessageType")?["values"]
            .as_array_mut()?
            .reverse();
        Some(())
    })?;
    assert_eq!(kinds(&report), Vec::<(&str, &str, &str)>::new());
    Ok(())
}

#[test]
fn versions_and_bumps() {
    assert_eq!(Bump::Minor.apply("0.1.3").as_deref(), Some("0.2.0"));
    assert_eq!(Bump::Patch.apply("0.1.3").as_deref(), Some("0.1.4"));
    assert_eq!(Bump::Major.apply("1.4.2+build.7").as_deref(), Some("2.0.0"));
    assert_eq!(Bump::None.apply("0.1.0-alpha.1").as_deref(), Some("0.1.0"));
    assert_eq!(Bump::Minor.apply("0.1"), None);
    assert_eq!(Bump::Minor.apply("0.1.0.0"), None);
    assert_eq!(Bump::Minor.apply("v0.1.0"), None);
    assert_eq!(Bump::Patch.apply(&format!("0.1.{}", u64::MAX)), None);
    assert_eq!(Bump::before_1_0(Some(Impact::Breaking)), Bump::Minor);
    assert_eq!(Bump::before_1_0(Some(Impact::Addition)), Bump::Patch);
    assert_eq!(Bump::before_1_0(Some(Impact::Compatible)), Bump::Patch);
    assert_eq!(Bump::after_1_0(Some(Impact::Breaking)), Bump::Major);
    assert_eq!(Bump::after_1_0(Some(Impact::Addition)), Bump::Minor);
    assert_eq!(Bump::after_1_0(Some(Impact::Compatible)), Bump::Patch);
    assert_eq!(Bump::after_1_0(None), Bump::None);
}

#[test]
fn a_1_x_crate_bumps_minor_for_additions() -> TestResult {
    let old = model(|v| {
        v["service"]["crate_version"] = "1.2.3".into();
        Some(())
    })?;
    let new = model(|v| {
        v["service"]["crate_version"] = "1.2.3".into();
        let values = named(v, "enums", "MessageType")?["values"].as_array_mut()?;
        values.push(serde_json::json!({"value": "transcode", "name": "Transcode", "docs": {"zh": "转码。", "en": "Transcoding."}}));
        Some(())
    })?;
    let report = diff(&old, &new);
    assert!(report.is_post_1_0());
    assert_eq!(report.bump(), Bump::Minor);
    assert_eq!(report.next_version().as_deref(), Some("1.3.0"));
    assert_eq!(report.new_version_suffices(), Some(false));
    assert!(report.to_text().contains("1.2.3 -> 1.3.0"));
    Ok(())
}

#[test]
fn new_spec_version_is_compared_with_the_bump() -> TestResult {
    let report = report(|v| {
        v["service"]["version"] = "2024-01-01".into();
        v["service"]["crate_version"] = "0.2.0-rc.1".into();
        Some(())
    })?;
    assert_eq!(report.next_version().as_deref(), Some("0.2.0"));
    assert_eq!(report.new_version_suffices(), Some(false));
    let report = report_with_version("0.3.0")?;
    assert_eq!(report.new_version_suffices(), Some(true));
    Ok(())
}

fn report_with_version(version: &str) -> Result<Report, Box<dyn std::error::Error>> {
    report(|v| {
        v["service"]["version"] = "2024-01-01".into();
        v["service"]["crate_version"] = version.into();
        Some(())
    })
}

#[test]
fn enum_kind_change_is_one_breaking_change() -> TestResult {
    let report = report(|v| {
        let e = named(v, "enums", "TranscodeCallback")?;
        e["kind"] = "string".into();
        for value in e["values"].as_array_mut()? {
            let text = value["value"].to_string();
            value["value"] = text.into();
        }
        Some(())
    })?;
    assert_eq!(
        kinds(&report),
        [("enums.TranscodeCallback", "enum_kind", "breaking")]
    );
    Ok(())
}

#[test]
fn crate_name_and_switch_variant_names() -> TestResult {
    let report = report(|v| {
        v["service"]["crate_name"] = "volc-live".into();
        named(v, "shapes", "CallbackAuth")?["representation"]["on"] = "On".into();
        Some(())
    })?;
    assert_eq!(
        kinds(&report),
        [
            ("service.crate_name", "crate_name", "breaking"),
            ("shapes.CallbackAuth.variants", "switch_changed", "breaking"),
        ]
    );
    Ok(())
}

#[test]
fn endpoint_order() -> TestResult {
    let report = report(|v| {
        v["service"]["endpoints"].as_array_mut()?.reverse();
        Some(())
    })?;
    assert_eq!(
        kinds(&report),
        [("service.endpoints", "endpoint_order", "compatible")]
    );
    Ok(())
}

#[test]
fn endpoint_region_moved() -> TestResult {
    // BytePlus serves another region now: the old one is gone, the new one is new, and a
    // client that sets no region calls another region.
    let report = report(|v| {
        let endpoints = v["service"]["endpoints"].as_array_mut()?;
        endpoints.last_mut()?["region"] = "cn-north-1".into();
        Some(())
    })?;
    assert_eq!(
        kinds(&report),
        [
            ("service.endpoints.byteplus", "endpoint_changed", "breaking"),
            (
                "service.endpoints.byteplus.ap-singapore-1",
                "endpoint_removed",
                "breaking"
            ),
            (
                "service.endpoints.byteplus.cn-north-1",
                "endpoint_added",
                "addition"
            ),
        ]
    );
    Ok(())
}

#[test]
fn same_characters_in_another_pattern_is_compatible() -> TestResult {
    let report = report(|v| {
        named(v, "strings", "AppName")?["pattern"] = "^[-.0-9A-Z_a-z]+$".into();
        Some(())
    })?;
    assert_eq!(
        kinds(&report),
        [("strings.AppName", "string_pattern", "compatible")]
    );
    Ok(())
}

#[test]
fn field_order_breaks_only_positional_constructors() -> TestResult {
    // CallbackDetail is built with `new(callback_type, url)`.
    let report = report(|v| {
        named(v, "shapes", "CallbackDetail")?["fields"]
            .as_array_mut()?
            .reverse();
        named(v, "shapes", "DescribeCallbackRequest")?["fields"]
            .as_array_mut()?
            .reverse();
        Some(())
    })?;
    assert_eq!(
        kinds(&report),
        [
            ("shapes.CallbackDetail.fields", "field_order", "breaking"),
            (
                "shapes.DescribeCallbackRequest.fields",
                "field_order",
                "compatible"
            ),
        ]
    );
    Ok(())
}

#[test]
fn rules_of_response_only_shapes_do_nothing() -> TestResult {
    let report = report(|v| {
        let rules =
            serde_json::json!([{"kind": "min_items", "field": "CallbackDetailList", "min": 1}]);
        named(v, "shapes", "CallbackConfig")?["rules"] = rules;
        Some(())
    })?;
    assert_eq!(
        kinds(&report),
        [(
            "shapes.CallbackConfig.rules.min_items(CallbackDetailList)",
            "rule_added",
            "compatible"
        )]
    );
    Ok(())
}

#[test]
fn a_request_field_of_another_type_names_both() -> TestResult {
    let report = report(|v| {
        field(v, "CallbackDetail", "URL")?["type"] = "AppName".into();
        Some(())
    })?;
    // CallbackDetail is in responses too, but its decoded twin keeps constrained strings as
    // plain `String`s: only the request type changes, and AppName gains no decoding.
    let [change] = report.changes.as_slice() else {
        return Err(format!("{:?}", report.changes).into());
    };
    assert_eq!(change.kind, ChangeKind::FieldType);
    assert_eq!(
        change.description,
        "type `String` -> `AppName`: its getter and setter change type (the JSON stays a string)"
    );
    Ok(())
}

#[test]
fn character_ranges() {
    let lost = subtract(
        &[('-', '.'), ('0', '9'), ('a', 'z')],
        &[('-', '-'), ('0', '9'), ('b', 'y')],
    );
    assert_eq!(show_ranges(&lost), "`.` `a` `z`");
    assert!(subtract(&[('a', 'c')], &[('a', 'z')]).is_empty());
    assert_eq!(
        show_ranges(&subtract(&[(' ', '~')], &[('!', '~')])),
        "`U+0020`"
    );
    assert_eq!(show_ranges(&[(0x61, 0x7a)]), "`a`-`z`");
}

#[test]
fn change_kind_names_are_unique_snake_case() {
    let names: BTreeSet<&str> = ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(names.len(), ChangeKind::ALL.len());
    for name in names {
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{name}"
        );
    }
}

#[test]
fn json_keys_are_sorted() -> TestResult {
    let report = report(|v| {
        v["service"]["version"] = "2024-01-01".into();
        Some(())
    })?;
    let text = report.to_json();
    // serde_json's map is sorted (no `preserve_order`), so a re-print sorts every object.
    let value: Value = serde_json::from_str(&text)?;
    assert_eq!(serde_json::to_string_pretty(&value)? + "\n", text);
    assert_eq!(value["changes"][0]["kind"], "service_version");
    assert_eq!(value["bump"]["current"], "minor");
    assert_eq!(value["bump"]["after_1_0"], "major");
    Ok(())
}

#[test]
fn error_codes_added_and_removed() -> TestResult {
    let report = report(|spec| {
        let errors = spec["service"]["errors"].as_array_mut()?;
        // `AccessDenied` goes; `Forbidden.Hour` comes.
        errors.retain(|e| e["code"] != "AccessDenied");
        errors.push(serde_json::json!({"code": "Forbidden.Hour", "http_status": 403}));
        Some(())
    })?;
    assert_eq!(
        kinds(&report),
        [
            ("error_codes.AccessDenied", "error_code_removed", "breaking"),
            ("error_codes.Forbidden.Hour", "error_code_added", "addition"),
        ]
    );
    Ok(())
}
