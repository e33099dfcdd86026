//! Every action of the whole-Live crate, sent by our client and by the official Python SDK
//! (`volcengine` 1.0.229, `LiveService`) to one recording server: the same method and path,
//! `Action` and `Version`, query parameters and JSON body (once parsed), and both signatures
//! verified by the server. Both are also held to the wire form the spec prescribes
//! (`samples.json`, written from the spec by `build.rs`, independently of the crate's
//! serializers). And every action's output decodes from a result with every field present and
//! from an empty one.
//!
//! The Python SDK is found as `$VOLC_PYTHON` (which `scripts/test` sets to a virtual environment
//! it installs `volcengine==1.0.229` into), else `python3`.

use std::collections::BTreeMap;
use std::error::Error;
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};
use volc_live::{Config, Credentials, RetryPolicy};
use volc_live_equivalence::{DECODES, SAMPLES_JSON, SENDS};
use volc_tests::mock_server::{MockConfig, MockServer, RecordedRequest};

type TestResult = Result<(), Box<dyn Error>>;

/// The SDK release the comparison is made with.
const SDK: &str = "1.0.229";

fn python() -> String {
    std::env::var("VOLC_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".to_owned())
}

/// The official SDK is importable, at the release compared with.
fn check_sdk(python: &str) -> Result<(), String> {
    let out = Command::new(python)
        .args([
            "-c",
            "import importlib.metadata as m, volcengine.live.v20230101.live_service; print(m.version('volcengine'))",
        ])
        .output()
        .map_err(|e| format!("cannot run {python}: {e}"))?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() || version != SDK {
        return Err(format!(
            "the official Python SDK volcengine=={SDK} is needed ({python} has {}); run scripts/test, which installs it into target/python-sdk, or set VOLC_PYTHON to a Python that has it",
            if version.is_empty() { "none".to_owned() } else { version }
        ));
    }
    Ok(())
}

fn metadata() -> Value {
    json!({"RequestId": "r1", "Action": "A", "Version": "2023-01-01", "Service": "live", "Region": "cn-north-1"})
}

/// What one side sent for each action (the last request, if several).
fn by_action<'a>(
    requests: &'a [RecordedRequest],
    agent: &str,
) -> BTreeMap<String, &'a RecordedRequest> {
    requests
        .iter()
        .filter(|r| {
            r.header("user-agent")
                .is_some_and(|ua| ua.starts_with(agent))
        })
        .filter_map(|r| r.action().map(|a| (a.to_owned(), r)))
        .collect()
}

/// The query pairs beside `Action` and `Version`, sorted.
fn params(request: &RecordedRequest) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = request
        .query
        .iter()
        .filter(|(k, _)| k != "Action" && k != "Version")
        .cloned()
        .collect();
    pairs.sort();
    pairs
}

