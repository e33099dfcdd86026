//! Overlays (`volc_codegen::overlay`): what each kind of entry does to a spec, the located
//! report of every entry that names nothing, several overlays in order, and the committed Live
//! overlays applied to the vendored Go model.
//!
//! - each kind of entry on a small inline spec (`BASE`): service, actions, added types, events,
//!   shapes and fields, groups, renames, path keys, pruning;
//! - every error, its full report snapshotted (`snapshots/overlay__<name>.snap`) and checked
//!   to point at the overlay line it is about;
//! - two overlays, the second reading the first's result;
//! - the vendored Live package: an enum and a `one_of` group that check and generate, the
//!   committed overlays reproducing `spec/live-callback.json` and `spec/live.json` byte for
//!   byte, and an upstream rename of a field caught and located in the overlay.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use volc_codegen::import::{self, ImportOptions};
use volc_codegen::overlay;
use volc_codegen::spec::{
    Docs, EndpointSpec, Field, ProviderSpec, Representation, Rule, Shape, Spec,
};

type TestResult = Result<(), Box<dyn Error>>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The name the inline spec goes by in diagnostics.
const SPEC: &str = "demo.json";

/// The name inline overlays go by in diagnostics.
const OVERLAY: &str = "demo.overlay.json";

/// An imported-looking spec: Chinese docs only, every shape reached from an action.
///
/// `DescribeApp` (POST) takes `DescribeAppRequest` and returns `DescribeAppResult`, a list of
/// `AppItem`s, each with a map of `AppStats` and a list of maps of `Tag`; `DeleteApp` (POST)
/// takes `DeleteAppRequest` (the same target fields) and returns nothing; `ListTags` (GET)
/// takes no parameters and returns `List<Tag>`.
const BASE: &str = r#"{
  "format": 1,
  "service": {
    "name": "demo",
    "version": "2023-01-01",
    "title": {"zh": "演示服务"},
    "docs": {"zh": "演示服务的接口。"},
    "endpoints": [
      {"provider": "volcengine", "url": "https://demo.volcengineapi.com", "region": "cn-north-1"}
    ],
    "notes": ["Imported from the Go model."]
  },
  "actions": [
    {"name": "DescribeApp", "method": "POST", "input": "DescribeAppRequest", "result": "DescribeAppResult", "docs": {"zh": "查询应用。"}},
    {"name": "DeleteApp", "method": "POST", "input": "DeleteAppRequest"},
    {"name": "ListTags", "method": "GET", "input": "ListTagsRequest", "result": "List<Tag>"}
  ],
  "shapes": [
    {
      "name": "DescribeAppRequest",
      "docs": {"zh": "DescribeApp 的请求参数。"},
      "fields": [
        {"name": "PageSize", "type": "Integer", "docs": {"zh": "每页条数。"}},
        {"name": "Vhost", "type": "String", "docs": {"zh": "域名空间。"}},
        {"name": "Domain", "type": "String", "docs": {"zh": "推流域名。"}},
        {"name": "App", "type": "String", "docs": {"zh": "应用名称。"}},
        {"name": "Status", "type": "String", "docs": {"zh": "状态。"}}
      ],
      "rules": [{"kind": "range", "field": "PageSize", "min": 1, "max": 100}]
    },
    {
      "name": "DeleteAppRequest",
      "fields": [
        {"name": "Vhost", "type": "String"},
        {"name": "Domain", "type": "String"},
        {"name": "App", "type": "String"}
      ]
    },
    {"name": "ListTagsRequest", "fields": []},
    {
      "name": "DescribeAppResult",
      "fields": [
        {"name": "Items", "type": "List<AppItem>", "docs": {"zh": "应用列表。"}},
        {"name": "Total", "type": "Integer"}
      ]
    },
    {
      "name": "AppItem",
      "fields": [
        {"name": "Name", "type": "String", "docs": {"zh": "名称。"}},
        {"name": "Status", "type": "String"},
        {"name": "Stats", "type": "Map<AppStats>"},
        {"name": "Tags", "type": "List<Map<Tag>>"}
      ]
    },
    {"name": "AppStats", "fields": [{"name": "Bitrate", "type": "Integer"}]},
    {"name": "Tag", "fields": [{"name": "Key", "type": "String"}, {"name": "Value", "type": "String"}]}
  ]
}
"#;

fn base() -> Result<Spec, Box<dyn Error>> {
    Ok(volc_codegen::load(BASE, SPEC)?)
}

/// Applies overlay text to `spec`, or fails the test with the overlay's report.
fn apply(spec: Spec, text: &str) -> Result<Spec, Box<dyn Error>> {
    overlay::apply_text(spec, text, OVERLAY)
        .map_err(|d| format!("the overlay does not apply:\n{}", d.report(text, false)).into())
}

/// `BASE` with the overlay applied.
fn applied(text: &str) -> Result<Spec, Box<dyn Error>> {
    apply(base()?, text)
}

/// The plain report of an overlay that must not apply to `spec`.
fn report_on(spec: Spec, text: &str) -> Result<String, Box<dyn Error>> {
    match overlay::apply_text(spec, text, OVERLAY) {
        Ok(_) => Err("the overlay applied; it should not".into()),
        Err(diagnostics) => {
            assert!(!diagnostics.items.is_empty(), "an empty error");
            assert_eq!(diagnostics.file, OVERLAY);
            Ok(diagnostics.report(text, false))
        }
    }
}

/// The plain report of an overlay that must not apply to `BASE`.
fn report(text: &str) -> Result<String, Box<dyn Error>> {
    report_on(base()?, text)
}

/// The spec as the importer writes it, checked as `generate` would check it.
fn checked(spec: &Spec) -> Result<String, Box<dyn Error>> {
    let text = import::to_json(spec)?;
    volc_codegen::check_spec(&text, "x.json").map_err(|d| {
        format!(
            "the result is not a valid spec:\n{}",
            d.report(&text, false)
        )
    })?;
    Ok(text)
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> Result<usize, Box<dyn Error>> {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .ok_or_else(|| format!("`{needle}` is not in the text").into())
}

/// Asserts that the report locates a problem in `file` on the line of `needle` in `text`, and
/// shows that line.
fn assert_points_at(report: &str, file: &str, text: &str, needle: &str) -> TestResult {
    let line = line_of(text, needle)?;
    assert!(
        report.contains(&format!("┌─ {file}:{line}:")),
        "expected a problem located on line {line} (`{needle}`):\n{report}"
    );
    let shown = format!("{line} │ ");
    assert!(
        report
            .lines()
            .any(|l| l.trim_start().starts_with(&shown) && l.contains(needle)),
        "expected line {line} (`{needle}`) shown:\n{report}"
    );
    Ok(())
}

fn shape<'s>(spec: &'s Spec, name: &str) -> Result<&'s Shape, Box<dyn Error>> {
    spec.shapes
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| format!("no shape `{name}` among {:?}", shape_names(spec)).into())
}

fn field<'s>(shape: &'s Shape, name: &str) -> Result<&'s Field, Box<dyn Error>> {
    shape.fields.iter().find(|f| f.name == name).ok_or_else(|| {
        let names: Vec<&str> = shape.fields.iter().map(|f| f.name.as_str()).collect();
        format!("no field `{name}` in `{}` among {names:?}", shape.name).into()
    })
}

