//! The signer against the vectors captured from the official Python SDK's signer.
//!
//! Reads `$VOLC_SIGN_VECTORS`, else `tests/data/sign-vectors.json` (a copy of the vectors we were
//! handed, kept in the repository so that a clone tests on its own), and
//! `tests/data/service-sign-vectors.json` (other services, captured the same way). Every case is checked
//! completely, then the test fails once, listing every mismatch.

use std::error::Error;
use std::path::{Path, PathBuf};

use serde_json::Value;
use volc_runtime::sign::{self, SignableRequest, SigningParams};

type TestResult = Result<(), Box<dyn Error>>;

fn vectors_path() -> PathBuf {
    match std::env::var_os("VOLC_SIGN_VECTORS") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sign-vectors.json"),
    }
}

fn str_field<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("field `{key}` missing or not a string"))
}

/// `[[name, value], ...]` as pairs.
fn pairs<'a>(v: &'a Value, key: &str) -> Result<Vec<(&'a str, &'a str)>, String> {
    let list = v
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("field `{key}` missing or not an array"))?;
    list.iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([a, b]) => match (a.as_str(), b.as_str()) {
                (Some(a), Some(b)) => Ok((a, b)),
                _ => Err(format!("`{key}` holds a pair that is not two strings")),
            },
            _ => Err(format!("`{key}` holds an item that is not a pair")),
        })
        .collect()
}

