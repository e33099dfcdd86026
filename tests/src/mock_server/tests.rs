use super::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const QUERY: &str = "Action=DescribeCallback&Version=2023-01-01";
const BODY: &str = r#"{"Vhost":"push.example.com"}"#;

/// Formats Unix seconds as `YYYYMMDDTHHMMSSZ` (civil-from-days, Howard Hinnant).
fn x_date(unix: i64) -> String {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// Headers of a request signed the way the gateway checks it, at `unix` seconds.
fn signed_headers(server: &MockServer, unix: i64, secret: &str) -> Vec<(String, String)> {
    let config = server.config();
    let date = x_date(unix);
    let host = server.addr().to_string();
    let body_hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(BODY.as_bytes()));
    let canonical_request = format!(
        "POST\n/\n{QUERY}\ncontent-type:application/json\nhost:{host}\n\
         x-content-sha256:{body_hash}\nx-date:{date}\n\n\
         content-type;host;x-content-sha256;x-date\n{body_hash}"
    );
    let expected = verify::Expected {
        access_key_id: &config.access_key_id,
        secret_access_key: secret,
        region: &config.region,
        service: &config.service,
    };
    let signature = verify::signature(&expected, &date, &canonical_request);
    vec![
        ("Content-Type".into(), "application/json".into()),
        ("X-Date".into(), date.clone()),
        ("X-Content-Sha256".into(), body_hash),
        (
            "Authorization".into(),
            format!(
                "HMAC-SHA256 Credential={}/{}/{}/{}/request, \
                 SignedHeaders=content-type;host;x-content-sha256;x-date, Signature={signature}",
                config.access_key_id,
                &date[..8],
                config.region,
                config.service
            ),
        ),
    ]
}

/// Sends one HTTP/1.1 request over a fresh connection and reads until the server closes
/// it. Returns the status (0 if none) and everything after the header block.
async fn raw_call(
    server: &MockServer,
    query: &str,
    headers: &[(String, String)],
) -> Result<(u16, Vec<u8>), Box<dyn std::error::Error>> {
    let mut stream = tokio::net::TcpStream::connect(server.addr()).await?;
    let mut request = format!(
        "POST /?{query} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        server.addr(),
        BODY.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(BODY);
    stream.write_all(request.as_bytes()).await?;
    let mut received = Vec::new();
    let read =
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received)).await?;
    // A reset after a deliberately truncated body is fine: keep what arrived.
    if let Err(error) = read {
        if received.is_empty() && error.kind() != io::ErrorKind::ConnectionReset {
            return Err(error.into());
        }
    }
    let text = String::from_utf8_lossy(&received);
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = match text.find("\r\n\r\n") {
        Some(end) => received[end + 4..].to_vec(),
        None => Vec::new(),
    };
    Ok((status, body))
}

fn error_code(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    value["ResponseMetadata"]["Error"]["Code"]
        .as_str()
        .map(str::to_owned)
}