/// `(wire name, type)` of each field of a shape, in order.
fn fields(shape: &Shape) -> Vec<(&str, &str)> {
    shape
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.as_str()))
        .collect()
}

fn shape_names(spec: &Spec) -> Vec<&str> {
    spec.shapes.iter().map(|s| s.name.as_str()).collect()
}

fn docs(zh: &str, en: &str) -> Docs {
    Docs {
        zh: zh.to_owned(),
        en: en.to_owned(),
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The vendored Live package the committed specs are imported from (see scripts/regenerate).
const LIVE: &str = "vendor/volc-sdk-golang/live-v20230101-2026-05-22";

/// The callback actions `spec/live-callback.json` is imported with.
const CALLBACK_ACTIONS: [&str; 3] = ["UpdateCallback", "DeleteCallback", "DescribeCallback"];

fn only(actions: &[&str]) -> ImportOptions {
    ImportOptions {
        only: Some(actions.iter().map(|a| (*a).to_owned()).collect()),
        ..ImportOptions::default()
    }
}

fn import_live(options: &ImportOptions) -> Result<Spec, Box<dyn Error>> {
    Ok(import::import_dir(&workspace().join(LIVE), options)?)
}

/// A committed file by its path from the workspace root.
fn committed(path: &str) -> Result<String, Box<dyn Error>> {
    Ok(fs::read_to_string(workspace().join(path))?)
}

/// Applies a committed overlay, named in diagnostics as the CLI names it.
fn apply_committed(spec: Spec, path: &str) -> Result<Spec, Box<dyn Error>> {
    let text = committed(path)?;
    overlay::apply_text(spec, &text, path)
        .map_err(|d| format!("{path} does not apply:\n{}", d.report(&text, false)).into())
}

/// Asserts two texts are equal, naming the first line that differs (not both whole files).
fn assert_same_text(actual: &str, expected: &str, what: &str) {
    if actual == expected {
        return;
    }
    let first = actual
        .lines()
        .zip(expected.lines())
        .position(|(a, e)| a != e)
        .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
    let a = actual.lines().nth(first).unwrap_or("<end>");
    let e = expected.lines().nth(first).unwrap_or("<end>");
    panic!(
        "{what} differs at line {}:\n  produced: {a}\n  expected: {e}\n(lengths {} and {})",
        first + 1,
        actual.len(),
        expected.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Each kind of entry
// ---------------------------------------------------------------------------------------------

#[test]
fn base_spec_is_valid() -> TestResult {
    checked(&base()?)?;
    Ok(())
}

#[test]
fn empty_overlay_changes_nothing() -> TestResult {
    let spec = applied(r#"{"format": 1}"#)?;
    assert_eq!(spec, base()?);
    let spec = applied(
        r#"{"$schema": "./overlay.schema.json", "format": 1, "service": {}, "actions": {}, "shapes": {}}"#,
    )?;
    assert_eq!(spec, base()?);
    Ok(())
}

#[test]
fn service_entries() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "service": {
    "crate_name": "volc-demo",
    "crate_version": "0.2.0",
    "title": {"en": "Demo"},
    "docs": {"zh": "演示服务的全部接口。", "en": "Every action of the demo service."},
    "endpoints": [
      {"provider": "byteplus", "url": "https://open.byteplusapi.com", "region": "ap-singapore-1"}
    ],
    "notes": ["Decision: BytePlus serves it too."]
  }
}"#,
    )?;
    let service = &spec.service;
    assert_eq!(service.crate_name.as_deref(), Some("volc-demo"));
    assert_eq!(service.crate_version, "0.2.0");
    // Only `en` given: the imported `zh` stays.
    assert_eq!(service.title, docs("演示服务", "Demo"));
    // Both given: both replaced.
    assert_eq!(
        service.docs,
        docs("演示服务的全部接口。", "Every action of the demo service.")
    );
    // Appended after the imported ones.
    assert_eq!(
        service.endpoints,
        vec![
            EndpointSpec {
                provider: ProviderSpec::Volcengine,
                url: "https://demo.volcengineapi.com".to_owned(),
                region: "cn-north-1".to_owned(),
            },
            EndpointSpec {
                provider: ProviderSpec::Byteplus,
                url: "https://open.byteplusapi.com".to_owned(),
                region: "ap-singapore-1".to_owned(),
            },
        ]
    );
    assert_eq!(
        service.notes,
        [
            "Imported from the Go model.",
            "Decision: BytePlus serves it too."
        ]
    );
    // The service's own name and version are not an overlay's to change.
    assert_eq!(
        (service.name.as_str(), service.version.as_str()),
        ("demo", "2023-01-01")
    );
    let base = base()?;
    assert_eq!((&spec.actions, &spec.shapes), (&base.actions, &base.shapes));
    checked(&spec)?;
    Ok(())
}

#[test]
fn action_entries() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "actions": {
    "DescribeApp": {"docs": {"en": "Lists apps."}, "idempotent": false, "rate_limit_per_second": 20},
    "DeleteApp": {"rate_limit_per_second": 5}
  }
}"#,
    )?;
    let [describe, delete, list] = spec.actions.as_slice() else {
        return Err(format!("{} actions", spec.actions.len()).into());
    };
    assert_eq!(describe.docs, docs("查询应用。", "Lists apps."));
    assert_eq!(describe.idempotent, Some(false));
    assert_eq!(describe.rate_limit_per_second, Some(20));
    assert_eq!(delete.docs, Docs::default());
    assert_eq!(delete.idempotent, None);
    assert_eq!(delete.rate_limit_per_second, Some(5));
    // Untouched.
    assert_eq!(list, &base()?.actions[2]);
    checked(&spec)?;
    Ok(())
}

#[test]
fn new_shapes_enums_and_strings_are_added() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "new_shapes": [
    {"name": "AppFilter", "docs": {"en": "Which apps."}, "fields": [{"name": "Prefix", "type": "AppName"}]}
  ],
  "enums": [
    {
      "name": "AppStatus",
      "kind": "string",
      "docs": {"en": "An app's status."},
      "values": [
        {"value": "online", "name": "Online", "docs": {"en": "Serving."}},
        {"value": "offline", "name": "Offline", "docs": {"en": "Not serving."}}
      ]
    }
  ],
  "strings": [
    {"name": "AppName", "docs": {"en": "An app name."}, "pattern": "^[A-Za-z0-9_.-]*$", "min_length": 1, "max_length": 30}
  ],
  "shapes": {
    "DescribeAppRequest": {
      "fields": {"Status": {"type": "AppStatus"}, "App": {"type": "AppName"}},
      "new_fields": [{"name": "Filter", "type": "AppFilter"}]
    },
    "AppItem": {"fields": {"Status": {"type": "AppStatus"}}}
  }
}"#,
    )?;
    // After the imported shapes.
    assert_eq!(
        shape_names(&spec),
        [
            "DescribeAppRequest",
            "DeleteAppRequest",
            "ListTagsRequest",
            "DescribeAppResult",
            "AppItem",
            "AppStats",
            "Tag",
            "AppFilter"
        ]
    );
    assert_eq!(shape(&spec, "AppFilter")?.docs, docs("", "Which apps."));
    let names: Vec<&str> = spec.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["AppStatus"]);
    assert_eq!(spec.enums[0].values.len(), 2);
    let names: Vec<&str> = spec.strings.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["AppName"]);
    assert_eq!(spec.strings[0].max_length, Some(30));
    assert_eq!(
        fields(shape(&spec, "DescribeAppRequest")?),
        [
            ("PageSize", "Integer"),
            ("Vhost", "String"),
            ("Domain", "String"),
            ("App", "AppName"),
            ("Status", "AppStatus"),
            ("Filter", "AppFilter")
        ]
    );
    assert_eq!(field(shape(&spec, "AppItem")?, "Status")?.ty, "AppStatus");
    checked(&spec)?;
    Ok(())
}