/// Checks one case; returns the mismatches as `part: expected ..., got ...`.
fn check_case(case: &Value) -> Result<Vec<String>, String> {
    let input = case.get("input").ok_or("no `input`")?;
    let output = case.get("output").ok_or("no `output`")?;

    let query = pairs(input, "query")?;
    let headers = pairs(input, "headers")?;
    let body = str_field(input, "body")?;
    let date = str_field(input, "date")?;
    let time = sign::parse_x_date(date).ok_or_else(|| format!("bad input date {date:?}"))?;
    let token = str_field(input, "session_token").unwrap_or("");
    let region = str_field(input, "region")?;
    let service = str_field(input, "service")?;
    let secret = str_field(input, "sk")?;

    let request = SignableRequest {
        method: str_field(input, "method")?,
        path: str_field(input, "path")?,
        query: &query,
        headers: &headers,
        body: body.as_bytes(),
    };
    let params = SigningParams {
        access_key_id: str_field(input, "ak")?,
        secret_access_key: secret,
        session_token: (!token.is_empty()).then_some(token),
        region,
        service,
        time,
    };
    let out = sign::sign(&request, &params);

    let mut bad = Vec::new();
    let mut same = |part: &str, expected: &str, got: &str| {
        if expected != got {
            bad.push(format!("{part}: expected {expected:?}, got {got:?}"));
        }
    };

    // Added headers: the same names, each with the same value, in the same order.
    let expected_added = output
        .get("added_headers")
        .and_then(Value::as_object)
        .ok_or("no `output.added_headers` object")?;
    for (name, value) in expected_added {
        let expected = value.as_str().ok_or("added header value is not a string")?;
        match out.headers.iter().find(|(n, _)| n == name) {
            Some((_, got)) => same(&format!("added header {name}"), expected, got),
            None => same(&format!("added header {name}"), expected, "<not added>"),
        }
    }
    // serde_json's map is sorted, so the set of names is compared here; their order is checked
    // by the full header list below.
    let expected_names: Vec<&str> = expected_added.keys().map(String::as_str).collect();
    let mut got_names: Vec<&str> = out.headers.iter().map(|(n, _)| *n).collect();
    got_names.sort_unstable();
    same(
        "added header names",
        &expected_names.join(", "),
        &got_names.join(", "),
    );

    // The full header list after signing, in order.
    let mut all: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    out.apply_to(&mut all);
    let expected_all = pairs(output, "headers")?;
    let render = |list: &mut dyn Iterator<Item = (&str, &str)>| {
        list.map(|(n, v)| format!("{n}: {v}"))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    same(
        "header list",
        &render(&mut expected_all.iter().copied()),
        &render(&mut all.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
    );

    same(
        "canonical_request",
        str_field(output, "canonical_request")?,
        &out.canonical_request,
    );
    same(
        "string_to_sign",
        str_field(output, "string_to_sign")?,
        &out.string_to_sign,
    );
    same(
        "signed_headers",
        str_field(output, "signed_headers")?,
        &out.signed_headers,
    );
    same(
        "credential_scope",
        str_field(output, "credential_scope")?,
        &out.credential_scope,
    );
    same("signature", str_field(output, "signature")?, &out.signature);
    let key = sign::signing_key(secret, date.get(..8).unwrap_or(date), region, service);
    same(
        "signing_key_hex",
        str_field(output, "signing_key_hex")?,
        &hex_lower(&key),
    );
    let authorization = expected_added
        .get("Authorization")
        .and_then(Value::as_str)
        .ok_or("no expected Authorization")?;
    same("Authorization", authorization, &out.authorization);
    if let Ok(expected) = str_field(output, "body_sha256") {
        same("body_sha256", expected, &out.content_sha256);
    }

    // The client's path, with a cold and then a warm signing-key cache, adds exactly the
    // same headers.
    let keys = sign::SigningKeyCache::new();
    let render_pairs = |pairs: &[(&'static str, String)]| {
        pairs
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    for temperature in ["cold", "warm"] {
        let fast = sign::sign_headers(&request, &params, &keys);
        same(
            &format!("sign_headers ({temperature} key cache)"),
            &render_pairs(&out.headers),
            &render_pairs(&fast.to_vec()),
        );
    }
    Ok(bad)
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks every case of the vectors file at `path`.
fn run_vectors(path: &Path) -> TestResult {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read signing vectors {}: {e}", path.display()))?;
    let doc: Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let cases = doc
        .get("vectors")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{} has no `vectors` array", path.display()))?;
    if cases.is_empty() {
        return Err(format!("{} holds zero cases", path.display()).into());
    }

    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let id = case
            .get("id")
            .and_then(Value::as_str)
            .map_or_else(|| format!("#{i}"), str::to_owned);
        match check_case(case) {
            Ok(bad) => failures.extend(bad.into_iter().map(|b| format!("[{id}] {b}"))),
            Err(e) => failures.push(format!("[{id}] unreadable case: {e}")),
        }
    }
    if failures.is_empty() {
        println!("{} signing vectors match", cases.len());
        Ok(())
    } else {
        // The returned error is printed with Debug (escaped newlines), so print a readable list too.
        eprintln!("signing vector mismatches:\n{}", failures.join("\n"));
        Err(format!(
            "{} mismatch(es) over {} case(s):\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        )
        .into())
    }
}

#[test]
fn sign_vectors() -> TestResult {
    run_vectors(&vectors_path())
}

/// Services other than Live, captured from the same SDK signer by
/// `tests/data/make-service-sign-vectors.py`: mixed-case signing names (`ImageX`, `iPaaS`,
/// `ACEP`) verbatim in the scope, other regions and versions, query parameters beside a body.
#[test]
fn service_sign_vectors() -> TestResult {
    run_vectors(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/service-sign-vectors.json"))
}

/// The check is not vacuous: a vectors file with one byte of one signature changed, or with no
/// cases, fails.
#[test]
fn corrupted_vectors_fail() -> TestResult {
    let text = std::fs::read_to_string(vectors_path())?;
    let mut doc: Value = serde_json::from_str(&text)?;
    let signature = doc
        .pointer_mut("/vectors/0/output/signature")
        .ok_or("the first vector has no signature")?;
    let mut flipped = signature
        .as_str()
        .ok_or("signature is not a string")?
        .to_owned();
    let last = if flipped.ends_with('0') { '1' } else { '0' };
    flipped.pop();
    flipped.push(last);
    *signature = Value::String(flipped);
    let dir = tempfile::tempdir()?;
    let corrupted = dir.path().join("corrupted.json");
    std::fs::write(&corrupted, serde_json::to_string(&doc)?)?;
    let error = run_vectors(&corrupted)
        .err()
        .ok_or("a corrupted signature passed")?;
    assert!(error.to_string().contains("signature"), "{error}");

    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, r#"{"vectors": []}"#)?;
    assert!(run_vectors(&empty).is_err(), "zero cases passed");
    assert!(run_vectors(&dir.path().join("missing.json")).is_err());
    Ok(())
}