#[tokio::test]
async fn answers_a_signed_request_with_the_default_envelope() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    let headers = signed_headers(&server, unix_now(), "SKTESTEXAMPLE");
    let (status, body) = raw_call(&server, QUERY, &headers).await?;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_slice(&body)?;
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0].signature_verified,
        "{:?}",
        requests[0].auth_failure
    );
    assert_eq!(
        body["ResponseMetadata"]["RequestId"].as_str(),
        Some(requests[0].request_id.as_str())
    );
    assert_eq!(body["ResponseMetadata"]["Action"], "DescribeCallback");
    assert_eq!(body["ResponseMetadata"]["Version"], "2023-01-01");
    assert_eq!(body["ResponseMetadata"]["Service"], "live");
    assert_eq!(body["ResponseMetadata"]["Region"], "cn-north-1");
    assert_eq!(
        body["Result"]["CallbackList"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(requests[0].query_param("Version"), Some("2023-01-01"));
    assert_eq!(requests[0].body_json(), serde_json::from_str(BODY).ok());
    Ok(())
}

#[tokio::test]
async fn rejects_unsigned_stale_and_wrongly_signed_requests() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    server.push_response(Scripted::internal_error());

    let (status, body) = raw_call(&server, QUERY, &[]).await?;
    assert_eq!(status, 401);
    assert_eq!(
        error_code(&body).as_deref(),
        Some("MissingAuthenticationToken")
    );

    let stale = signed_headers(&server, unix_now() - 3_600, "SKTESTEXAMPLE");
    let (status, body) = raw_call(&server, QUERY, &stale).await?;
    assert_eq!(status, 400);
    assert_eq!(error_code(&body).as_deref(), Some("InvalidTimestamp"));

    let wrong = signed_headers(&server, unix_now(), "not-the-secret");
    let (status, body) = raw_call(&server, QUERY, &wrong).await?;
    assert_eq!(status, 401);
    assert_eq!(error_code(&body).as_deref(), Some("SignatureDoesNotMatch"));

    // The signature covers the query: another action with the same headers fails.
    let good = signed_headers(&server, unix_now(), "SKTESTEXAMPLE");
    let (status, _) = raw_call(&server, "Action=DeleteCallback&Version=2023-01-01", &good).await?;
    assert_eq!(status, 401);

    // Rejected requests do not use up scripted answers.
    assert_eq!(server.pending_responses(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert!(requests.iter().all(|r| !r.signature_verified));
    assert_eq!(
        requests[0].auth_failure,
        Some(AuthFailure::MissingAuthorization)
    );
    Ok(())
}

#[tokio::test]
async fn plays_scripted_answers_in_order_then_defaults() -> TestResult {
    let server = MockServer::start(MockConfig::default()).await?;
    server.push_responses([
        Scripted::throttled(),
        Scripted::raw(502, "text/html", "<html>bad gateway</html>"),
        Scripted::truncated(200, 1000, "{\"Resp"),
        Scripted::hang_up(),
    ]);
    let mut seen = Vec::new();
    for _ in 0..5 {
        let headers = signed_headers(&server, unix_now(), "SKTESTEXAMPLE");
        seen.push(raw_call(&server, QUERY, &headers).await?);
    }
    assert_eq!(seen[0].0, 429);
    assert_eq!(error_code(&seen[0].1).as_deref(), Some("FlowLimitExceeded"));
    assert_eq!(seen[1], (502, b"<html>bad gateway</html>".to_vec()));
    assert_eq!(seen[2], (200, b"{\"Resp".to_vec()));
    assert_eq!(seen[3], (0, Vec::new()));
    assert_eq!(seen[4].0, 200);

    let requests = server.requests();
    let statuses: Vec<u16> = requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 502, 200, 0, 200]);
    let ids: std::collections::HashSet<&str> =
        requests.iter().map(|r| r.request_id.as_str()).collect();
    assert_eq!(ids.len(), 5);
    Ok(())
}

#[tokio::test]
async fn unknown_action_or_version_is_404() -> TestResult {
    // Unsigned requests, recorded but answered: the routing is what is tested here.
    let lenient = MockServer::start(MockConfig {
        enforce_signatures: false,
        ..MockConfig::default()
    })
    .await?;
    let (status, body) = raw_call(&lenient, "Action=NoSuchAction&Version=2023-01-01", &[]).await?;
    assert_eq!(status, 404);
    assert_eq!(error_code(&body).as_deref(), Some("InvalidActionOrVersion"));
    let (status, _) = raw_call(&lenient, "Action=DescribeCallback&Version=2020-01-01", &[]).await?;
    assert_eq!(status, 404);
    lenient.set_default_result("NoSuchAction", Some(serde_json::json!({"Ok": true})));
    let (status, body) = raw_call(&lenient, "Action=NoSuchAction&Version=2023-01-01", &[]).await?;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_slice(&body)?;
    assert_eq!(body["Result"]["Ok"], true);
    let requests = lenient.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| !r.signature_verified));
    Ok(())
}

#[test]
fn x_date_round_trips() {
    for unix in [0, 1_713_181_023, 1_709_164_800, 4_102_444_799] {
        assert_eq!(verify::parse_x_date(&x_date(unix)), Ok(unix));
    }
}
