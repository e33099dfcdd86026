//! Unit tests of the signature: encoding and header rules, sign then verify, the fast path agreeing with the full one.

use time::UtcOffset;

use super::*;

type Pairs = Vec<(&'static str, &'static str)>;

fn seed() -> (Pairs, Pairs) {
    (
        vec![("Action", "UpdateCallback"), ("Version", "2023-01-01")],
        vec![
            ("Accept", "application/json"),
            ("Host", "live.volcengineapi.com"),
            ("Content-Type", "application/json"),
        ],
    )
}

fn params(time: OffsetDateTime) -> SigningParams<'static> {
    SigningParams {
        access_key_id: "AKTESTEXAMPLE",
        secret_access_key: "SKTESTEXAMPLE",
        session_token: None,
        region: "cn-north-1",
        service: "live",
        time,
    }
}

#[test]
fn x_date_round_trips_and_rejects_garbage() {
    let t = parse_x_date("20240415T113703Z");
    assert_eq!(t.map(format_x_date).as_deref(), Some("20240415T113703Z"));
    for bad in [
        "",
        "20240415T113703",
        "20241315T113703Z",
        "2024041xT113703Z",
        "20240415 113703Z",
        "20240415T256703Z",
        "２0240415T11370Z",
    ] {
        assert_eq!(parse_x_date(bad), None, "{bad:?}");
    }
}

#[test]
fn x_date_is_utc() {
    let t = parse_x_date("20240415T003703Z")
        .map(|t| t.to_offset(UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC)));
    assert_eq!(t.map(format_x_date).as_deref(), Some("20240415T003703Z"));
}

#[test]
fn encoding_rules() {
    assert_eq!(percent_encode("a b+c*~/é"), "a%20b%2Bc%2A~%2F%C3%A9");
    assert_eq!(canonical_path(""), "/");
    assert_eq!(canonical_path("/a b/c~"), "/a%20b/c~");
    assert_eq!(
        canonical_query(&[("b", "1"), ("a", "z"), ("b", "0"), ("A", "")]),
        "A=&a=z&b=1&b=0"
    );
    assert_eq!(canonical_query::<&str, &str>(&[]), "");
}

#[test]
fn parse_query_decodes_plus_and_percent() {
    assert_eq!(
        parse_query("Action=X&Note=a+b%20c&flag&&e=%E7%9B%B4"),
        vec![
            ("Action".to_owned(), "X".to_owned()),
            ("Note".to_owned(), "a b c".to_owned()),
            ("flag".to_owned(), String::new()),
            ("e".to_owned(), "直".to_owned()),
        ]
    );
}

#[test]
fn header_selection_is_case_sensitive_and_drops_default_ports() {
    let h = CanonicalHeaders::from_headers([
        ("content-type", "x"),
        ("Content-Md5", "m"),
        ("x-lower", "no"),
        ("X-Upper", "yes"),
        ("Host", "h.example:443"),
        ("Accept", "a"),
    ]);
    assert_eq!(h.signed_headers(), "content-md5;host;x-upper");
    assert_eq!(h.entries()[1].1, "h.example");
    assert_eq!(canonical_host("h:80"), "h");
    assert_eq!(canonical_host("h:8080"), "h:8080");
    assert_eq!(canonical_host("h"), "h");
}

#[test]
fn post_without_content_type_gets_the_form_default() {
    let (q, _) = seed();
    let headers = [("Host", "live.volcengineapi.com")];
    let req = SignableRequest {
        method: "POST",
        path: "/",
        query: &q,
        headers: &headers,
        body: b"",
    };
    let Some(t) = parse_x_date("20240415T113703Z") else {
        panic!("date")
    };
    let out = sign(&req, &params(t));
    assert_eq!(
        out.headers[0],
        (CONTENT_TYPE, DEFAULT_CONTENT_TYPE.to_owned())
    );
    let get = SignableRequest {
        method: "GET",
        ..req
    };
    let out = sign(&get, &params(t));
    assert!(out.headers.iter().all(|(n, _)| *n != CONTENT_TYPE));
    assert_eq!(out.signed_headers, "host;x-content-sha256;x-date");
}

#[test]
fn existing_x_date_is_replaced_in_place() {
    let (q, mut h) = seed();
    h.insert(0, ("X-Date", "19700101T000000Z"));
    let req = SignableRequest {
        method: "POST",
        path: "/",
        query: &q,
        headers: &h,
        body: b"{}",
    };
    let Some(t) = parse_x_date("20240415T113703Z") else {
        panic!("date")
    };
    let out = sign(&req, &params(t));
    assert!(out.canonical_request.contains("x-date:20240415T113703Z\n"));
    assert!(!out.canonical_request.contains("1970"));
    let mut all: Vec<(String, String)> = h
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    out.apply_to(&mut all);
    assert_eq!(all[0], ("X-Date".to_owned(), "20240415T113703Z".to_owned()));
    assert_eq!(all.iter().filter(|(n, _)| n == "X-Date").count(), 1);
}