/// An overlay's events, with the shapes it adds for them.
const EVENTS: &str = r#"{
  "format": 1,
  "new_shapes": [
    {"name": "Envelope", "fields": [{"name": "event_type", "type": "String"}, {"name": "t", "type": "Integer"}]},
    {"name": "StartEvent", "fields": [{"name": "stream", "type": "String"}]}
  ],
  "events": {
    "docs": {"en": "Events POSTed to your address."},
    "envelope": "Envelope",
    "signature": {"kind": "md5_key_then_t"},
    "types": [
      {"event_type": "push_start", "name": "PushStart", "shape": "StartEvent", "docs": {"en": "A push started."}}
    ]
  }
}"#;

#[test]
fn events_are_set_and_replaced() -> TestResult {
    let spec = applied(EVENTS)?;
    let events = spec.events.as_ref().ok_or("no events")?;
    assert_eq!(events.envelope, "Envelope");
    assert_eq!(events.docs, docs("", "Events POSTed to your address."));
    let types: Vec<(&str, &str, &str)> = events
        .types
        .iter()
        .map(|t| (t.event_type.as_str(), t.name.as_str(), t.shape.as_str()))
        .collect();
    assert_eq!(types, [("push_start", "PushStart", "StartEvent")]);
    checked(&spec)?;

    // A later overlay's events replace the spec's whole.
    let spec = apply(
        spec,
        r#"{
  "format": 1,
  "events": {
    "docs": {"en": "Only push ends."},
    "envelope": "Envelope",
    "signature": {"kind": "md5_key_then_t"},
    "types": [
      {"event_type": "push_end", "name": "PushEnd", "shape": "StartEvent", "docs": {"en": "A push ended."}}
    ]
  }
}"#,
    )?;
    let events = spec.events.as_ref().ok_or("no events")?;
    assert_eq!(events.docs, docs("", "Only push ends."));
    let names: Vec<&str> = events.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["PushEnd"]);
    checked(&spec)?;
    Ok(())
}

#[test]
fn shape_and_field_entries() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "rust_name": "AppQuery",
      "docs": {"en": "The parameters of DescribeApp."},
      "rules": [
        {"kind": "exactly_one_of", "fields": ["Vhost", "Domain"], "docs": {"en": "One of them."}}
      ],
      "fields": {
        "PageSize": {"type": "Integer", "required": true, "docs": {"en": "Items per page."}, "example": 20},
        "Vhost": {"docs": {"zh": "域名空间（Vhost）。", "en": "The domain space."}, "example": "push.example.com"},
        "App": {"sensitive": true, "rust_name": "app_name"},
        "Status": {"remove": true}
      },
      "new_fields": [
        {"name": "Marker", "type": "String", "docs": {"en": "Where the page starts."}}
      ]
    },
    "DeleteAppRequest": {
      "new_fields": [{"name": "Where", "type": "AppTarget"}]
    },
    "AppTarget": {
      "representation": {"kind": "one_of"},
      "rules": [{"kind": "exactly_one_of", "fields": ["Vhost", "Domain"]}]
    }
  },
  "new_shapes": [
    {"name": "AppTarget", "fields": [{"name": "Vhost", "type": "String"}, {"name": "Domain", "type": "String"}]}
  ]
}"#,
    )?;
    let request = shape(&spec, "DescribeAppRequest")?;
    assert_eq!(request.rust_name.as_deref(), Some("AppQuery"));
    assert_eq!(
        request.docs,
        docs("DescribeApp 的请求参数。", "The parameters of DescribeApp.")
    );
    assert_eq!(request.representation, Representation::Struct);
    // Added after the imported rule.
    assert_eq!(request.rules.len(), 2);
    assert!(matches!(request.rules[0], Rule::Range { .. }));
    assert!(
        matches!(&request.rules[1], Rule::ExactlyOneOf { fields, .. } if fields == &["Vhost", "Domain"])
    );
    // `Status` removed, `Marker` added last.
    assert_eq!(
        fields(request),
        [
            ("PageSize", "Integer"),
            ("Vhost", "String"),
            ("Domain", "String"),
            ("App", "String"),
            ("Marker", "String")
        ]
    );
    let page_size = field(request, "PageSize")?;
    assert!(page_size.required);
    assert_eq!(page_size.docs, docs("每页条数。", "Items per page."));
    assert_eq!(page_size.example, Some(serde_json::json!(20)));
    let vhost = field(request, "Vhost")?;
    assert_eq!(vhost.docs, docs("域名空间（Vhost）。", "The domain space."));
    assert_eq!(vhost.example, Some(serde_json::json!("push.example.com")));
    assert!(!vhost.required && !vhost.sensitive);
    let app = field(request, "App")?;
    assert!(app.sensitive);
    assert_eq!(app.rust_name.as_deref(), Some("app_name"));
    assert_eq!(app.docs, docs("应用名称。", ""));
    // Untouched fields stay as imported.
    assert_eq!(field(request, "Domain")?, &base()?.shapes[0].fields[2]);
    let marker = field(request, "Marker")?;
    assert_eq!(marker.docs, docs("", "Where the page starts."));

    // A shape the overlay adds takes entries too.
    let target = shape(&spec, "AppTarget")?;
    assert_eq!(target.representation, Representation::OneOf);
    assert_eq!(target.rules.len(), 1);
    checked(&spec)?;
    Ok(())
}

#[test]
fn a_field_can_be_removed_and_added_back_with_another_type() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "shapes": {
    "AppItem": {
      "fields": {"Status": {"remove": true}},
      "new_fields": [{"name": "Status", "type": "Integer"}]
    }
  }
}"#,
    )?;
    assert_eq!(
        fields(shape(&spec, "AppItem")?),
        [
            ("Name", "String"),
            ("Stats", "Map<AppStats>"),
            ("Tags", "List<Map<Tag>>"),
            ("Status", "Integer")
        ]
    );
    Ok(())
}

