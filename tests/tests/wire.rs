//! The generated types on the wire: the seed's three request bodies (made valid), the rules that
//! refuse invalid requests before anything is sent, and lenient response decoding.

use serde_json::{json, Value};
use volc_live_callback::update_callback::CallbackAuth;
use volc_live_callback::{
    AppName, CallbackDetail, CallbackTarget, CallbackType, DeleteCallbackRequest,
    DescribeCallbackOutput, DescribeCallbackRequest, MessageType, TranscodeCallback,
    UpdateCallbackRequest, ValidationError,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The seed's UpdateCallback body without `Domain`: the seed passes both `Vhost` and `Domain`,
/// which the API forbids, and `App` only goes with `Vhost`.
fn seed_update_body() -> Value {
    json!({
        "App": "example_app",
        "AuthEnable": false,
        "AuthKeyPrimary": "1622194197-0-0-5552*****e4e20387c6dc18afce****",
        "CallbackDetailList": [{"CallbackType": "http", "URL": "http://example.com/callback"}],
        "MessageType": "push",
        "TranscodeCallback": 0,
        "Vhost": "push.example.com"
    })
}

fn seed_update_request() -> Result<UpdateCallbackRequest, ValidationError> {
    UpdateCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
            app: Some(AppName::new("example_app")?),
        })
        .auth(CallbackAuth::Disabled {
            auth_key_primary: Some("1622194197-0-0-5552*****e4e20387c6dc18afce****".into()),
        })
        .callback_detail_list([CallbackDetail::new(
            CallbackType::Http,
            "http://example.com/callback",
        )])
        .message_type(MessageType::Push)
        .transcode_callback(TranscodeCallback::Off)
        .build()
}

#[test]
fn seed_update_callback_body() -> TestResult {
    assert_eq!(
        serde_json::to_value(seed_update_request()?)?,
        seed_update_body()
    );
    Ok(())
}

#[test]
fn seed_update_callback_body_matches_the_official_sdk_minus_domain() -> TestResult {
    // The signing vectors hold the exact body the official SDK sends for the seed example.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sign-vectors.json");
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let body = vectors["vectors"]
        .as_array()
        .and_then(|all| all.iter().find(|v| v["id"] == "seed_update_callback"))
        .and_then(|v| v["input"]["body"].as_str())
        .ok_or("seed_update_callback vector missing")?;
    let mut sdk: Value = serde_json::from_str(body)?;
    sdk.as_object_mut()
        .ok_or("body is not an object")?
        .remove("Domain");
    assert_eq!(serde_json::to_value(seed_update_request()?)?, sdk);
    Ok(())
}

use std::path::Path;

#[test]
fn seed_delete_callback_body() -> TestResult {
    let request = DeleteCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.live.example.com".into(),
            app: Some(AppName::new("live")?),
        })
        .message_type(MessageType::Push)
        .build()?;
    assert_eq!(
        serde_json::to_value(&request)?,
        json!({"Vhost": "push.live.example.com", "MessageType": "push", "App": "live"})
    );
    Ok(())
}

#[test]
fn seed_describe_callback_body() -> TestResult {
    let request = DescribeCallbackRequest::builder()
        .target(CallbackTarget::Vhost {
            vhost: "push.example.com".into(),
            app: Some(AppName::new("Live")?),
        })
        .message_type(MessageType::Push)
        .build()?;
    assert_eq!(
        serde_json::to_value(&request)?,
        json!({"App": "Live", "MessageType": "push", "Vhost": "push.example.com"})
    );
    Ok(())
}

#[test]
fn domain_target_sends_domain_only() -> TestResult {
    let request = DescribeCallbackRequest::builder()
        .target(CallbackTarget::domain("push.example.com"))
        .build()?;
    assert_eq!(
        serde_json::to_value(&request)?,
        json!({"Domain": "push.example.com"})
    );
    Ok(())
}

