//! Unit tests of the client: configuration presets and errors, base URLs, decoding answers.

use serde::Deserialize;

use super::*;
use crate::config::Provider;
use crate::credentials::Credentials;
use crate::metadata::ResponseMetadata;
use crate::operation::Endpoint;

type TestResult = Result<(), Box<dyn std::error::Error>>;

static SERVICE: ServiceInfo = ServiceInfo {
    name: "live",
    version: "2023-01-01",
    endpoints: &[
        Endpoint {
            provider: Provider::Volcengine,
            url: "https://live.volcengineapi.com",
            region: "cn-north-1",
        },
        Endpoint {
            provider: Provider::BytePlus,
            url: "https://open.byteplusapi.com",
            region: "ap-singapore-1",
        },
    ],
    sdk: "volc-live-callback/0.1.0",
};

static NO_BYTEPLUS: ServiceInfo = ServiceInfo {
    endpoints: &[Endpoint {
        provider: Provider::Volcengine,
        url: "http://insecure.example.com",
        region: "cn-north-1",
    }],
    ..SERVICE
};

#[derive(Debug, Deserialize, PartialEq)]
struct Output {
    #[serde(rename = "ResponseMetadata")]
    metadata: ResponseMetadata,
    #[serde(rename = "Result", default)]
    result: Option<serde_json::Value>,
}

fn creds() -> Config {
    Config::builder()
        .credentials(Credentials::new("AK", "SK"))
        .build()
}