#[test]
fn group_moves_fields_into_a_new_shape() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "groups": [
        {"name": "Target", "shape": "AppTarget", "fields": ["Domain", "Vhost"], "required": true, "docs": {"en": "Which domain."}}
      ]
    },
    "AppTarget": {
      "docs": {"en": "A domain space or a push domain."},
      "representation": {"kind": "one_of"},
      "rules": [{"kind": "exactly_one_of", "fields": ["Vhost", "Domain"]}],
      "fields": {"Vhost": {"example": "push.example.com"}}
    }
  }
}"#,
    )?;
    let request = shape(&spec, "DescribeAppRequest")?;
    // The flattened field sits where the first moved field (`Vhost`) was.
    assert_eq!(
        fields(request),
        [
            ("PageSize", "Integer"),
            ("Target", "AppTarget"),
            ("App", "String"),
            ("Status", "String")
        ]
    );
    let target = field(request, "Target")?;
    assert!(target.flatten && target.required && !target.sensitive);
    assert_eq!(target.docs, docs("", "Which domain."));
    assert_eq!((target.rust_name.as_ref(), target.location), (None, None));
    // The request keeps its rules over the fields it keeps.
    assert_eq!(request.rules.len(), 1);

    // A new shape, after the others, with the fields in the group's order, as they were.
    assert_eq!(shape_names(&spec).last(), Some(&"AppTarget"));
    let group = shape(&spec, "AppTarget")?;
    assert_eq!(fields(group), [("Domain", "String"), ("Vhost", "String")]);
    let base = base()?;
    assert_eq!(group.fields[0], base.shapes[0].fields[2]);
    // The group shape's own entry applies after the group made it.
    assert_eq!(group.docs, docs("", "A domain space or a push domain."));
    assert_eq!(group.representation, Representation::OneOf);
    assert_eq!(group.rules.len(), 1);
    assert_eq!(
        field(group, "Vhost")?.example,
        Some(serde_json::json!("push.example.com"))
    );
    assert_eq!(field(group, "Vhost")?.docs, base.shapes[0].fields[1].docs);
    checked(&spec)?;
    Ok(())
}

#[test]
fn group_keeps_the_place_of_its_first_field_when_they_are_apart() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "groups": [{"name": "Filter", "shape": "AppFilter", "fields": ["Status", "Vhost"]}]
    }
  }
}"#,
    )?;
    assert_eq!(
        fields(shape(&spec, "DescribeAppRequest")?),
        [
            ("PageSize", "Integer"),
            ("Filter", "AppFilter"),
            ("Domain", "String"),
            ("App", "String")
        ]
    );
    assert_eq!(
        fields(shape(&spec, "AppFilter")?),
        [("Status", "String"), ("Vhost", "String")]
    );
    assert!(!field(shape(&spec, "DescribeAppRequest")?, "Filter")?.required);
    checked(&spec)?;
    Ok(())
}

/// Two requests grouping the same target fields into `AppTarget`.
const SHARED_GROUP: &str = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": ["Vhost", "Domain", "App"], "required": true}]
    },
    "DeleteAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": ["Vhost", "Domain", "App"], "required": true}]
    },
    "AppTarget": {
      "representation": {"kind": "one_of"},
      "rules": [
        {"kind": "exactly_one_of", "fields": ["Vhost", "Domain"]},
        {"kind": "forbids", "field": "Domain", "forbidden": ["App"]}
      ]
    }
  }
}"#;

#[test]
fn a_second_group_of_the_same_fields_reuses_the_shape() -> TestResult {
    let spec = applied(SHARED_GROUP)?;
    let targets = spec.shapes.iter().filter(|s| s.name == "AppTarget").count();
    assert_eq!(targets, 1, "{:?}", shape_names(&spec));
    assert_eq!(
        fields(shape(&spec, "AppTarget")?),
        [("Vhost", "String"), ("Domain", "String"), ("App", "String")]
    );
    assert_eq!(
        fields(shape(&spec, "DescribeAppRequest")?),
        [
            ("PageSize", "Integer"),
            ("Target", "AppTarget"),
            ("Status", "String")
        ]
    );
    assert_eq!(
        fields(shape(&spec, "DeleteAppRequest")?),
        [("Target", "AppTarget")]
    );
    checked(&spec)?;
    Ok(())
}

#[test]
fn a_group_can_reuse_a_shape_the_overlay_adds() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "new_shapes": [
    {"name": "AppTarget", "docs": {"en": "Where."}, "fields": [
      {"name": "Vhost", "type": "String"}, {"name": "Domain", "type": "String"}, {"name": "App", "type": "String"}
    ]}
  ],
  "shapes": {
    "DeleteAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": ["Vhost", "Domain", "App"]}]
    }
  }
}"#,
    )?;
    assert_eq!(
        fields(shape(&spec, "DeleteAppRequest")?),
        [("Target", "AppTarget")]
    );
    assert_eq!(shape(&spec, "AppTarget")?.docs, docs("", "Where."));
    assert_eq!(
        spec.shapes.iter().filter(|s| s.name == "AppTarget").count(),
        1
    );
    checked(&spec)?;
    Ok(())
}

#[test]
fn renames_follow_every_reference() -> TestResult {
    let text = r#"{
  "format": 1,
  "new_shapes": [
    {"name": "Envelope", "fields": [{"name": "event_type", "type": "String"}, {"name": "t", "type": "Integer"}]},
    {"name": "StartEvent", "fields": [{"name": "stream", "type": "String"}]}
  ],
  "shapes": {
    "DescribeAppRequest": {"name": "AppQuery", "docs": {"en": "Which apps."}},
    "DescribeAppResult": {"name": "AppList"},
    "AppItem": {"name": "AppInfo", "fields": {"Status": {"docs": {"en": "Renamed after."}}}},
    "AppStats": {"name": "AppUsage"},
    "Tag": {"name": "Label"},
    "Envelope": {"name": "CallbackEnvelope"},
    "StartEvent": {"name": "PushStartEvent"}
  },
  "events": {
    "docs": {"en": "Events."},
    "envelope": "Envelope",
    "signature": {"kind": "md5_key_then_t"},
    "types": [{"event_type": "push_start", "name": "PushStart", "shape": "StartEvent", "docs": {"en": "A push started."}}]
  }
}"#;
    let spec = applied(text)?;
    assert_eq!(
        shape_names(&spec),
        [
            "AppQuery",
            "DeleteAppRequest",
            "ListTagsRequest",
            "AppList",
            "AppInfo",
            "AppUsage",
            "Label",
            "CallbackEnvelope",
            "PushStartEvent"
        ]
    );
    let describe = &spec.actions[0];
    assert_eq!(describe.input, "AppQuery");
    assert_eq!(describe.result.as_deref(), Some("AppList"));
    // Inside a list, as an action's result.
    assert_eq!(spec.actions[2].result.as_deref(), Some("List<Label>"));
    // Inside lists and maps, as field types.
    assert_eq!(
        fields(shape(&spec, "AppList")?)[0],
        ("Items", "List<AppInfo>")
    );
    let info = shape(&spec, "AppInfo")?;
    assert_eq!(field(info, "Stats")?.ty, "Map<AppUsage>");
    assert_eq!(field(info, "Tags")?.ty, "List<Map<Label>>");
    // Entries of the renamed shape applied, under its imported name.
    assert_eq!(field(info, "Status")?.docs, docs("", "Renamed after."));
    assert_eq!(
        shape(&spec, "AppQuery")?.docs,
        docs("DescribeApp 的请求参数。", "Which apps.")
    );
    // The events the overlay wrote with the names it renames.
    let events = spec.events.as_ref().ok_or("no events")?;
    assert_eq!(events.envelope, "CallbackEnvelope");
    assert_eq!(events.types[0].shape, "PushStartEvent");
    checked(&spec)?;
    Ok(())
}

#[test]
fn renames_follow_a_field_type_the_overlay_sets() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "shapes": {
    "DescribeAppResult": {"fields": {"Items": {"type": "Map<List<AppItem>>"}}},
    "AppItem": {"name": "AppInfo"}
  }
}"#,
    )?;
    assert_eq!(
        field(shape(&spec, "DescribeAppResult")?, "Items")?.ty,
        "Map<List<AppInfo>>"
    );
    checked(&spec)?;
    Ok(())
}

