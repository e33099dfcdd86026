//! Services other than Live, as their fixtures describe them, on the wire: a mixed-case signing
//! name, regions of one provider, per-action versions, and POST actions whose fields travel in
//! the query string beside (or instead of) the JSON body. Each request goes through the mock
//! gateway, which verifies the signature from scratch against what it received (so the query
//! that was signed is the query that was sent).

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::json;
use volc_runtime::test_util::{FakeHttpClient, FakeResponse};
use volc_runtime::{Config, ConfigBuilder, Credentials, Error, Provider, RetryPolicy};
use volc_tests::mock_server::{MockConfig, MockServer, RecordedRequest};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A mock gateway for `service`, answering `action` with `result`.
async fn gateway(
    service: &str,
    version: &str,
    action_versions: &[(&str, &str)],
    region: &str,
) -> std::io::Result<MockServer> {
    MockServer::start(MockConfig {
        service: service.to_owned(),
        version: version.to_owned(),
        region: region.to_owned(),
        action_versions: action_versions
            .iter()
            .map(|(a, v)| ((*a).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
        ..MockConfig::default()
    })
    .await
}

/// A configuration that calls `server` with its keys, signing for `region`.
fn config_for(server: &MockServer, region: &str) -> ConfigBuilder {
    let keys = server.config();
    Config::builder()
        .endpoint(server.url())
        .region(region)
        .credentials(Credentials::new(
            keys.access_key_id.clone(),
            keys.secret_access_key.clone(),
        ))
        .read_timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
}

/// The one request the server saw, verified: signed with the scope `region/service`, sent with
/// the canonical query (so what was signed is byte for byte what was sent).
fn only_request(
    server: &MockServer,
    region: &str,
    service: &str,
) -> Result<RecordedRequest, String> {
    let requests = server.requests();
    let [request] = requests.as_slice() else {
        return Err(format!("expected one request, got {}", requests.len()));
    };
    if !request.signature_verified {
        return Err(format!(
            "signature not verified: {:?}",
            request.auth_failure
        ));
    }
    let authorization = request.header("authorization").unwrap_or_default();
    let scope = format!("/{region}/{service}/request,");
    if !authorization.contains(&scope) {
        return Err(format!(
            "{authorization:?} does not carry the scope {scope:?}"
        ));
    }
    if request.raw_query != request.canonical_query() {
        return Err(format!(
            "sent query {:?} is not the canonical (signed) one {:?}",
            request.raw_query,
            request.canonical_query()
        ));
    }
    Ok(request.clone())
}

fn query_values<'a>(request: &'a RecordedRequest, name: &str) -> Vec<&'a str> {
    request
        .query
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[tokio::test]
async fn a_mixed_case_service_name_signs_as_written() -> TestResult {
    use volc_fixtures::mixed_case_service::{Client, SERVICE};

    assert_eq!(SERVICE.name, "ImageX");
    assert_eq!(
        SERVICE.sdk, "volc-imagex/0.1.0",
        "the crate name is derived in lower case"
    );
    let server = gateway("ImageX", "2023-05-01", &[], "cn-north-1").await?;
    server.set_default_result("GetImageServiceSubscription", Some(json!({"Status": 1})));
    let client = Client::new(config_for(&server, "cn-north-1").build())?;
    let output = client
        .get_image_service_subscription()
        .add_on_key("ImageXHeif")
        .send()
        .await?;
    assert_eq!(output.result.status, Some(1));
    let request = only_request(&server, "cn-north-1", "ImageX")?;
    assert_eq!(request.query_param("Version"), Some("2023-05-01"));
    assert_eq!(request.body_json(), Some(json!({"AddOnKey": "ImageXHeif"})));
    Ok(())
}

#[tokio::test]
async fn an_action_is_called_at_its_own_version() -> TestResult {
    use volc_fixtures::versions::{Client, ListPodRequest};

    let server = gateway(
        "iPaaS",
        "2020-10-25",
        &[("ListPod", "2023-08-01")],
        "cn-north-1",
    )
    .await?;
    server.set_default_result("ListPod", Some(json!({"Total": 2})));
    server.set_default_result("ListProduct", Some(json!({"Total": 3})));
    let client = Client::new(config_for(&server, "cn-north-1").build())?;

    // A request built ahead of time goes out as it is.
    let pods = client
        .send(&ListPodRequest::new("1426095758716702720"))
        .await?;
    assert_eq!(pods.result.total, Some(2));
    let request = only_request(&server, "cn-north-1", "iPaaS")?;
    assert_eq!(request.query_param("Version"), Some("2023-08-01"));
    assert!(request.raw_query.contains("Version=2023-08-01"));

    let products = client.list_product().offset(10).send().await?;
    assert_eq!(products.result.total, Some(3));
    let requests = server.requests();
    let second = requests.last().ok_or("no second request")?;
    assert!(second.signature_verified);
    assert_eq!(second.query_param("Version"), Some("2020-10-25"));
    assert_eq!(second.query_param("Offset"), Some("10"));
    Ok(())
}

#[tokio::test]
async fn query_fields_travel_beside_the_json_body() -> TestResult {
    use volc_fixtures::query_beside_body::{Client, DeleteImageUploadFilesRequest, DeleteOptions};

    let server = gateway("ImageX", "2018-08-01", &[], "cn-north-1").await?;
    server.set_default_result(
        "DeleteImageUploadFiles",
        Some(json!({"DeletedFiles": ["tos-cn-i-8h2/a.png"]})),
    );
    let client = Client::new(config_for(&server, "cn-north-1").build())?;
    let request = DeleteImageUploadFilesRequest::builder()
        .service_id("8h2 wq/y+f7")
        .region("cn")
        .tags(["a", "b c"].map(String::from))
        .dry_run(false)
        .store_uris(["tos-cn-i-8h2/a.png".to_owned()])
        .options(DeleteOptions::builder().permanent(true).build()?)
        .build()?;
    let output = client.send(&request).await?;
    assert_eq!(output.result.deleted_files, ["tos-cn-i-8h2/a.png"]);

    let sent = only_request(&server, "cn-north-1", "ImageX")?;
    println!(
        "wire form: {} {}?{}\n{}",
        sent.method,
        sent.path,
        sent.raw_query,
        String::from_utf8_lossy(&sent.body)
    );
    assert_eq!(sent.method, "POST");
    assert_eq!(query_values(&sent, "ServiceId"), ["8h2 wq/y+f7"]);
    assert_eq!(
        query_values(&sent, "Tags"),
        ["a", "b c"],
        "a list repeats its key"
    );
    assert_eq!(query_values(&sent, "DryRun"), ["false"]);
    assert_eq!(query_values(&sent, "Region"), ["cn"], "sent both ways");
    assert_eq!(query_values(&sent, "Action"), ["DeleteImageUploadFiles"]);
    assert_eq!(
        sent.body_json(),
        Some(json!({
            "Region": "cn",
            "StoreUris": ["tos-cn-i-8h2/a.png"],
            "Options": {"Permanent": true}
        })),
        "the query fields are not in the body, the query_and_body one is"
    );
    assert_eq!(
        sent.header("content-type").as_deref(),
        Some("application/json")
    );

    // Optional query fields left out are not sent at all.
    let minimal = DeleteImageUploadFilesRequest::builder()
        .service_id("s1")
        .store_uris(["u".to_owned()])
        .build()?;
    client.send(&minimal).await?;
    let requests = server.requests();
    let second = requests.last().ok_or("no second request")?;
    assert!(second.signature_verified);
    let keys: Vec<&str> = second.query.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["Action", "ServiceId", "Version"]);
    assert_eq!(second.body_json(), Some(json!({"StoreUris": ["u"]})));
    Ok(())
}