fn config_reason(r: Result<Client, Error>) -> String {
    match r {
        Err(Error::Config { reason }) => reason,
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[test]
fn presets_and_overrides() -> TestResult {
    let c = Client::new(&SERVICE, creds())?;
    assert_eq!(c.endpoint(), "https://live.volcengineapi.com/");
    assert_eq!(c.region(), "cn-north-1");
    assert_eq!(
        c.user_agent(),
        format!(
            "volc-live-callback/0.1.0 volc-runtime/{} (rust)",
            env!("CARGO_PKG_VERSION")
        )
    );
    let b = Client::new(
        &SERVICE,
        Config::builder()
            .provider(Provider::BytePlus)
            .credentials(Credentials::new("AK", "SK"))
            .user_agent_suffix("app/1")
            .build(),
    )?;
    assert_eq!(b.endpoint(), "https://open.byteplusapi.com/");
    assert_eq!(b.region(), "ap-singapore-1");
    assert!(b.user_agent().ends_with(" (rust) app/1"));
    let m = Client::new(
        &SERVICE,
        Config::builder()
            .endpoint("http://127.0.0.1:18080")
            .region("cn-east-1")
            .credentials(Credentials::new("AK", "SK"))
            .build(),
    )?;
    assert_eq!(m.endpoint(), "http://127.0.0.1:18080/");
    assert_eq!(m.inner.host, "127.0.0.1:18080");
    assert_eq!(m.region(), "cn-east-1");
    let dbg = format!("{m:?}");
    assert!(!dbg.contains("\"SK\""), "{dbg}");
    Ok(())
}

#[test]
fn base_url_rules() -> TestResult {
    let (url, host, path) = parse_base_url("https://h.example:443/api/v1/", false)?;
    assert_eq!(
        (url.as_str(), host.as_str(), path.as_str()),
        ("https://h.example/api/v1/", "h.example", "/api/v1/")
    );
    let (_, host, _) = parse_base_url("http://h.example:8080", true)?;
    assert_eq!(host, "h.example:8080");
    for (text, explicit) in [
        ("ftp://h.example", true),
        ("not a url", true),
        ("http://h.example", false),
        ("https://h.example/?a=b", true),
        ("https://h.example/#x", true),
        ("https://user:pa55word@h.example", true),
    ] {
        let err = parse_base_url(text, explicit).err().map(|e| e.to_string());
        assert!(err.is_some(), "{text} accepted");
        assert!(!err.unwrap_or_default().contains("pa55word"));
    }
    Ok(())
}

#[test]
fn config_errors() {
    let reason = config_reason(Client::new(
        &NO_BYTEPLUS,
        Config::builder()
            .provider(Provider::BytePlus)
            .credentials(Credentials::new("AK", "SK"))
            .build(),
    ));
    assert!(reason.contains("no BytePlus endpoint"), "{reason}");
    let reason = config_reason(Client::new(&NO_BYTEPLUS, creds()));
    assert!(reason.contains("presets must use https"), "{reason}");
    let reason = config_reason(Client::new(
        &SERVICE,
        Config::builder()
            .user_agent_suffix("bad\nsuffix")
            .credentials(Credentials::new("AK", "SK"))
            .build(),
    ));
    assert!(reason.contains("User-Agent"), "{reason}");
    let reason = config_reason(Client::new(
        &SERVICE,
        Config::builder()
            .credentials(Credentials::new("AK", ""))
            .build(),
    ));
    assert!(reason.contains("empty"), "{reason}");
    let reason = config_reason(Client::new(
        &SERVICE,
        Config::builder()
            .region(" ")
            .credentials(Credentials::new("AK", "SK"))
            .build(),
    ));
    assert!(reason.contains("region"), "{reason}");
}

#[test]
fn decode_success_and_http_200_error() -> TestResult {
    let ok: Output = decode(
        "DescribeCallback",
        200,
        br#"{"ResponseMetadata":{"RequestId":"r1","Extra":1},"Result":{"CallbackList":[]}}"#,
        None,
    )?;
    assert_eq!(ok.metadata.request_id, "r1");
    assert!(ok.result.is_some());

    let err = decode::<Output>(
        "UpdateCallback",
        200,
        br#"{"ResponseMetadata":{"RequestId":"r2","Error":{"Code":"CommonErr","Message":"try again"}}}"#,
        None,
    );
    match err {
        Err(Error::Service(e)) => {
            assert_eq!(
                (e.code.as_str(), e.http_status, e.request_id.as_str()),
                ("CommonErr", 200, "r2")
            );
            assert!(e.is_retryable());
        }
        other => panic!("{other:?}"),
    }
    let err = decode::<Output>(
        "UpdateCallback",
        401,
        br#"{"ResponseMetadata":{"RequestId":"r3","Error":{"Code":"SignatureDoesNotMatch","CodeN":100010,"Message":"bad"}}}"#,
        None,
    );
    match err {
        Err(Error::Service(e)) => {
            assert_eq!(e.code_n, Some(100_010));
            assert!(!e.is_retryable());
        }
        other => panic!("{other:?}"),
    }
    Ok(())
}

#[test]
fn empty_error_object_is_no_error() -> TestResult {
    let ok: Output = decode(
        "DescribeCallback",
        200,
        br#"{"ResponseMetadata":{"RequestId":"r","Error":{"Code":"","CodeN":0,"Message":""}}}"#,
        None,
    )?;
    assert_eq!(ok.metadata.request_id, "r");
    let null: Output = decode(
        "DescribeCallback",
        200,
        br#"{"ResponseMetadata":{"RequestId":"r","Error":null}}"#,
        None,
    )?;
    assert_eq!(null.metadata.request_id, "r");
    Ok(())
}

#[test]
fn decode_non_2xx_without_error_object() {
    for (status, body, retryable) in [
        (502u16, &b"<html>Bad gateway</html>"[..], true),
        (404, &b""[..], false),
        (
            429,
            &b"{\"ResponseMetadata\":{\"RequestId\":\"r\"}}"[..],
            true,
        ),
    ] {
        match decode::<Output>("DeleteCallback", status, body, None) {
            Err(e @ Error::Decode { .. }) => {
                assert!(matches!(e, Error::Decode { status: s, .. } if s == status));
                assert_eq!(e.is_retryable(), retryable);
                assert!(!e.to_string().contains('\n'));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn decode_errors_are_clear() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"<!DOCTYPE html><html><body>502</body></html>", "HTML"),
        (
            b"{\"ResponseMetadata\":{\"RequestId\":\"r\"},\"Res",
            "truncated",
        ),
        (b"{\"ResponseMetadata\" 1}", "malformed JSON"),
        (b"\xff\xfe\x00garbage", "malformed JSON"),
        (
            b"{\"ResponseMetadata\":{\"RequestId\":\"r\"}} trailing",
            "malformed JSON",
        ),
        (
            b"{\"ResponseMetadata\":{\"RequestId\":\"r\"},\"Result\":1} ",
            "ok",
        ),
        (
            b"{\"ResponseMetadata\":{\"RequestId\":\"hunter2-secret\",\"Region\":[]}}",
            "does not match",
        ),
        (b"[1,2]", "got an array"),
        (b"[]", "got an array"),
        (b"\"x\"", "got a string"),
        (b"null", "got null"),
        (b"{}", "has no ResponseMetadata"),
        (b"{\"Result\":{}}", "has no ResponseMetadata"),
        (b"{\"ResponseMetadata\":null}", "is not an object"),
        (b"{\"ResponseMetadata\":\"x\"}", "at `ResponseMetadata`"),
    ];
    for (body, expected) in cases {
        let result = decode::<Output>("DescribeCallback", 200, body, None);
        match result {
            Ok(_) => assert_eq!(*expected, "ok", "{body:?} decoded"),
            Err(Error::Decode {
                reason,
                excerpt,
                status,
                ..
            }) => {
                assert_eq!(status, 200);
                assert!(reason.contains(expected), "{reason:?} lacks {expected:?}");
                assert!(excerpt.chars().count() <= 201);
            }
            Err(other) => panic!("{body:?}: {other:?}"),
        }
    }
}

#[test]
fn decode_reason_hides_string_values() {
    #[derive(Debug, Deserialize)]
    struct Strict {
        #[serde(rename = "AuthKeyPrimary")]
        _key: u8,
    }
    match decode::<Strict>(
        "DescribeCallback",
        200,
        br#"{"ResponseMetadata":{"RequestId":"r"},"AuthKeyPrimary":"very-secret"}"#,
        None,
    ) {
        Err(e @ Error::Decode { .. }) => {
            let text = e.to_string();
            assert!(!text.contains("very-secret"), "{text}");
            assert!(text.contains("invalid type: a string"), "{text}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn retry_after_seconds_and_dates() {
    assert_eq!(parse_retry_after("1"), Some(Duration::from_secs(1)));
    assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
    assert_eq!(parse_retry_after("soon"), None);
    assert_eq!(parse_retry_after("-1"), None);
    // A date in the past means now.
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(Duration::ZERO)
    );
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
    let wait = parse_retry_after(&later).unwrap_or_default();
    assert!(
        wait > Duration::from_secs(28) && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
}

#[test]
fn with_options_shares_the_client_and_changes_only_what_is_set() -> TestResult {
    let c = Client::new(&SERVICE, creds())?;
    let o = c.with_options(CallOptions::new().read_timeout(Duration::from_secs(1)));
    assert!(Arc::ptr_eq(&c.inner, &o.inner));
    assert_eq!(o.read_timeout(), Duration::from_secs(1));
    assert_eq!(o.retry_policy(), c.retry_policy());
    assert_eq!(o.deadline(), None);
    assert_eq!(c.read_timeout(), Duration::from_secs(10));
    Ok(())
}

/// A POST request with fields of every scalar kind, some placed in the query string.
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct Mixed {
    service_id: &'static str,
    ratio: f64,
    count: i64,
    enabled: bool,
    tags: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    absent: Option<i64>,
    nested: serde_json::Value,
}

/// The same query fields on their own, as a GET input would hold them.
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct QueryHalf {
    service_id: &'static str,
    ratio: f64,
    count: i64,
    enabled: bool,
    tags: Vec<&'static str>,
}

impl Operation for Mixed {
    const ACTION: &'static str = "Mixed";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PARAMETERS: Parameters =
        Parameters::QueryAndJsonBody(&["ServiceId", "Ratio", "Count", "Enabled", "Tags", "Absent"]);
    type Output = Output;
}

impl AsRef<ResponseMetadata> for Output {
    fn as_ref(&self) -> &ResponseMetadata {
        &self.metadata
    }
}

#[test]
fn query_fields_beside_a_body_are_encoded_as_a_get_encodes_them() -> TestResult {
    let request = Mixed {
        service_id: "a b/c+d",
        ratio: 1000.0,
        count: -3,
        enabled: false,
        tags: vec!["x", "y z"],
        absent: None,
        nested: serde_json::json!({"K": [1, 2]}),
    };
    let (pairs, body) = encode(&request, "Mixed", parameters::<Mixed>())?;
    let as_get = crate::query::to_pairs(&QueryHalf {
        service_id: "a b/c+d",
        ratio: 1000.0,
        count: -3,
        enabled: false,
        tags: vec!["x", "y z"],
    })?;
    let sorted = |mut p: Vec<(String, String)>| {
        p.sort();
        p
    };
    assert_eq!(sorted(pairs), sorted(as_get));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body)?,
        serde_json::json!({"Nested": {"K": [1, 2]}})
    );

    // Every field in the query: an empty body; a nested value there is an encoding error.
    assert!(matches!(
        encode(&request, "Mixed", Parameters::Query),
        Err(Error::Encode { .. })
    ));
    let half = QueryHalf {
        service_id: "s",
        ratio: 0.5,
        count: 1,
        enabled: true,
        tags: vec![],
    };
    let (pairs, body) = encode(&half, "Q", Parameters::Query)?;
    assert!(body.is_empty());
    // A field both ways: in the query and still in the body.
    let (pairs_split, body_split) = encode(
        &request,
        "Mixed",
        Parameters::Split {
            query: &["Ratio"],
            both: &["ServiceId"],
        },
    )?;
    let keys: Vec<&str> = pairs_split.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys.contains(&"Ratio") && keys.contains(&"ServiceId"));
    let body_split: serde_json::Value = serde_json::from_slice(&body_split)?;
    assert_eq!(body_split["ServiceId"], "a b/c+d");
    assert!(body_split.get("Ratio").is_none());
    assert_eq!(pairs.len(), 4, "{pairs:?}");
    Ok(())
}