#[test]
fn renames_follow_events_the_spec_has() -> TestResult {
    let spec = applied(EVENTS)?;
    let spec = apply(
        spec,
        r#"{"format": 1, "shapes": {"Envelope": {"name": "CallbackEnvelope"}, "StartEvent": {"name": "PushStartEvent"}}}"#,
    )?;
    let events = spec.events.as_ref().ok_or("no events")?;
    assert_eq!(events.envelope, "CallbackEnvelope");
    assert_eq!(events.types[0].shape, "PushStartEvent");
    assert!(shape(&spec, "Envelope").is_err() && shape(&spec, "StartEvent").is_err());
    checked(&spec)?;
    Ok(())
}

#[test]
fn path_keys_reach_shapes_through_lists_and_maps() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "shapes": {
    "DescribeAppResult.Items": {"name": "AppInfo", "docs": {"en": "One app."}},
    "DescribeAppResult.Items.Stats": {"docs": {"en": "The usage of one app."}},
    "DescribeAppResult.Items.Tags": {"fields": {"Key": {"required": true}}},
    "AppItem": {"fields": {"Name": {"docs": {"en": "The name."}}}}
  }
}"#,
    )?;
    // `Items` is a `List<AppItem>`.
    let info = shape(&spec, "AppInfo")?;
    assert_eq!(info.docs, docs("", "One app."));
    // The same shape by its name: both entries apply.
    assert_eq!(field(info, "Name")?.docs, docs("名称。", "The name."));
    // `Stats` is a `Map<AppStats>`.
    assert_eq!(
        shape(&spec, "AppStats")?.docs,
        docs("", "The usage of one app.")
    );
    // `Tags` is a `List<Map<Tag>>`.
    assert!(field(shape(&spec, "Tag")?, "Key")?.required);
    assert_eq!(
        field(shape(&spec, "DescribeAppResult")?, "Items")?.ty,
        "List<AppInfo>"
    );
    checked(&spec)?;
    Ok(())
}

#[test]
fn unreachable_shapes_are_pruned_new_shapes_stay() -> TestResult {
    let spec = applied(
        r#"{
  "format": 1,
  "new_shapes": [
    {"name": "Spare", "fields": [{"name": "Detail", "type": "List<SpareDetail>"}]},
    {"name": "SpareDetail", "fields": [{"name": "Note", "type": "String"}]}
  ],
  "shapes": {
    "AppItem": {"fields": {"Stats": {"type": "Json"}, "Tags": {"remove": true}}},
    "Spare": {"name": "Leftover"}
  }
}"#,
    )?;
    // `AppStats` was only reached through `AppItem.Stats`; `Tag` is still the result of
    // `ListTags`; the overlay's new shapes stay (renamed), and what they reach.
    assert_eq!(
        shape_names(&spec),
        [
            "DescribeAppRequest",
            "DeleteAppRequest",
            "ListTagsRequest",
            "DescribeAppResult",
            "AppItem",
            "Tag",
            "Leftover",
            "SpareDetail"
        ]
    );
    checked(&spec)?;

    // Retargeting the only list of `AppItem` leaves it, and what only it reached, out.
    let spec = applied(
        r#"{"format": 1, "shapes": {"DescribeAppResult": {"fields": {"Items": {"type": "List<String>"}}}}}"#,
    )?;
    assert_eq!(
        shape_names(&spec),
        [
            "DescribeAppRequest",
            "DeleteAppRequest",
            "ListTagsRequest",
            "DescribeAppResult",
            "Tag"
        ]
    );
    checked(&spec)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Located errors
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_action() -> TestResult {
    let text = r#"{
  "format": 1,
  "actions": {
    "DescribeApps": {"rate_limit_per_second": 10},
    "DeleteApp": {"rate_limit_per_second": 10}
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("missing_action", report);
    assert_points_at(&report, OVERLAY, text, "\"DescribeApps\"")?;
    assert!(report.contains("did you mean `DescribeApp`?"), "{report}");
    Ok(())
}

#[test]
fn missing_action_without_a_near_name() -> TestResult {
    let text = r#"{
  "format": 1,
  "actions": {
    "StartRelay": {"idempotent": false}
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("missing_action_without_a_near_name", report);
    assert_points_at(&report, OVERLAY, text, "\"StartRelay\"")?;
    assert!(
        report.contains("help: update or remove this entry"),
        "{report}"
    );
    Ok(())
}

#[test]
fn missing_shape() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {"docs": {"en": "Fine."}},
    "DescribeAppRequst": {"docs": {"en": "A typo."}}
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("missing_shape", report);
    assert_points_at(&report, OVERLAY, text, "\"DescribeAppRequst\"")?;
    assert!(
        report.contains("did you mean `DescribeAppRequest`?"),
        "{report}"
    );
    Ok(())
}

#[test]
fn missing_field() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "fields": {
        "Vhost": {"example": "push.example.com"},
        "Domian": {"example": "push.example.com"}
      }
    }
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("missing_field", report);
    assert_points_at(&report, OVERLAY, text, "\"Domian\"")?;
    assert!(report.contains("did you mean `Domain`?"), "{report}");
    Ok(())
}

/// A rule or dismissal of the overlay naming a field the model no longer has (renamed
/// upstream) is reported in the overlay, at the entry, on the next import.
#[test]
fn rules_and_dismissals_name_fields_the_shape_has() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "rules": [
        {"kind": "exactly_one_of", "fields": ["Vhost", "Domian"]}
      ],
      "dismissed": [
        {"field": "Stauts", "sentence": "默认为 1", "reason": "A default."}
      ]
    }
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("rule_names_a_missing_field", report);
    assert_points_at(&report, OVERLAY, text, "{\"kind\": \"exactly_one_of\"")?;
    assert!(report.contains("did you mean `Domain`?"), "{report}");
    assert!(report.contains("did you mean `Status`?"), "{report}");
    Ok(())
}

#[test]
fn missing_field_in_a_group() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "groups": [
        {"name": "Target", "shape": "AppTarget", "fields": ["Vhost",
          "Domian"]}
      ]
    }
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("missing_field_in_a_group", report);
    assert_points_at(&report, OVERLAY, text, "\"Domian\"")?;
    Ok(())
}

#[test]
fn path_key_step_is_not_a_field() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppResult.Itemz": {"docs": {"en": "One app."}}
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("path_key_step_is_not_a_field", report);
    assert_points_at(&report, OVERLAY, text, "\"DescribeAppResult.Itemz\"")?;
    assert!(
        report.contains("no field of `DescribeAppResult` `Itemz`"),
        "{report}"
    );
    Ok(())
}

#[test]
fn path_key_deeper_step_is_not_a_field() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppResult.Items.Tag": {"docs": {"en": "A tag."}}
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("path_key_deeper_step_is_not_a_field", report);
    assert_points_at(&report, OVERLAY, text, "\"DescribeAppResult.Items.Tag\"")?;
    assert!(report.contains("no field of `AppItem` `Tag`"), "{report}");
    assert!(report.contains("did you mean `Tags`?"), "{report}");
    Ok(())
}

