//! Read-modify-write: UpdateCallback replaces a whole configuration, so a user reads it with
//! DescribeCallback, converts what came back into an UpdateCallback builder, changes one field
//! and writes it back. Against the mock gateway, and the conversion's errors on values that
//! cannot make a request.

use serde_json::json;
use volc_live_callback::{
    CallbackConfig, CallbackDetail, CallbackDetailDecoded, CallbackTarget, CallbackType, Client,
    Config, Credentials, MessageType, RetryPolicy, UpdateCallbackRequestBuilder, ValidationError,
};
use volc_tests::mock_server::{MockConfig, MockServer, Scripted};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn client(server: &MockServer) -> Result<Client, volc_live_callback::Error> {
    let mock = server.config();
    Client::new(
        Config::builder()
            .endpoint(server.url())
            .credentials(Credentials::new(
                &mock.access_key_id,
                &mock.secret_access_key,
            ))
            .retry(RetryPolicy::none())
            .build(),
    )
}

/// A configuration as DescribeCallback returns it (with what UpdateCallback does not take:
/// the creation times, and an empty `Domain` beside the `Vhost`).
fn described() -> serde_json::Value {
    json!({
        "CallbackList": [{
            "Vhost": "push.example.com", "Domain": "", "App": "studio",
            "MessageType": "push", "TranscodeCallback": 1,
            "AuthEnable": true, "AuthKeyPrimary": "key-0123456789",
            "CallbackDetailList": [
                {"CallbackType": "http", "URL": "https://old.example.com/cb"},
                {"CallbackType": "HTTP", "URL": "https://backup.example.com/cb"}
            ],
            "CreateTime": "2024-05-06T15:08:09+08:00", "CreateTimeUTC": "2024-05-06T07:08:09Z"
        }]
    })
}

#[tokio::test]
async fn describe_convert_change_one_field_update() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    server.push_response(Scripted::success(described()));
    let client = client(&server)?;

    let described = client
        .describe_callback()
        .target(CallbackTarget::vhost("push.example.com"))
        .message_type(MessageType::Push)
        .send()
        .await?;
    let [config] = described.result.callback_list.as_slice() else {
        return Err("expected one configuration".into());
    };
    // Change the first address only; everything else goes back as it was.
    let update = UpdateCallbackRequestBuilder::try_from(config)?
        .callback_detail_list([
            CallbackDetail::new(CallbackType::Http, "https://new.example.com/cb"),
            CallbackDetail::new(CallbackType::Http, "https://backup.example.com/cb"),
        ])
        .build()?;
    client.send(&update).await?;

    let requests = server.requests();
    let [_, written] = requests.as_slice() else {
        return Err(format!("expected two requests, saw {}", requests.len()).into());
    };
    assert!(written.signature_verified);
    assert_eq!(written.action(), Some("UpdateCallback"));
    assert_eq!(
        written.body_json(),
        Some(json!({
            "CallbackDetailList": [
                {"CallbackType": "http", "URL": "https://new.example.com/cb"},
                {"CallbackType": "http", "URL": "https://backup.example.com/cb"}
            ],
            "MessageType": "push",
            "Vhost": "push.example.com", "App": "studio",
            "AuthEnable": true, "AuthKeyPrimary": "key-0123456789",
            "TranscodeCallback": 1
        }))
    );
    Ok(())
}

/// The conversion alone, unchanged, writes back what was read (but what UpdateCallback does
/// not take), and a decoded address converts into a request address.
#[test]
fn an_unchanged_configuration_converts_to_the_same_request() -> TestResult {
    let config: CallbackConfig = serde_json::from_value(described()["CallbackList"][0].clone())?;
    let request = UpdateCallbackRequestBuilder::try_from(&config)?.build()?;
    let body = serde_json::to_value(&request)?;
    assert_eq!(body["Vhost"], "push.example.com");
    assert!(
        body.get("Domain").is_none(),
        "an empty Domain is absent: {body}"
    );
    assert_eq!(body["CallbackDetailList"][1]["CallbackType"], "http");
    assert!(body.get("CreateTime").is_none());

    let decoded: CallbackDetailDecoded =
        serde_json::from_value(json!({"CallbackType": "http", "URL": "https://a.example"}))?;
    assert_eq!(
        CallbackDetail::try_from(&decoded)?,
        CallbackDetail::new(CallbackType::Http, "https://a.example")
    );
    Ok(())
}

/// What cannot make a request fails with the rule it breaks, never a panic.
#[test]
fn a_configuration_that_cannot_make_a_request_says_why() -> TestResult {
    let convert = |change: serde_json::Value| -> Result<ValidationError, String> {
        let mut value = described()["CallbackList"][0].clone();
        if let (Some(map), Some(change)) = (value.as_object_mut(), change.as_object()) {
            for (k, v) in change {
                map.insert(k.clone(), v.clone());
            }
        }
        let config: CallbackConfig = serde_json::from_value(value).map_err(|e| e.to_string())?;
        match UpdateCallbackRequestBuilder::try_from(&config) {
            Ok(builder) => builder
                .build()
                .err()
                .ok_or_else(|| "converted and built".to_owned()),
            Err(e) => Ok(e),
        }
    };
    let both = convert(json!({"Domain": "pull.example.com"}))?;
    assert!(
        matches!(both, ValidationError::ExactlyOneOf { .. }),
        "{both:?}"
    );
    let neither = convert(json!({"Vhost": null}))?;
    assert!(
        matches!(neither, ValidationError::ExactlyOneOf { .. }),
        "{neither:?}"
    );
    let keyless = convert(json!({"AuthKeyPrimary": ""}))?;
    assert!(keyless.to_string().contains("AuthKeyPrimary"), "{keyless}");
    let bad_app = convert(json!({"App": "no spaces allowed"}))?;
    assert!(bad_app.to_string().contains("AppName"), "{bad_app}");
    let no_type = convert(json!({"MessageType": null}))?;
    assert!(
        matches!(
            no_type,
            ValidationError::MissingField {
                field: "MessageType",
                ..
            }
        ),
        "{no_type:?}"
    );
    let no_address = convert(json!({"CallbackDetailList": [{"CallbackType": "http"}]}))?;
    assert!(
        matches!(
            no_address,
            ValidationError::MissingField { field: "URL", .. }
        ),
        "{no_address:?}"
    );
    // No secret in any message.
    for e in [both, neither, keyless, bad_app, no_type, no_address] {
        assert!(!e.to_string().contains("key-0123456789"));
    }
    Ok(())
}