#[tokio::test]
async fn a_post_with_every_field_in_the_query_sends_an_empty_body() -> TestResult {
    use volc_fixtures::query_only_post::{Client, DescribeLicenseDRMRequest};

    let server = gateway("live", "2023-01-01", &[], "cn-north-1").await?;
    server.set_default_result("DescribeLicenseDRM", Some(json!({"License": "abc"})));
    server.set_default_result("DescribeCertDRM", None);
    let client = Client::new(config_for(&server, "cn-north-1").build())?;
    let request = DescribeLicenseDRMRequest::new(
        "live",
        "fp",
        "play.example.com",
        "stream-1",
        "vhost.example.com",
    );
    let output = client.send(&request).await?;
    assert_eq!(output.result.license, Some(json!("abc")));

    let sent = only_request(&server, "cn-north-1", "live")?;
    assert_eq!(sent.method, "POST");
    assert!(
        sent.body.is_empty(),
        "body: {:?}",
        String::from_utf8_lossy(&sent.body)
    );
    for (name, value) in [
        ("App", "live"),
        ("DRMType", "fp"),
        ("Domain", "play.example.com"),
        ("StreamName", "stream-1"),
        ("Vhost", "vhost.example.com"),
    ] {
        assert_eq!(query_values(&sent, name), [value], "{name}");
    }
    // No JSON Content-Type for an empty body; the signer's form type, signed, as the SDK's.
    assert_eq!(
        sent.header("content-type").as_deref(),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert!(sent.is_signed("content-type"));

    // `location: query` on a GET input is redundant: the fields go in the query as ever.
    client
        .describe_cert_drm()
        .app("live")
        .vhost("v")
        .send()
        .await?;
    let requests = server.requests();
    let second = requests.last().ok_or("no second request")?;
    assert!(second.signature_verified);
    assert_eq!(second.method, "GET");
    assert_eq!(query_values(second, "App"), ["live"]);
    assert_eq!(query_values(second, "Vhost"), ["v"]);
    Ok(())
}

fn keys() -> Credentials {
    Credentials::new("AKTESTEXAMPLE", "SKTESTEXAMPLE")
}

#[test]
fn the_default_endpoint_is_the_first() -> TestResult {
    use volc_fixtures::regions::SERVICE;

    let client = volc_runtime::Client::new(
        &SERVICE,
        Config::builder()
            .credentials(keys())
            .http_client(FakeHttpClient::new())
            .build(),
    )?;
    assert_eq!(client.endpoint(), "https://imagex.volcengineapi.com/");
    assert_eq!(client.region(), "cn-north-1");

    let byteplus = volc_runtime::Client::new(
        &SERVICE,
        Config::builder()
            .provider(Provider::BytePlus)
            .credentials(keys())
            .http_client(FakeHttpClient::new())
            .build(),
    )?;
    assert_eq!(byteplus.endpoint(), "https://imagex.byteplusapi.com/");
    assert_eq!(byteplus.region(), "ap-singapore-1");
    Ok(())
}

#[tokio::test]
async fn a_listed_region_is_called_at_its_url_and_signed_for_it() -> TestResult {
    use volc_fixtures::regions::{Client, SERVICE};

    let fake = FakeHttpClient::new();
    fake.push(FakeResponse::success(json!({"Services": []})));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(keys())
        .http_client(fake.clone())
        .build();
    let runtime = volc_runtime::Client::new(&SERVICE, config.clone())?;
    assert_eq!(
        runtime.endpoint(),
        "https://imagex-us-east-1.volcengineapi.com/"
    );
    assert_eq!(runtime.region(), "us-east-1");

    let client = Client::new(config)?;
    client.get_all_image_services().send().await?;
    let sent = fake.last_request().ok_or("nothing sent")?;
    assert_eq!(
        sent.header("host"),
        Some("imagex-us-east-1.volcengineapi.com")
    );
    let authorization = sent.header("authorization").unwrap_or_default();
    assert!(
        authorization.contains("/us-east-1/ImageX/request,"),
        "{authorization}"
    );
    Ok(())
}

#[test]
fn an_unlisted_region_without_an_endpoint_is_refused_with_the_known_ones() {
    use volc_fixtures::regions::{Client, SERVICE};

    let config = Config::builder()
        .region("eu-west-9")
        .credentials(keys())
        .http_client(FakeHttpClient::new())
        .build();
    let error = match Client::new(config) {
        Err(error) => error,
        Ok(_) => panic!("an unlisted region was accepted"),
    };
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    let message = error.to_string();
    println!("unknown region: {message}");
    assert!(message.contains("eu-west-9"), "{message}");
    assert!(
        message.contains("cn-north-1, ap-singapore-1, us-east-1"),
        "names the regions it knows: {message}"
    );
    assert!(!message.contains('\n'));
    // The BytePlus preset of the same region is not one of Volcengine's.
    assert!(volc_runtime::Client::new(
        &SERVICE,
        Config::builder()
            .provider(Provider::BytePlus)
            .region("us-east-1")
            .credentials(keys())
            .http_client(FakeHttpClient::new())
            .build()
    )
    .is_err());
}

#[tokio::test]
async fn an_explicit_endpoint_works_for_any_region() -> TestResult {
    use volc_fixtures::regions::Client;

    let server = gateway("ImageX", "2023-05-01", &[], "eu-west-9").await?;
    server.set_default_result(
        "GetAllImageServices",
        Some(json!({"Services": [{"ServiceId": "s"}]})),
    );
    let client = Client::new(config_for(&server, "eu-west-9").build())?;
    let output = client
        .get_all_image_services()
        .search_ptn("s")
        .send()
        .await?;
    assert_eq!(output.result.services.len(), 1);
    let sent = only_request(&server, "eu-west-9", "ImageX")?;
    assert_eq!(sent.method, "GET");
    assert_eq!(query_values(&sent, "SearchPtn"), ["s"]);
    Ok(())
}
