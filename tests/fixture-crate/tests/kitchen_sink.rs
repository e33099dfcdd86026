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