/// The body as JSON; an empty body is `None`.
fn body(request: &RecordedRequest) -> Result<Option<Value>, String> {
    if request.body.is_empty() {
        return Ok(None);
    }
    serde_json::from_slice(&request.body)
        .map(Some)
        .map_err(|e| format!("body is not JSON: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_action_goes_out_as_the_official_sdk_sends_it() -> TestResult {
    let python = python();
    check_sdk(&python)?;
    let samples: BTreeMap<String, Value> = serde_json::from_str(SAMPLES_JSON)?;
    assert_eq!(samples.len(), SENDS.len());
    let server = MockServer::start(MockConfig::default()).await?;
    for (action, sample) in &samples {
        let result = sample.get("result").filter(|r| !r.is_null()).cloned();
        server.set_default_result(action.clone(), Some(result.unwrap_or_else(|| json!({}))));
    }
    let keys = server.config().clone();

    // The official SDK first, from a file of the samples.
    let dir = std::env::temp_dir().join(format!("volc-equivalence-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let samples_path = dir.join("samples.json");
    std::fs::write(&samples_path, SAMPLES_JSON)?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/send_official.py");
    let url = server.url();
    let (ak, sk) = (keys.access_key_id.clone(), keys.secret_access_key.clone());
    let python_run = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .arg(&samples_path)
            .args([&url, &ak, &sk])
            .output()
    });
    let output = tokio::time::timeout(Duration::from_secs(300), python_run).await???;
    let _ = std::fs::remove_dir_all(&dir);
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the Python sender failed: {}\n{report}",
        String::from_utf8_lossy(&output.stderr)
    );
    let missing: Vec<&str> = report
        .lines()
        .filter_map(|l| l.strip_suffix(" missing"))
        .collect();

    // Then ours.
    let client = volc_live::Client::new(
        Config::builder()
            .endpoint(server.url())
            .region(keys.region.clone())
            .credentials(Credentials::new(
                keys.access_key_id.clone(),
                keys.secret_access_key.clone(),
            ))
            .retry(RetryPolicy::none())
            .read_timeout(Duration::from_secs(10))
            .build(),
    )?;
    let mut problems = Vec::new();
    for (action, send) in SENDS {
        if let Err(e) = send(client.clone()).await {
            problems.push(format!("{action}: our client failed: {e}"));
        }
    }

    let requests = server.requests();
    let ours = by_action(&requests, "volc-live/");
    let theirs = by_action(&requests, "volc-sdk-python/");
    let (mut compared, mut equal, mut verified) = (0, 0, 0);
    for (action, sample) in &samples {
        let Some(our) = ours.get(action) else {
            problems.push(format!("{action}: our request never arrived"));
            continue;
        };
        let mut bad = Vec::new();
        // Against the spec's wire form.
        let expected_query: Vec<(String, String)> = {
            let mut q: Vec<(String, String)> =
                serde_json::from_value(sample["query"].clone()).unwrap_or_default();
            q.sort();
            q
        };
        if our.method != sample["method"] {
            bad.push(format!("method {} (spec {})", our.method, sample["method"]));
        }
        if our.query_param("Version") != sample["version"].as_str() {
            bad.push(format!("Version {:?}", our.query_param("Version")));
        }
        if params(our) != expected_query {
            bad.push(format!(
                "query {:?}, spec {:?}",
                params(our),
                expected_query
            ));
        }
        let our_body = body(our)?;
        let expected_body = sample["body"].clone();
        match (&our_body, &expected_body) {
            (None, Value::Null) => {}
            (Some(b), e) if b == e => {}
            (b, e) => bad.push(format!("body {b:?}, spec {e}")),
        }
        if !our.signature_verified {
            bad.push(format!("our signature: {:?}", our.auth_failure));
        }
        // Against the official SDK.
        if let Some(their) = theirs.get(action) {
            compared += 1;
            if their.signature_verified && our.signature_verified {
                verified += 1;
            } else if !their.signature_verified {
                bad.push(format!("their signature: {:?}", their.auth_failure));
            }
            if (our.method.as_str(), our.path.as_str())
                != (their.method.as_str(), their.path.as_str())
            {
                bad.push(format!(
                    "{} {} vs theirs {} {}",
                    our.method, our.path, their.method, their.path
                ));
            }
            for key in ["Action", "Version"] {
                if our.query_param(key) != their.query_param(key) {
                    bad.push(format!(
                        "{key} {:?} vs theirs {:?}",
                        our.query_param(key),
                        their.query_param(key)
                    ));
                }
            }
            if params(our) != params(their) {
                bad.push(format!(
                    "query {:?} vs theirs {:?}",
                    params(our),
                    params(their)
                ));
            }
            let their_body = body(their)?;
            // A POST whose every field is in the query: we send no body, as the Go SDK does;
            // the Python SDK's method takes a body argument and sends `{}`.
            let same = match (&our_body, &their_body) {
                (None, Some(Value::Object(o))) if o.is_empty() => true,
                (a, b) => a == b,
            };
            if !same {
                bad.push(format!("body {our_body:?} vs theirs {their_body:?}"));
            }
            if bad.is_empty() {
                equal += 1;
            }
        } else if !missing.contains(&action.as_str()) {
            bad.push("the official SDK's request never arrived".to_owned());
        }
        if !bad.is_empty() {
            problems.push(format!("{action}: {}", bad.join("; ")));
        }
    }
    println!(
        "{} actions: {compared} compared with volcengine=={SDK} ({equal} the same, {verified} with both signatures verified); {} not in that SDK ({}), held to the spec's wire form only",
        samples.len(),
        missing.len(),
        missing.join(", ")
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(compared >= 180, "only {compared} actions compared");
    assert_eq!(equal, compared);
    Ok(())
}

#[test]
fn every_result_decodes_full_and_empty() -> TestResult {
    let samples: BTreeMap<String, Value> = serde_json::from_str(SAMPLES_JSON)?;
    let mut problems = Vec::new();
    for (action, decode) in DECODES {
        let full = samples
            .get(*action)
            .map(|s| s["result"].clone())
            .ok_or("no sample")?;
        for (what, result) in [
            ("full", Some(full)),
            ("empty", Some(json!({}))),
            ("absent", None),
        ] {
            let mut response = json!({"ResponseMetadata": metadata()});
            if let Some(result) = result {
                response["Result"] = result;
            }
            if let Err(e) = decode(response) {
                problems.push(format!("{action} ({what}): {e}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(DECODES.len() > 100, "{} decoders", DECODES.len());
    Ok(())
}

#[test]
fn every_rule_refuses_what_it_should_and_only_that() -> TestResult {
    let mut problems = Vec::new();
    for (shape, rule, case) in volc_live_equivalence::RULES {
        if let Err(e) = case() {
            problems.push(format!("{shape} {rule}: {e}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    println!(
        "{} rules: each passes its valid sample and refuses the sample broken in it",
        volc_live_equivalence::RULES.len()
    );
    Ok(())
}