#[test]
fn path_key_through_a_field_holding_no_shape() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppResult.Items.Name": {"docs": {"en": "A name."}},
    "DescribeAppResult.Total": {"docs": {"en": "A count."}}
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("path_key_through_a_field_holding_no_shape", report);
    assert_points_at(&report, OVERLAY, text, "\"DescribeAppResult.Items.Name\"")?;
    assert_points_at(&report, OVERLAY, text, "\"DescribeAppResult.Total\"")?;
    assert!(
        report.contains("`AppItem.Name` holds `String`, not a shape"),
        "{report}"
    );
    assert!(report.contains("2 problems found"), "{report}");
    Ok(())
}

#[test]
fn new_type_names_taken() -> TestResult {
    let text = r#"{
  "format": 1,
  "new_shapes": [
    {"name": "Spare", "fields": []},
    {"name": "AppItem", "fields": [{"name": "Name", "type": "String"}]}
  ],
  "enums": [
    {"name": "Tag", "kind": "string", "docs": {"en": "A tag."}, "values": [{"value": "a", "name": "A", "docs": {"en": "A."}}]}
  ],
  "strings": [
    {"name": "Spare", "docs": {"en": "Twice in this overlay."}}
  ]
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("new_type_names_taken", report);
    assert_points_at(&report, OVERLAY, text, "\"AppItem\"")?;
    assert_points_at(&report, OVERLAY, text, "{\"name\": \"Tag\"")?;
    assert_points_at(&report, OVERLAY, text, "\"Twice in this overlay.\"")?;
    assert!(report.contains("3 problems found"), "{report}");
    Ok(())
}

#[test]
fn new_field_the_shape_has() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppResult.Items": {
      "new_fields": [
        {"name": "Region", "type": "String"},
        {"name": "Name", "type": "String"}
      ]
    }
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("new_field_the_shape_has", report);
    assert_points_at(&report, OVERLAY, text, "{\"name\": \"Name\"")?;
    assert!(
        report.contains("`AppItem` already has a field `Name`"),
        "{report}"
    );
    Ok(())
}

#[test]
fn group_shape_holds_other_fields() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DeleteAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": ["Vhost", "Domain", "App"]}]
    },
    "DescribeAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": ["Vhost", "Domain"]}]
    }
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("group_shape_holds_other_fields", report);
    assert_points_at(
        &report,
        OVERLAY,
        text,
        "\"fields\": [\"Vhost\", \"Domain\"]}",
    )?;
    Ok(())
}

#[test]
fn group_into_an_imported_shape_with_other_fields() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DeleteAppRequest": {
      "groups": [{"name": "Target", "shape": "Tag", "fields": ["Vhost", "Domain"]}]
    }
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("group_into_an_imported_shape_with_other_fields", report);
    assert_points_at(&report, OVERLAY, text, "\"shape\": \"Tag\"")?;
    assert!(
        report.contains("`Tag` already holds the fields Key, Value"),
        "{report}"
    );
    Ok(())
}

#[test]
fn a_field_a_group_moved_is_named_through_the_group_shape() -> TestResult {
    // Groups apply before field entries: the owner no longer has the field.
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": ["Vhost", "Domain"]}],
      "fields": {
        "Vhost": {"example": "push.example.com"}
      }
    }
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("field_moved_by_a_group", report);
    assert_points_at(&report, OVERLAY, text, "\"Vhost\": {\"example\"")?;
    // Through the group's shape, it applies.
    let spec = applied(
        r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": ["Vhost", "Domain"]}]
    },
    "AppTarget": {"fields": {"Vhost": {"example": "push.example.com"}}}
  }
}"#,
    )?;
    assert_eq!(
        field(shape(&spec, "AppTarget")?, "Vhost")?.example,
        Some(serde_json::json!("push.example.com"))
    );
    Ok(())
}

#[test]

fn an_empty_group_is_an_error() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": []}]
    }
  }
}"#;
    let report = report(text)?;
    assert_points_at(&report, OVERLAY, text, "\"fields\": []")?;
    insta::assert_snapshot!("empty_group", report);
    Ok(())
}

#[test]

fn a_failed_group_reports_only_its_own_problem() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "DescribeAppRequest": {
      "groups": [{"name": "Target", "shape": "AppTarget", "fields": ["Vhost", "Domian"]}]
    },
    "AppTarget": {"docs": {"en": "Where."}}
  }
}"#;
    let report = report(text)?;
    assert!(report.contains("1 problem found"), "{report}");
    assert_points_at(&report, OVERLAY, text, "\"Domian\"")?;
    Ok(())
}

#[test]

fn renaming_onto_a_taken_name_is_an_overlay_error() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "AppStats": {"name": "Tag"}
  }
}"#;
    let report = report(text)?;
    assert_points_at(&report, OVERLAY, text, "{\"name\": \"Tag\"}")?;
    insta::assert_snapshot!("rename_onto_a_taken_name", report);
    Ok(())
}

#[test]

fn two_renames_of_one_shape_are_an_error() -> TestResult {
    let text = r#"{
  "format": 1,
  "shapes": {
    "AppItem": {"name": "AppInfo"},
    "DescribeAppResult.Items": {"name": "AppEntry"}
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("two_renames_of_one_shape", report);
    Ok(())
}

#[test]
fn what_the_overlay_lets_through_the_checker_refuses() -> TestResult {
    // Entries that name fields inside values (rules, a switch, a group's field name) or that
    // make a name twice are not the overlay's to check: the spec checker refuses the result.
    let cases = [
        r#"{"format": 1, "shapes": {"DescribeAppRequest": {"rules": [{"kind": "min_items", "field": "Itemz", "min": 1}]}}}"#,
        r#"{"format": 1, "shapes": {"DescribeAppRequest": {"representation": {"kind": "switch", "field": "Enabled", "on": "On", "off": "Off"}}}}"#,
        r#"{"format": 1, "shapes": {"DescribeAppRequest": {"groups": [{"name": "App", "shape": "AppTarget", "fields": ["Vhost", "Domain"]}]}}}"#,
        r#"{"format": 1, "shapes": {"AppStats": {"name": "Tag"}}}"#,
        r#"{"format": 1, "shapes": {"DescribeAppRequest": {"fields": {"Status": {"type": "AppStatus"}}}}}"#,
    ];
    for text in cases {
        match overlay::apply_text(base()?, text, OVERLAY) {
            Err(_) => {}
            Ok(spec) => assert!(checked(&spec).is_err(), "accepted end to end: {text}"),
        }
    }
    Ok(())
}

#[test]
fn every_missing_name_at_once_in_file_order() -> TestResult {
    let text = r#"{
  "format": 1,
  "actions": {
    "DescribeApps": {"idempotent": true}
  },
  "shapes": {
    "AppItem": {"fields": {"Nmae": {"required": true}}},
    "DescribeAppRequst": {"docs": {"en": "A typo."}},
    "DescribeAppResult.Itemz": {"docs": {"en": "A typo."}}
  }
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("every_missing_name_at_once_in_file_order", report);
    for needle in [
        "\"DescribeApps\"",
        "\"Nmae\"",
        "\"DescribeAppRequst\"",
        "\"DescribeAppResult.Itemz\"",
    ] {
        assert_points_at(&report, OVERLAY, text, needle)?;
    }
    assert!(report.contains("4 problems found"), "{report}");
    let order: Vec<usize> = ["DescribeApps", "Nmae", "DescribeAppRequst", "Itemz"]
        .iter()
        .filter_map(|n| report.find(&format!("`{n}`")))
        .collect();
    assert!(
        order.len() == 4 && order.windows(2).all(|w| w[0] < w[1]),
        "{report}"
    );
    Ok(())
}

#[test]
fn schema_problems_all_at_once() -> TestResult {
    let text = r#"{
  "format": 1,
  "service": {"crate_name": 7, "title": "Demo"},
  "actions": {
    "DescribeApp": {"idempotent": "yes", "rate_limit": 10}
  },
  "shapes": {
    "DescribeAppRequest": {
      "fields": {"Vhost": {"requird": true}},
      "new_fields": [{"name": "Marker"}]
    }
  },
  "enum": []
}"#;
    let diagnostics = overlay::load(text, OVERLAY)
        .err()
        .ok_or("the overlay loaded; it should not")?;
    let report = diagnostics.report(text, false);
    insta::assert_snapshot!("schema_problems_all_at_once", report);
    // `load` and `apply_text` report the same.
    assert_eq!(self::report(text)?, report);
    assert!(diagnostics.items.len() >= 7, "{report}");
    for needle in [
        "\"crate_name\": 7",
        "\"idempotent\": \"yes\"",
        "\"requird\"",
        "{\"name\": \"Marker\"}",
        "\"enum\"",
    ] {
        assert_points_at(&report, OVERLAY, text, needle)?;
    }
    Ok(())
}