#[test]
fn enabled_auth_sends_its_key() -> TestResult {
    let request = UpdateCallbackRequest::builder()
        .target(CallbackTarget::vhost("push.example.com"))
        .message_type(MessageType::PushEnd)
        .callback_detail_list([CallbackDetail::new(
            CallbackType::Http,
            "https://example.com/cb",
        )])
        .auth(CallbackAuth::enabled("k-123"))
        .build()?;
    assert_eq!(
        serde_json::to_value(&request)?,
        json!({
            "Vhost": "push.example.com",
            "MessageType": "push_end",
            "CallbackDetailList": [{"CallbackType": "http", "URL": "https://example.com/cb"}],
            "AuthEnable": true,
            "AuthKeyPrimary": "k-123"
        })
    );
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("k-123"),
        "the callback auth key leaked into Debug: {debug}"
    );
    assert!(debug.contains("***"));
    Ok(())
}

#[test]
fn unknown_enum_values_are_sent_as_given() -> TestResult {
    let request = DescribeCallbackRequest::builder()
        .target(CallbackTarget::vhost("v"))
        .message_type(MessageType::from("stream_health"))
        .build()?;
    assert_eq!(
        serde_json::to_value(&request)?["MessageType"],
        "stream_health"
    );
    assert_eq!(
        MessageType::from("push"),
        MessageType::Push,
        "known values parse to their variant"
    );
    assert_eq!(TranscodeCallback::from(1), TranscodeCallback::On);
    assert_eq!(TranscodeCallback::from(7).value(), 7);
    Ok(())
}

#[test]
fn app_of_31_characters_is_refused() {
    let app = "a".repeat(31);
    let err = AppName::new(app.clone()).err();
    assert_eq!(
        err,
        Some(ValidationError::Length {
            type_name: "AppName",
            value: app.clone(),
            min: 1,
            max: 30,
            actual: 31
        })
    );
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(
        message,
        format!("AppName: {app:?} is 31 characters long, 1 to 30 allowed")
    );
    assert!(
        AppName::new("a".repeat(30)).is_ok(),
        "30 characters are allowed"
    );
}

#[test]
fn empty_app_is_refused() {
    assert!(matches!(
        AppName::new(""),
        Err(ValidationError::Length { actual: 0, .. })
    ));
}

#[test]
fn app_with_a_slash_is_refused() {
    let err = AppName::new("live/app").err();
    assert_eq!(
        err.as_ref().map(ToString::to_string).unwrap_or_default(),
        "AppName: \"live/app\" contains '/', which `^[A-Za-z0-9_.-]*$` does not allow"
    );
    assert!(matches!(
        err,
        Some(ValidationError::Pattern { invalid: '/', .. })
    ));
    assert!(AppName::new("Live-2.app_x").is_ok());
    assert!("live".parse::<AppName>().is_ok());
}

#[test]
fn empty_callback_detail_list_is_refused() {
    let err = UpdateCallbackRequest::builder()
        .target(CallbackTarget::vhost("push.example.com"))
        .message_type(MessageType::Push)
        .callback_detail_list([])
        .build()
        .err();
    assert_eq!(
        err,
        Some(ValidationError::TooFewItems {
            shape: "UpdateCallbackRequest",
            field: "CallbackDetailList",
            min: 1,
            actual: 0
        })
    );
    assert_eq!(
        err.map(|e| e.to_string()).unwrap_or_default(),
        "UpdateCallbackRequest: `CallbackDetailList` needs at least 1 item, 0 given (a rule the client checks; if the service no longer enforces it, `build_without_rule_checks()` skips the rule checks)"
    );
}

#[test]
fn missing_required_fields_are_named() {
    // The first required field missing, in field order (the import's: the model's order).
    let err = UpdateCallbackRequest::builder()
        .message_type(MessageType::Push)
        .callback_detail_list([])
        .build()
        .err();
    assert_eq!(
        err.map(|e| e.to_string()).unwrap_or_default(),
        "UpdateCallbackRequest: required field `Target` is not set"
    );
    let err = UpdateCallbackRequest::builder()
        .message_type(MessageType::Push)
        .build()
        .err();
    assert_eq!(
        err.map(|e| e.to_string()).unwrap_or_default(),
        "UpdateCallbackRequest: required field `CallbackDetailList` is not set"
    );
    let err = DescribeCallbackRequest::builder().build().err();
    assert!(matches!(
        err,
        Some(ValidationError::MissingField {
            field: "Target",
            ..
        })
    ));
}