#[test]
fn sign_then_verify_round_trip_and_tamper_detection() {
    let (q, h) = seed();
    let token = "STS-token";
    let req = SignableRequest {
        method: "POST",
        path: "/",
        query: &q,
        headers: &h,
        body: b"{\"Vhost\":\"v\"}",
    };
    let Some(t) = parse_x_date("20240415T113703Z") else {
        panic!("date")
    };
    let p = SigningParams {
        session_token: Some(token),
        ..params(t)
    };
    let out = sign(&req, &p);
    // A server sees lower-case header names.
    let mut received: Vec<(String, String)> = h
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect();
    for (n, v) in &out.headers {
        received.push((n.to_ascii_lowercase(), v.clone()));
    }
    let received_refs: Vec<(&str, &str)> = received
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let server_req = SignableRequest {
        headers: &received_refs,
        ..req
    };
    let verified = verify(&server_req, "SKTESTEXAMPLE");
    assert_eq!(
        verified
            .as_ref()
            .map(|v| v.authorization.access_key_id.as_str()),
        Ok("AKTESTEXAMPLE")
    );
    assert!(matches!(
        verify(&server_req, "wrong"),
        Err(VerifyError::SignatureMismatch { .. })
    ));
    let tampered = SignableRequest {
        body: b"{\"Vhost\":\"w\"}",
        ..server_req
    };
    assert_eq!(
        verify(&tampered, "SKTESTEXAMPLE"),
        Err(VerifyError::BodyHashMismatch)
    );
    let q2 = [("Action", "DeleteCallback"), ("Version", "2023-01-01")];
    let other_action = SignableRequest {
        query: &q2,
        ..server_req
    };
    assert!(verify(&other_action, "SKTESTEXAMPLE").is_err());
}

/// The client's path adds exactly what `sign` adds, on the awkward inputs too.
#[test]
fn sign_headers_matches_sign() {
    let Some(t) = parse_x_date("20240415T113703Z") else {
        panic!("date")
    };
    let query: Pairs = vec![("b", "2 x"), ("a", "é"), ("b", "1"), ("Action", "X")];
    let header_sets: Vec<Pairs> = vec![
        vec![
            ("Host", "h.example:443"),
            ("Content-Type", "application/json"),
        ],
        vec![
            ("host", "lower"),
            ("Host", "upper"),
            ("X-Date", "19700101T000000Z"),
        ],
        vec![
            ("X-Custom", "1"),
            ("x-custom", "2"),
            ("Accept", "a"),
            ("Content-Md5", "m"),
        ],
        vec![],
    ];
    let keys = SigningKeyCache::new();
    for headers in &header_sets {
        for method in ["GET", "POST"] {
            for token in [None, Some(""), Some("tok")] {
                let req = SignableRequest {
                    method,
                    path: "/a b/",
                    query: &query,
                    headers,
                    body: b"{\"k\":1}",
                };
                let p = SigningParams {
                    session_token: token,
                    ..params(t)
                };
                assert_eq!(
                    sign_headers(&req, &p, &keys).to_vec(),
                    sign(&req, &p).headers,
                    "{method} {headers:?} {token:?}"
                );
            }
        }
    }
    // Another secret, date or region misses the cache.
    let other = SigningParams {
        secret_access_key: "other",
        ..params(t)
    };
    let req = SignableRequest {
        method: "POST",
        path: "/",
        query: &query,
        headers: &header_sets[0],
        body: b"",
    };
    assert_eq!(
        sign_headers(&req, &other, &keys).to_vec(),
        sign(&req, &other).headers
    );
    let tomorrow = params(t + time::Duration::days(1));
    assert_eq!(
        sign_headers(&req, &tomorrow, &keys).to_vec(),
        sign(&req, &tomorrow).headers
    );
    let shown = format!(
        "{:?}",
        sign_headers(
            &req,
            &SigningParams {
                session_token: Some("TOKEN-SECRET"),
                ..params(t)
            },
            &keys
        )
    );
    assert!(!shown.contains("TOKEN-SECRET"), "{shown}");
}

#[test]
fn parse_authorization_rejects_malformed() {
    for bad in [
        "",
        "AWS4 Credential=a/b/c/d/request, SignedHeaders=x, Signature=00",
        "HMAC-SHA256 Credential=a/b/c/d/nope, SignedHeaders=x, Signature=00",
        "HMAC-SHA256 Credential=a/b/c, SignedHeaders=x, Signature=00",
        "HMAC-SHA256 Credential=a/b/c/d/request, Signature=00",
        "HMAC-SHA256 garbage",
    ] {
        assert!(parse_authorization(bad).is_err(), "{bad:?}");
    }
    let ok = parse_authorization(
        "HMAC-SHA256 Credential=A/K/20240415/cn-north-1/live/request, SignedHeaders=host;x-date, Signature=ab",
    );
    assert_eq!(ok.as_ref().map(|a| a.access_key_id.as_str()), Ok("A/K"));
    assert_eq!(
        ok.map(|a| a.credential_scope()),
        Ok("20240415/cn-north-1/live/request".to_owned())
    );
}

#[test]
fn debug_hides_token() {
    let (q, h) = seed();
    let req = SignableRequest {
        method: "POST",
        path: "/",
        query: &q,
        headers: &h,
        body: b"",
    };
    let p = SigningParams {
        session_token: Some("TOKEN-SECRET"),
        ..params(OffsetDateTime::UNIX_EPOCH)
    };
    let out = sign(&req, &p);
    assert!(!format!("{out:?}").contains("TOKEN-SECRET"));
    let dbg = format!("{p:?}");
    assert!(!dbg.contains("TOKEN-SECRET") && !dbg.contains("SKTESTEXAMPLE"));
}

/// The promise of `SigningKeyCache`'s docs: the HMAC and SHA-256 states that hold key-derived
/// data while signing wipe themselves when dropped (hmac and sha2 built with `zeroize`).
/// `Hmac` itself carries no marker; what it is made of does: the inner and outer SHA-256
/// cores and the block buffer.
#[test]
fn hash_states_are_wiped_on_drop() {
    use hmac::digest::block_api::{Buffer, CoreProxy, EagerHash};

    fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    wiped_on_drop::<Sha256>();
    wiped_on_drop::<<Sha256 as EagerHash>::Core>();
    wiped_on_drop::<Buffer<<HmacSha256 as CoreProxy>::Core>>();
}