#[test]
fn format_2() -> TestResult {
    let text = r#"{
  "format": 2,
  "service": {"crate_name": "volc-demo"}
}"#;
    let report = report(text)?;
    insta::assert_snapshot!("format_2", report);
    assert_points_at(&report, OVERLAY, text, "\"format\": 2")?;
    Ok(())
}

/// An overlay without its `format`.
const NO_FORMAT: &str = r#"{
  "service": {"crate_name": "volc-demo"}
}"#;

#[test]
fn format_missing_is_located() -> TestResult {
    let diagnostics = overlay::load(NO_FORMAT, OVERLAY)
        .err()
        .ok_or("the overlay loaded; it should not")?;
    let [item] = diagnostics.items.as_slice() else {
        return Err(format!("{} problems", diagnostics.items.len()).into());
    };
    assert!(item.message.starts_with("missing key `format`"), "{item:?}");
    assert_eq!(item.position, Some((1, 1)));
    Ok(())
}

#[test]

fn format_missing() -> TestResult {
    let report = report(NO_FORMAT)?;
    assert!(!report.contains("in the spec"), "{report}");
    insta::assert_snapshot!("format_missing", report);
    Ok(())
}

/// An overlay that is not JSON: a trailing comma on line 4.
const MALFORMED: &str = r#"{
  "format": 1,
  "actions": {
    "DescribeApp": {"idempotent": true,}
  }
}"#;

#[test]
fn malformed_json_is_positioned() -> TestResult {
    let diagnostics = overlay::load(MALFORMED, OVERLAY)
        .err()
        .ok_or("the overlay loaded; it should not")?;
    let [item] = diagnostics.items.as_slice() else {
        return Err(format!("{} problems", diagnostics.items.len()).into());
    };
    assert!(item.message.starts_with("malformed JSON: "), "{item:?}");
    let line = line_of(MALFORMED, "\"idempotent\": true,}")?;
    assert_eq!(item.position.map(|(l, _)| l), Some(line), "{item:?}");
    // `Display`, the plain summary, gives the place.
    let shown = diagnostics.to_string();
    assert!(shown.contains(&format!("{OVERLAY}:{line}:")), "{shown}");
    Ok(())
}

#[test]

fn malformed_json() -> TestResult {
    let report = report(MALFORMED)?;
    assert_points_at(&report, OVERLAY, MALFORMED, "\"idempotent\": true,}")?;
    insta::assert_snapshot!("malformed_json", report);
    Ok(())
}

#[test]
fn not_an_object() -> TestResult {
    let text = "[1, 2]\n";
    let report = report(text)?;
    insta::assert_snapshot!("not_an_object", report);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Several overlays, in order
// ---------------------------------------------------------------------------------------------

#[test]
fn the_second_overlay_sees_the_first_result() -> TestResult {
    let first = r#"{
  "format": 1,
  "service": {"crate_name": "volc-demo-draft", "title": {"en": "Demo"}, "docs": {"en": "The demo service."}},
  "enums": [
    {
      "name": "AppStatus",
      "kind": "string",
      "docs": {"en": "An app's status."},
      "values": [{"value": "online", "name": "Online", "docs": {"en": "Serving."}}]
    }
  ],
  "shapes": {"AppItem": {"name": "AppInfo", "docs": {"zh": "应用。"}}}
}"#;
    let second = r#"{
  "format": 1,
  "service": {"crate_name": "volc-demo", "docs": {"zh": "演示服务的全部接口。"}},
  "shapes": {
    "DescribeAppRequest": {"fields": {"Status": {"type": "AppStatus"}}},
    "AppInfo": {"docs": {"en": "An app."}, "fields": {"Status": {"type": "AppStatus"}}}
  }
}"#;
    let spec = apply(applied(first)?, second)?;
    // The second overrides the first.
    assert_eq!(spec.service.crate_name.as_deref(), Some("volc-demo"));
    // Docs merged twice: each language from the last overlay that gives it.
    assert_eq!(spec.service.title, docs("演示服务", "Demo"));
    assert_eq!(
        spec.service.docs,
        docs("演示服务的全部接口。", "The demo service.")
    );
    assert_eq!(shape(&spec, "AppInfo")?.docs, docs("应用。", "An app."));
    // The enum the first added, used by the second.
    assert_eq!(
        field(shape(&spec, "DescribeAppRequest")?, "Status")?.ty,
        "AppStatus"
    );
    assert_eq!(field(shape(&spec, "AppInfo")?, "Status")?.ty, "AppStatus");
    checked(&spec)?;

    // The first's rename is the name the second must use.
    let stale = r#"{
  "format": 1,
  "shapes": {
    "AppItem": {"docs": {"en": "An app."}}
  }
}"#;
    let report = report_on(applied(first)?, stale)?;
    insta::assert_snapshot!("second_overlay_uses_a_name_the_first_renamed", report);
    assert_points_at(&report, OVERLAY, stale, "\"AppItem\"")?;

    // And a type the first added cannot be added again.
    let again = r#"{
  "format": 1,
  "enums": [
    {"name": "AppStatus", "kind": "string", "docs": {"en": "Again."}, "values": [{"value": "x", "name": "X", "docs": {"en": "X."}}]}
  ]
}"#;
    let report = report_on(applied(first)?, again)?;
    assert!(
        report.contains("the spec already has a type named `AppStatus`"),
        "{report}"
    );
    Ok(())
}

#[test]
fn the_second_overlay_appends_after_the_first() -> TestResult {
    let first = r#"{"format": 1, "service": {"notes": ["First."], "endpoints": [{"provider": "byteplus", "url": "https://open.byteplusapi.com", "region": "ap-singapore-1"}]}}"#;
    let second = r#"{"format": 1, "service": {"notes": ["Second."]}, "shapes": {"DescribeAppRequest": {"rules": [{"kind": "min_items", "field": "Vhost", "min": 1}]}}}"#;
    let spec = apply(applied(first)?, second)?;
    assert_eq!(
        spec.service.notes,
        ["Imported from the Go model.", "First.", "Second."]
    );
    assert_eq!(spec.service.endpoints.len(), 2);
    assert_eq!(shape(&spec, "DescribeAppRequest")?.rules.len(), 2);
    Ok(())
}

