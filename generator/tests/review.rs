//! `volc-codegen rules`: the finder on every phrasing family (and sentences that look like a
//! rule but are not), the status of each against rules and dismissals, its proposals, its JSON
//! output for the vendored Live model, and the CLI's exit status.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use volc_codegen::review::{findings, Kind, Status};

type TestResult = Result<(), Box<dyn Error>>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A POST action whose request holds a field per phrasing, a nested list of items with their
/// own constraints, and a result whose constraint is not read (responses are not checked).
fn spec(rules: Value, dismissed: Value) -> Value {
    let field =
        |name: &str, ty: &str, zh: &str| json!({"name": name, "type": ty, "docs": {"zh": zh}});
    json!({
        "format": 1,
        "service": {"name": "demo", "version": "2023-01-01",
            "endpoints": [{"provider": "volcengine", "url": "https://demo.volcengineapi.com", "region": "cn-north-1"}]},
        "actions": [{"name": "CreateThing", "method": "POST", "input": "CreateThingRequest", "result": "CreateThingResult"}],
        "shapes": [
            {"name": "CreateThingRequest", "docs": {"zh": "请求。"}, "rules": rules, "dismissed": dismissed, "fields": [
                field("Vhost", "String", "域名空间。Vhost 和 Domain 传且仅传一个。"),
                field("Domain", "String", "推流域名，与 Vhost 二选一。"),
                field("Bucket", "String", "存储桶，与 Vod 不可同时传入。"),
                field("Vod", "String", "点播空间。"),
                field("Type", "Integer", "类型。"),
                field("Url", "String", "地址。当 Type 为 1 时，Url 必填。"),
                field("Count", "Integer", "数量，取值范围为 [1,1000]。"),
                field("Ratio", "Float", "比例，取值范围：0.5～2。"),
                field("Port", "Integer", "端口，取值范围为 (0, 65536)。"),
                field("Name", "String", "名称，长度为 1 到 30 个字符。"),
                field("Items", "List<Item>", "条目，最多 20 个。"),
                field("Page", "Integer", "页码，默认值为 1。"),
                field("Scope", "String", "范围，不传则查询全部。"),
                field("Sample", "String", "例如 [1, 2]。"),
                field("Start", "String", "开始时间，取值范围为 [1, 10]。")
            ]},
            {"name": "Item", "docs": {"zh": "条目。"}, "fields": [
                field("Weight", "Integer", "权重，取值范围为 [0, 100]。")
            ]},
            {"name": "CreateThingResult", "docs": {"zh": "结果。"}, "fields": [
                field("Total", "Integer", "总数，取值范围为 [0, 10]。")
            ]}
        ]
    })
}

fn run(spec: &Value) -> Result<Vec<volc_codegen::review::Finding>, Box<dyn Error>> {
    let text = serde_json::to_string(spec)?;
    let parsed = volc_codegen::load(&text, "demo.json")?;
    let model = volc_codegen::check_spec(&text, "demo.json")?;
    Ok(findings(&parsed, &model))
}

#[test]
fn every_phrasing_family_and_only_those() -> TestResult {
    let found = run(&spec(json!([]), json!([])))?;
    let summary: Vec<(String, &str)> = found
        .iter()
        .map(|f| {
            (
                format!("{}.{}", f.shape, f.field.as_deref().unwrap_or("")),
                f.kind.as_str(),
            )
        })
        .collect();
    let expected: Vec<(String, &str)> = [
        ("CreateThingRequest.Vhost", "exactly_one_of"),
        ("CreateThingRequest.Domain", "exactly_one_of"),
        ("CreateThingRequest.Bucket", "not_together"),
        ("CreateThingRequest.Url", "required_if"),
        ("CreateThingRequest.Count", "range"),
        ("CreateThingRequest.Ratio", "range"),
        ("CreateThingRequest.Port", "range"),
        ("CreateThingRequest.Name", "length"),
        ("CreateThingRequest.Items", "max_items"),
        ("CreateThingRequest.Start", "range"),
        ("Item.Weight", "range"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), *b))
    .collect();
    assert_eq!(
        summary, expected,
        "defaults, 不传则, examples and the result are not findings"
    );
    assert!(found.iter().all(|f| f.status == Status::Open));
    assert!(found.iter().all(|f| f.action == "CreateThing"));
    Ok(())
}

