//! The kitchen-sink fixture behaves as its spec says: every rule is checked by `build()` or
//! encoded in a type, and requests serialize to the wire names.

use serde_json::json;
use volc_fixtures::kitchen_sink::{
    CreateThingRequest, Kind, Level, ListThingsRequest, Owner, Secret, Tag, ThingName,
    TouchThingRequest, ValidationError,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A request that meets every rule, to break one rule at a time.
fn valid() -> Result<volc_fixtures::kitchen_sink::CreateThingRequestBuilder, ValidationError> {
    Ok(CreateThingRequest::builder()
        .owner(Owner::user_id(7))
        .name(ThingName::new("kettle")?)
        .kind(Kind::Small)
        .fast(true)
        .tags([Tag::new("env", "prod")]))
}

#[test]
fn a_valid_request_serializes_to_the_wire_names() -> TestResult {
    let request = valid()?
        .secret(Secret::on("k3y"))
        .level(Level::Low)
        .kinds([Kind::Small, Kind::Large])
        .self_("me")
        .build()?;
    assert_eq!(
        serde_json::to_value(&request)?,
        json!({
            "UserId": 7,
            "Enabled": true,
            "Key": "k3y",
            "Name": "kettle",
            "Kind": "small",
            "Level": -1,
            "Fast": true,
            "Tags": [{"Key": "env", "Value": "prod"}],
            "Kinds": ["small", "large"],
            "Self": "me"
        })
    );
    assert!(!format!("{request:?}").contains("k3y"), "the key is secret");
    Ok(())
}

#[test]
fn every_rule_is_checked() -> TestResult {
    let rule = |result: Result<CreateThingRequest, ValidationError>| match result {
        Err(e) => e.to_string(),
        Ok(_) => "accepted".to_owned(),
    };
    assert!(rule(valid()?.tags([]).build()).contains("at least 1"));
    assert!(rule(valid()?.kinds([Kind::Small]).build()).contains("at least 2"));
    assert!(rule(valid()?.kind(Kind::Large).build())
        .contains("`Note` is required when `Kind` is large"));
    assert_eq!(
        rule(valid()?.kind(Kind::Large).note("big").build()),
        "accepted"
    );
    assert!(rule(valid()?.slow(true).build()).contains("exactly one of `Fast`, `Slow`"));
    assert!(rule(valid()?.grid([vec!["a".to_owned()]]).build())
        .contains("`Grid` must not be set when `Fast` is set"));
    assert!(rule(CreateThingRequest::builder().build()).contains("required field `Owner`"));
    // Sizes and lengths; a length error never shows the (secret) value.
    let four = [
        Tag::new("a", "1"),
        Tag::new("b", "2"),
        Tag::new("c", "3"),
        Tag::new("d", "4"),
    ];
    assert!(rule(valid()?.tags(four).build()).contains("`Tags` takes at most 3 items, 4 given"));
    assert!(rule(valid()?.note("x".repeat(21)).build())
        .contains("`Note` is 21 characters long, at most 20 characters allowed"));
    let long = rule(valid()?.reason("s3cr3t-but-too-long").build());
    assert!(
        long.contains("`Reason` is 19 characters long, 2 to 8 characters allowed"),
        "{long}"
    );
    assert!(!long.contains("s3cr3t"));
    // Conditions on an Integer and a String field.
    assert!(
        rule(valid()?.priority(9).build()).contains("`Reason` is required when `Priority` is 9")
    );
    assert_eq!(rule(valid()?.priority(8).build()), "accepted");
    assert!(rule(valid()?.mode("manual").build())
        .contains("`Reason` is required when `Mode` is manual"));
    assert_eq!(
        rule(valid()?.mode("manual").reason("why").build()),
        "accepted"
    );
    Ok(())
}

#[test]
fn rule_errors_say_how_to_skip_them_and_the_escape_hatch_skips_only_rules() -> TestResult {
    let broken = valid()?.slow(true);
    let error = broken
        .clone()
        .build()
        .err()
        .ok_or("a broken rule was accepted")?;
    assert!(error.is_rule());
    assert!(
        error.to_string().contains("build_without_rule_checks()"),
        "{error}"
    );
    // The escape hatch builds what the rules refuse, the same value but for the checks...
    let request = broken.build_without_rule_checks()?;
    assert_eq!(request.slow(), Some(true));
    // ...but required fields still hold, and their error is not a rule.
    let missing = CreateThingRequest::builder()
        .build_without_rule_checks()
        .err()
        .ok_or("a request without its required fields was built")?;
    assert!(!missing.is_rule());
    assert!(!missing.to_string().contains("build_without_rule_checks"));
    assert!(ThingName::new("Kettle").is_err());
    assert!(ThingName::new("").is_err());
    Ok(())
}

#[test]
fn get_and_new_requests() -> TestResult {
    let list = ListThingsRequest::builder()
        .page_number(2)
        .level(Level::High)
        .deleted(false)
        .build()?;
    assert_eq!(
        serde_json::to_value(&list)?,
        json!({"PageNumber": 2, "Level": 1, "Deleted": false})
    );
    let touch = TouchThingRequest::new(1, "secret", [Kind::Large]);
    assert_eq!(touch.password().expose(), "secret");
    assert_eq!(
        serde_json::to_value(&touch)?,
        json!({"Id": 1, "Password": "secret", "Kinds": ["large"]})
    );
    let group = Owner::group(ThingName::new("ops")?);
    assert_eq!(serde_json::to_value(&group)?, json!({"Group": "ops"}));
    assert_eq!(
        serde_json::to_value(Secret::off())?,
        json!({"Enabled": false})
    );
    Ok(())
}

mod new_types {
    use std::collections::BTreeMap;

    use serde_json::json;
    use volc_fixtures::kitchen_sink::{
        FindThingsRequest, Kind, Level, MeasureThingOutput, MeasureThingRequest, Node, PingOutput,
        PingRequest, Storage, TosParam, ValidationError, VodParam,
    };

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn floats_maps_json_and_nested_shapes_serialize() -> TestResult {
        let tree = Node::builder()
            .label("root")
            .child(Node::builder().label("only").build()?)
            .by_name([("k".to_owned(), Node::builder().build()?)])
            .build()?;
        let request = MeasureThingRequest::builder()
            .ratio(1e-3)
            .scale(-0.5)
            .count(1000)
            .labels([("env".to_owned(), "prod".to_owned())])
            .weights([BTreeMap::from([
                ("a".to_owned(), 1e3),
                ("b".to_owned(), -0.5),
            ])])
            .extra(json!({"any": [1, "two", null]}))
            .storage(Storage::builder().vod_param(VodParam::new("s")).build()?)
            .tree(tree)
            .url("https://a.example")
            .url_lower("https://b.example")
            .build()?;
        assert_eq!(
            serde_json::to_value(&request)?,
            json!({
                "Ratio": 0.001,
                "Scale": -0.5,
                "Count": 1000,
                "Labels": {"env": "prod"},
                "Weights": [{"a": 1000.0, "b": -0.5}],
                "Extra": {"any": [1, "two", null]},
                "Storage": {"VODParam": {"Space": "s"}},
                "Tree": {"Label": "root", "Child": {"Label": "only"}, "ByName": {"k": {}}},
                "URL": "https://a.example",
                "Url": "https://b.example"
            })
        );
        assert_eq!(
            request.tree().and_then(Node::child).and_then(Node::label),
            Some("only")
        );
        Ok(())
    }

    #[test]
    fn ranges_and_nested_exactly_one_of_are_checked() -> TestResult {
        let outside = |ratio: f64| match MeasureThingRequest::builder().ratio(ratio).build() {
            Err(ValidationError::OutOfRange { field, .. }) => field == "Ratio",
            _ => false,
        };
        assert!(outside(1.5) && outside(-0.1) && outside(f64::NAN));
        assert!(MeasureThingRequest::builder().ratio(1.0).build().is_ok());
        let scale = MeasureThingRequest::builder()
            .ratio(0.5)
            .scale(-0.6)
            .build();
        assert!(scale.is_err_and(|e| e.to_string().contains("at least -0.5")));
        let count = MeasureThingRequest::builder()
            .ratio(0.5)
            .count(1001)
            .build();
        assert!(count.is_err_and(|e| e.to_string().contains("at most 1000")));
        let both = Storage::builder()
            .tos_param(TosParam::new("b"))
            .vod_param(VodParam::new("s"))
            .build();
        assert!(both.is_err_and(|e| e
            .to_string()
            .contains("exactly one of `TOSParam`, `VODParam`")));
        assert!(Storage::builder().build().is_err());
        Ok(())
    }

    #[test]
    fn responses_decode_floats_maps_json_and_recursion_leniently() -> TestResult {
        let body = json!({
            "ResponseMetadata": {"RequestId": "r"},
            "Result": {
                "Score": "1e3",
                "Histogram": {"a": "3", "b": 4},
                "Grid": [[1, -0.5], null, ["2.5"]],
                "ByTag": {"x": {"Value": "v"}},
                "Raw": {"kept": [true, {"as": "is"}]},
                "Tree": {"Label": 7, "Child": {"Child": {"Label": "deep"}}, "ByName": null},
                "Kind": "SMALL",
                "Error": {"Code": "E1"},
                "Unknown": "ignored"
            }
        });
        let output: MeasureThingOutput = serde_json::from_value(body)?;
        let result = &output.result;
        assert_eq!(result.score, Some(1000.0));
        assert_eq!(result.histogram.get("a"), Some(&3));
        assert_eq!(result.grid, vec![vec![1.0, -0.5], vec![2.5]]);
        assert_eq!(
            result.by_tag.get("x").and_then(|t| t.value.as_deref()),
            Some("v")
        );
        assert_eq!(result.by_tag.get("x").and_then(|t| t.key.as_deref()), None);
        assert_eq!(result.raw, Some(json!({"kept": [true, {"as": "is"}]})));
        let tree = result.tree.as_ref().ok_or("no tree")?;
        assert_eq!(tree.label.as_deref(), Some("7"));
        let deep = tree.child.as_ref().and_then(|c| c.child.as_ref());
        assert_eq!(deep.and_then(|d| d.label.as_deref()), Some("deep"));
        assert_eq!(
            result.kind,
            Some(Kind::Small),
            "an alias decodes as its value"
        );
        assert_eq!(
            result.error.as_ref().and_then(|e| e.code.as_deref()),
            Some("E1")
        );
        assert_eq!(Kind::Small.as_str(), "small", "and is sent as the value");
        assert_eq!(serde_json::from_value::<Level>(json!(2))?, Level::High);
        Ok(())
    }

    #[test]
    fn actions_without_parameters() -> TestResult {
        assert_eq!(serde_json::to_value(PingRequest::new())?, json!({}));
        assert_eq!(PingRequest::default(), PingRequest::new());
        let output: PingOutput =
            serde_json::from_value(json!({"ResponseMetadata": {"RequestId": "r"}, "Result": {}}))?;
        assert_eq!(output.response_metadata.request_id, "r");
        let list = FindThingsRequest::builder()
            .ids([1, 2])
            .kinds([Kind::Large])
            .min_score(0.5)
            .build()?;
        assert_eq!(
            serde_json::to_value(&list)?,
            json!({"Ids": [1, 2], "Kinds": ["large"], "MinScore": 0.5})
        );
        assert!(FindThingsRequest::builder().page_size(0).build().is_err());
        Ok(())
    }
}