#[test]

fn an_overlay_keeps_the_shapes_it_does_not_touch() -> TestResult {
    let text = BASE.replace(
        r#"{"name": "AppStats""#,
        r#"{"name": "Orphan", "fields": []}, {"name": "AppStats""#,
    );
    let spec = volc_codegen::load(&text, SPEC)?;
    assert!(shape(&spec, "Orphan").is_ok());
    let spec = apply(spec, r#"{"format": 1}"#)?;
    assert!(shape(&spec, "Orphan").is_ok(), "{:?}", shape_names(&spec));
    Ok(())
}

#[test]

fn a_later_overlay_keeps_the_new_shapes_of_an_earlier_one() -> TestResult {
    let first = r#"{
  "format": 1,
  "new_shapes": [{"name": "Spare", "fields": [{"name": "Note", "type": "String"}]}]
}"#;
    let spec = applied(first)?;
    assert!(shape(&spec, "Spare").is_ok());
    // An overlay that only names the crate must not change the shapes.
    let spec = apply(
        spec,
        r#"{"format": 1, "service": {"crate_name": "volc-demo"}}"#,
    )?;
    assert!(shape(&spec, "Spare").is_ok(), "{:?}", shape_names(&spec));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The vendored Live package
// ---------------------------------------------------------------------------------------------

/// An enum for an imported `String` field, and a `one_of` over two imported request fields
/// through a group, on `DescribeCallback` alone.
const DESCRIBE_CALLBACK: &str = r#"{
  "format": 1,
  "service": {"crate_name": "volc-live-describe-callback"},
  "enums": [
    {
      "name": "MessageType",
      "kind": "string",
      "docs": {"en": "The kind of event a callback reports."},
      "values": [
        {"value": "push", "name": "Push", "docs": {"en": "A push started."}},
        {"value": "push_end", "name": "PushEnd", "docs": {"en": "A push ended."}}
      ]
    }
  ],
  "shapes": {
    "DescribeCallbackRequest": {
      "groups": [
        {"name": "Target", "shape": "CallbackTarget", "fields": ["Vhost", "Domain"], "required": true, "docs": {"en": "The Vhost or the Domain."}}
      ],
      "fields": {"MessageType": {"type": "MessageType"}}
    },
    "CallbackTarget": {
      "representation": {"kind": "one_of"},
      "rules": [{"kind": "exactly_one_of", "fields": ["Vhost", "Domain"], "docs": {"en": "Pass exactly one."}}]
    },
    "DescribeCallbackResult.CallbackList": {"fields": {"MessageType": {"type": "MessageType"}}}
  }
}"#;

#[test]
fn live_describe_callback_with_an_enum_and_a_one_of_generates() -> TestResult {
    let spec = import_live(&only(&["DescribeCallback"]))?;
    let request = shape(&spec, "DescribeCallbackRequest")?;
    assert_eq!(field(request, "MessageType")?.ty, "String");
    assert!(shape(&spec, "CallbackTarget").is_err());

    let spec = apply(spec, DESCRIBE_CALLBACK)?;
    let request = shape(&spec, "DescribeCallbackRequest")?;
    assert_eq!(
        fields(request),
        [
            ("App", "String"),
            ("Target", "CallbackTarget"),
            ("MessageType", "MessageType")
        ]
    );
    let target = shape(&spec, "CallbackTarget")?;
    assert_eq!(target.representation, Representation::OneOf);
    assert_eq!(fields(target), [("Vhost", "String"), ("Domain", "String")]);
    // The imported docs came along.
    assert!(field(target, "Vhost")?.docs.zh.starts_with("域名空间"));
    let text = checked(&spec)?;
    let files = volc_codegen::generate(&text, "x.json", &volc_codegen::Settings::default())?;
    let code: String = files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, code)| code.as_str())
        .collect();
    assert!(code.contains("pub enum MessageType"), "no MessageType enum");
    assert!(
        code.contains("pub enum CallbackTarget"),
        "no CallbackTarget enum"
    );
    let manifest = files.get("Cargo.toml").ok_or("no Cargo.toml")?;
    assert!(
        manifest.contains("volc-live-describe-callback"),
        "{manifest}"
    );
    Ok(())
}

#[test]
fn committed_callback_overlay_reproduces_live_callback_json() -> TestResult {
    let spec = import_live(&only(&CALLBACK_ACTIONS))?;
    let spec = apply_committed(spec, "spec/live-callback.overlay.json")?;
    let text = import::to_json(&spec)?;
    assert_same_text(
        &text,
        &committed("spec/live-callback.json")?,
        "spec/live-callback.json",
    );
    checked(&spec)?;
    Ok(())
}

#[test]
fn committed_overlays_reproduce_live_json() -> TestResult {
    let spec = import_live(&ImportOptions::default())?;
    let spec = apply_committed(spec, "spec/live-callback.overlay.json")?;
    let spec = apply_committed(spec, "spec/live.overlay.json")?;
    let text = import::to_json(&spec)?;
    assert_same_text(&text, &committed("spec/live.json")?, "spec/live.json");
    Ok(())
}

#[test]
fn upstream_rename_is_caught_and_located() -> TestResult {
    let dir = workspace().join(LIVE);
    let config = fs::read_to_string(dir.join("config.go"))?;
    let model = fs::read_to_string(dir.join("model.go"))?;
    let before = "\tCallbackDetailList []UpdateCallbackBodyCallbackDetailListItem `json:\"CallbackDetailList\"`";
    let after =
        "\tCallbackDetails []UpdateCallbackBodyCallbackDetailListItem `json:\"CallbackDetails\"`";
    assert_eq!(
        model.matches(before).count(),
        1,
        "the field of UpdateCallbackBody"
    );
    let model = model.replace(before, after);
    let spec = import::import(
        &format!("{LIVE}/config.go"),
        &config,
        &format!("{LIVE}/model.go"),
        &model,
        &only(&CALLBACK_ACTIONS),
    )?;
    // The import itself has no complaint: the overlay is where the rename shows.
    let request = shape(&spec, "UpdateCallbackRequest")?;
    assert!(field(request, "CallbackDetails").is_ok());
    assert!(field(request, "CallbackDetailList").is_err());

    let source = "spec/live-callback.overlay.json";
    let text = committed(source)?;
    let diagnostics = overlay::apply_text(spec, &text, source)
        .err()
        .ok_or("the overlay applied to a renamed field; it should not")?;
    let report = diagnostics.report(&text, false);
    insta::assert_snapshot!("upstream_rename", report);
    // The path key through the renamed field, and the field's own entry.
    assert_points_at(
        &report,
        source,
        &text,
        "\"UpdateCallbackRequest.CallbackDetailList\": {",
    )?;
    let entry = text
        .find("\"CallbackDetailList\": {")
        .ok_or("no CallbackDetailList entry")?;
    let line = text[..entry].matches('\n').count() + 1;
    assert!(
        report.contains(&format!("┌─ {source}:{line}:")),
        "expected the field entry on line {line}:\n{report}"
    );
    assert!(
        report.contains("did you mean `CallbackDetails`?"),
        "{report}"
    );
    Ok(())
}