#[test]
fn proposals_are_rules_in_overlay_syntax() -> TestResult {
    let found = run(&spec(json!([]), json!([])))?;
    let proposal = |field: &str| -> Value {
        found
            .iter()
            .find(|f| f.field.as_deref() == Some(field))
            .and_then(|f| f.proposal.clone())
            .map_or(Value::Null, |p| {
                p["shapes"]
                    .as_object()
                    .and_then(|m| m.values().next())
                    .map_or(Value::Null, |s| s["rules"][0].clone())
            })
    };
    assert_eq!(proposal("Vhost")["fields"], json!(["Vhost", "Domain"]));
    assert_eq!(proposal("Bucket")["forbidden"], json!(["Vod"]));
    assert_eq!(
        (
            proposal("Url")["when"].clone(),
            proposal("Url")["equals"].clone()
        ),
        (json!("Type"), json!(1))
    );
    assert_eq!(
        (
            proposal("Count")["min"].clone(),
            proposal("Count")["max"].clone()
        ),
        (json!(1), json!(1000))
    );
    assert_eq!(
        (
            proposal("Ratio")["min"].clone(),
            proposal("Ratio")["max"].clone()
        ),
        (json!(0.5), json!(2.0))
    );
    // An open bracket moves an integer bound inward.
    assert_eq!(
        (
            proposal("Port")["min"].clone(),
            proposal("Port")["max"].clone()
        ),
        (json!(1), json!(65535))
    );
    assert_eq!(
        (
            proposal("Name")["kind"].clone(),
            proposal("Name")["max"].clone()
        ),
        (json!("length"), json!(30))
    );
    assert_eq!(proposal("Items")["max"], json!(20));
    // A range on a String field has no rule to propose: a person decides.
    assert_eq!(proposal("Start"), Value::Null);
    // Every proposal's docs quote its sentence, so that applying it covers the sentence.
    for f in found.iter().filter(|f| f.proposal.is_some()) {
        let text = serde_json::to_string(&f.proposal)?;
        assert!(text.contains(&f.sentence), "{text}");
    }
    Ok(())
}

#[test]
fn a_rule_quoting_the_sentence_covers_it_and_a_dismissal_records_it() -> TestResult {
    let rules = json!([
        {"kind": "range", "field": "Count", "min": 1, "max": 1000, "docs": {"zh": "数量，取值范围为 [1,1000]", "en": "1 to 1000."}}
    ]);
    let dismissed = json!([
        {"field": "Start", "sentence": "开始时间，取值范围为 [1, 10]", "reason": "a String field: the client does not parse it"}
    ]);
    let found = run(&spec(rules, dismissed))?;
    let status = |field: &str| {
        found
            .iter()
            .find(|f| f.field.as_deref() == Some(field))
            .map(|f| f.status)
    };
    assert_eq!(status("Count"), Some(Status::Rule));
    assert_eq!(status("Start"), Some(Status::Dismissed));
    assert_eq!(status("Name"), Some(Status::Open));
    // Only open ones carry a proposal.
    assert!(found
        .iter()
        .filter(|f| f.status != Status::Open)
        .all(|f| f.proposal.is_none()));
    Ok(())
}

#[test]
fn a_dismissal_of_a_field_the_shape_lacks_is_an_error() -> TestResult {
    let bad = spec(
        json!([]),
        json!([{"field": "Nmae", "sentence": "x", "reason": "y"}]),
    );
    let text = serde_json::to_string(&bad)?;
    let err = volc_codegen::check_spec(&text, "demo.json")
        .err()
        .ok_or("a dismissal of a missing field passed")?;
    assert!(err.to_string().contains("Nmae"), "{err}");
    Ok(())
}

/// The finder's JSON output for the vendored Live model as imported (no overlay: every
/// sentence open, with its proposal), snapshotted: a change to the finder or to the model's
/// docs shows here.
#[test]
fn json_output_for_the_vendored_live_model() -> TestResult {
    let spec = volc_codegen::import::import_dir(
        &workspace().join("vendor/volc-sdk-golang/live-v20230101-2026-05-22"),
        &volc_codegen::import::ImportOptions::default(),
    )?;
    let text = volc_codegen::import::to_json(&spec)?;
    let model = volc_codegen::check_spec(&text, "live.json")?;
    let found = findings(&spec, &model);
    let json = volc_codegen::review::to_json(&found)?;
    // Exactly these keys, one object per sentence.
    let parsed: Vec<serde_json::Map<String, Value>> = serde_json::from_str(&json)?;
    for object in &parsed {
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["action", "field", "kind", "proposal", "sentence", "shape", "status"]
        );
    }
    let kinds = |k: Kind| found.iter().filter(|f| f.kind == k).count();
    assert!(
        kinds(Kind::Range) > 100 && kinds(Kind::ExactlyOneOf) > 40,
        "{}",
        found.len()
    );
    insta::assert_snapshot!("live_findings", json);
    Ok(())
}

#[test]
fn cli_exits_1_while_a_sentence_is_open() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.json");
    std::fs::write(&path, serde_json::to_string(&spec(json!([]), json!([])))?)?;
    let out = Command::new(env!("CARGO_BIN_EXE_volc-codegen"))
        .args(["rules", "--format", "json"])
        .arg(&path)
        .output()?;
    assert_eq!(out.status.code(), Some(1));
    let listed: Vec<Value> = serde_json::from_slice(&out.stdout)?;
    assert_eq!(listed.len(), 11);
    let text = Command::new(env!("CARGO_BIN_EXE_volc-codegen"))
        .arg("rules")
        .arg(&path)
        .output()?;
    let stdout = String::from_utf8(text.stdout)?;
    assert!(
        stdout.contains("11 sentences: 0 covered by a rule, 0 dismissed, 11 open"),
        "{stdout}"
    );
    Ok(())
}