#[test]
fn describe_response_is_decoded_leniently() -> TestResult {
    let body = r#"{
        "ResponseMetadata": {"RequestId": "20240415113703AB", "Action": "DescribeCallback",
            "Version": "2023-01-01", "Service": "live", "Region": "cn-north-1", "Extra": 1},
        "Result": {"CallbackList": [{
            "App": "live.example.com",
            "AuthEnable": true,
            "AuthKeyPrimary": "secret-key-1",
            "CallbackDetailList": [{"CallbackType": "http", "URL": "http://example.com/cb"}],
            "CreateTime": "2021-01-02T15:04:05+8:00",
            "MessageType": "stream_health",
            "TranscodeCallback": 3,
            "Vhost": "push.example.com",
            "SomethingNew": {"nested": [1, 2]}
        }, {}], "Total": 2}
    }"#;
    let output: DescribeCallbackOutput = serde_json::from_str(body)?;
    assert_eq!(output.response_metadata.request_id, "20240415113703AB");
    let list = &output.result.callback_list;
    assert_eq!(list.len(), 2);
    let first = &list[0];
    assert!(
        matches!(&first.message_type, Some(MessageType::Unknown(v)) if v.as_str() == "stream_health"),
        "{:?}",
        first.message_type
    );
    assert_eq!(
        first.message_type.as_ref().map(MessageType::as_str),
        Some("stream_health")
    );
    assert!(
        matches!(first.transcode_callback, Some(TranscodeCallback::Unknown(v)) if v.value() == 3),
        "{:?}",
        first.transcode_callback
    );
    assert_eq!(
        first.create_time.as_deref(),
        Some("2021-01-02T15:04:05+8:00")
    );
    assert_eq!(first.app.as_deref(), Some("live.example.com"));
    assert_eq!(
        first.auth_key_primary.as_ref().map(|k| k.expose().as_str()),
        Some("secret-key-1")
    );
    assert_eq!(
        first.callback_detail_list[0].url.as_deref(),
        Some("http://example.com/cb")
    );
    assert!(
        !format!("{output:?}").contains("secret-key-1"),
        "the auth key leaked into Debug"
    );
    assert_eq!(
        list[1],
        Default::default(),
        "an empty item decodes to all-missing fields"
    );
    Ok(())
}

/// Shapes that requests use too decode leniently in responses: an item without what a request
/// must send, Booleans and integers as strings, the server's spelling of an enum value.
#[test]
fn describe_response_is_lenient_where_requests_are_strict() -> TestResult {
    let body = r#"{
        "ResponseMetadata": {"RequestId": "r"},
        "Result": {"CallbackList": [{
            "AuthEnable": "false",
            "TranscodeCallback": "1",
            "CallbackDetailList": [
                {"CallbackType": "HTTP"},
                {"URL": "http://example.com/cb", "CallbackType": "http", "Extra": 1},
                null
            ]
        }, {"AuthEnable": "TRUE"}]}
    }"#;
    let output: DescribeCallbackOutput = serde_json::from_str(body)?;
    let [first, second] = output.result.callback_list.as_slice() else {
        return Err("expected two configurations".into());
    };
    assert_eq!(first.auth_enable, Some(false));
    assert_eq!(second.auth_enable, Some(true));
    assert_eq!(first.transcode_callback, Some(TranscodeCallback::On));
    let details = &first.callback_detail_list;
    assert_eq!(details.len(), 2, "a null item is dropped: {details:?}");
    assert_eq!(details[0].callback_type, Some(CallbackType::Http));
    assert_eq!(details[0].url, None);
    assert_eq!(details[1].url.as_deref(), Some("http://example.com/cb"));
    Ok(())
}

#[test]
fn describe_response_without_result_or_with_nulls_decodes() -> TestResult {
    let output: DescribeCallbackOutput =
        serde_json::from_str(r#"{"ResponseMetadata": {"RequestId": "r1"}, "Result": null}"#)?;
    assert!(output.result.callback_list.is_empty());
    let output: DescribeCallbackOutput = serde_json::from_str(
        r#"{"ResponseMetadata": {"RequestId": "r2"}, "Result": {"CallbackList": null}}"#,
    )?;
    assert!(output.result.callback_list.is_empty());
    Ok(())
}
