//! Unit tests of the credential sources, files and the refreshing cache.

use super::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const AK: &str = "AKLTexampleid";
const SK: &str = "c2VjcmV0LXNlY3JldA==#;x";

fn write(home: &Path, name: &str, text: &str) -> TestResult {
    std::fs::create_dir_all(home.join(".volc"))?;
    std::fs::write(home.join(".volc").join(name), text)?;
    Ok(())
}

#[test]
fn debug_shows_only_the_access_key_id() {
    let c = Credentials::new(AK, SK).with_session_token("TOKEN-VALUE");
    let dbg = format!("{c:?}");
    assert!(dbg.contains(AK));
    assert!(!dbg.contains(SK) && !dbg.contains("TOKEN-VALUE"));
    assert!(dbg.contains("***"));
    assert_eq!(c.session_token(), Some("TOKEN-VALUE"));
    assert_eq!(
        Credentials::new(AK, SK)
            .with_session_token("")
            .session_token(),
        None
    );
}

#[test]
fn env_lookup_treats_empty_as_absent() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let full = Credentials::from_lookup(env(&[
        ("VOLC_ACCESSKEY", "ak"),
        ("VOLC_SECRETKEY", "sk"),
        ("VOLC_SESSION_TOKEN", "tok"),
    ]));
    assert_eq!(full.as_ref().map(Credentials::access_key_id), Some("ak"));
    assert_eq!(
        full.as_ref().and_then(Credentials::session_token),
        Some("tok")
    );
    let no_token = Credentials::from_lookup(env(&[
        ("VOLC_ACCESSKEY", "ak"),
        ("VOLC_SECRETKEY", "sk"),
        ("VOLC_SESSION_TOKEN", ""),
    ]));
    assert_eq!(
        no_token.and_then(|c| c.session_token().map(str::to_owned)),
        None
    );
    assert!(
        Credentials::from_lookup(env(&[("VOLC_ACCESSKEY", "ak"), ("VOLC_SECRETKEY", "")]))
            .is_none()
    );
    assert!(Credentials::from_lookup(env(&[("VOLC_SECRETKEY", "sk")])).is_none());
}

#[test]
fn ini_with_comments_whitespace_and_other_sections() -> TestResult {
    let text = format!(
        "\u{feff}# leading comment\n; another\n\n[other]\naccess_key_id = wrong\nsecret_access_key=wrong\n\n  [ default ]  \n  Access_Key_Id =   {AK}  \nsecret_access_key: {SK}\nsession_token =\nregion = cn-north-1\n[later]\naccess_key_id = also-wrong\n"
    );
    let c = parse_ini(&text, DEFAULT_PROFILE)?;
    assert_eq!(c.access_key_id(), AK);
    assert_eq!(c.secret_access_key(), SK);
    assert_eq!(c.session_token(), None);
    let with_token = parse_ini(
        "[default]\naccess_key_id=a\nsecret_access_key=b\nsession_token=t\n",
        DEFAULT_PROFILE,
    )?;
    assert_eq!(with_token.session_token(), Some("t"));
    Ok(())
}

#[test]
fn malformed_ini_names_the_line_not_the_secret() {
    let cases: &[(&str, &str)] = &[
        ("access_key_id = a\n[default]\n", "line 1"),
        ("[default]\naccess_key_id = a\nc2VjcmV0LXNlY3JldA\n", "line 3"),
        ("[default\n", "line 1"),
        ("[default]\naccess_key_id = a\n", "`secret_access_key` is missing"),
        ("[default]\naccess_key_id = a\nsecret_access_key =\n", "`secret_access_key` is empty"),
        ("[profile]\naccess_key_id = a\nsecret_access_key = c2VjcmV0LXNlY3JldA\n", "no [default] section"),
        (
            "[default]\naccess_key_id = a\nsecret_access_key = c2VjcmV0LXNlY3JldA\nsecret_access_key = c2VjcmV0LXNlY3JldA\n",
            "line 4",
        ),
    ];
    for (text, expected) in cases {
        match parse_ini(text, DEFAULT_PROFILE) {
            Ok(_) => panic!("accepted {text:?}"),
            Err(reason) => {
                assert!(reason.contains(expected), "{reason:?} lacks {expected:?}");
                assert!(!reason.contains("c2VjcmV0"), "{reason:?} leaks the secret");
            }
        }
    }
}

#[test]
fn json_config() -> TestResult {
    let c = parse_json(&format!(
        "{{\"ak\": \"{AK}\", \"sk\": \"{SK}\", \"other\": 1}}"
    ))?;
    assert_eq!((c.access_key_id(), c.secret_access_key()), (AK, SK));
    for (text, expected) in [
        ("{\"ak\": \"a\", \"sk\": ", "line 1 column"),
        ("[\"a\"]", "JSON object"),
        ("{\"ak\": \"a\"}", "`sk` is missing"),
        (
            "{\"ak\": \"a\", \"sk\": 12345678}",
            "\"sk\" is not a string",
        ),
        ("{\"ak\": \"\", \"sk\": \"s\"}", "`ak` is empty"),
    ] {
        match parse_json(text) {
            Ok(_) => panic!("accepted {text:?}"),
            Err(reason) => {
                assert!(reason.contains(expected), "{reason:?} lacks {expected:?}");
                assert!(!reason.contains("12345678"));
            }
        }
    }
    Ok(())
}

#[test]
fn from_home_prefers_the_ini_file_and_reports_the_path() -> TestResult {
    let dir = tempfile::tempdir()?;
    assert!(Credentials::from_home(dir.path())?.is_none());

    write(
        dir.path(),
        "config",
        "{\"ak\": \"json-ak\", \"sk\": \"json-sk\"}",
    )?;
    let c = Credentials::from_home(dir.path())?;
    assert_eq!(c.as_ref().map(Credentials::access_key_id), Some("json-ak"));

    write(
        dir.path(),
        "credentials",
        "[default]\naccess_key_id = ini-ak\nsecret_access_key = ini-sk\n",
    )?;
    let c = Credentials::from_home(dir.path())?;
    assert_eq!(c.as_ref().map(Credentials::access_key_id), Some("ini-ak"));

    let pasted_secret = "wJalrXUtnFEMIK7MDENGbPxRfiCY";
    write(
        dir.path(),
        "credentials",
        &format!("[default]\n{pasted_secret}\n"),
    )?;
    let err = match Credentials::from_home(dir.path()) {
        Ok(c) => panic!("accepted a malformed file: {c:?}"),
        Err(e) => e,
    };
    let text = err.to_string();
    assert!(matches!(err, CredentialsError::Malformed { .. }));
    assert!(text.contains(".volc/credentials") || text.contains(".volc\\credentials"));
    assert!(text.contains("line 2"), "{text}");
    assert!(!text.contains(pasted_secret) && !format!("{err:?}").contains(pasted_secret));
    Ok(())
}

#[test]
fn profiles_pick_their_section() -> TestResult {
    let dir = tempfile::tempdir()?;
    // Only the JSON file: it holds the default profile's keys, no other.
    write(
        dir.path(),
        "config",
        "{\"ak\": \"json-ak\", \"sk\": \"json-sk\"}",
    )?;
    assert!(Credentials::from_home_profile(dir.path(), "prod")?.is_none());
    write(
        dir.path(),
        "credentials",
        "[default]\naccess_key_id = dev-ak\nsecret_access_key = dev-sk\n[prod]\naccess_key_id = prod-ak\nsecret_access_key = prod-sk\n",
    )?;
    let prod = Credentials::from_home_profile(dir.path(), "prod")?;
    assert_eq!(
        prod.as_ref().map(Credentials::access_key_id),
        Some("prod-ak")
    );
    let dev = Credentials::from_home(dir.path())?;
    assert_eq!(dev.as_ref().map(Credentials::access_key_id), Some("dev-ak"));
    let err = Credentials::from_home_profile(dir.path(), "staging")
        .err()
        .ok_or("a missing profile was accepted")?;
    assert!(err.to_string().contains("no [staging] section"), "{err}");
    Ok(())
}

#[tokio::test]
async fn providers_read_the_profile_off_the_async_runtime() -> TestResult {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "credentials",
        "[default]\naccess_key_id = dev-ak\nsecret_access_key = dev-sk\n[prod]\naccess_key_id = prod-ak\nsecret_access_key = prod-sk\n",
    )?;
    let provider = ProfileProvider::with_home(dir.path()).profile("prod");
    let c = provider.provide_credentials().await?;
    assert_eq!(c.access_key_id(), "prod-ak");
    let missing = ProfileProvider::with_home(dir.path().join("nowhere"))
        .profile("prod")
        .provide_credentials()
        .await
        .err()
        .ok_or("no files, yet credentials")?;
    assert!(missing.to_string().contains("[prod]"), "{missing}");
    Ok(())
}

#[test]
fn non_utf8_file_is_malformed() -> TestResult {
    let dir = tempfile::tempdir()?;
    std::fs::create_dir_all(dir.path().join(".volc"))?;
    std::fs::write(dir.path().join(".volc/credentials"), b"[default]\n\xff\xfe")?;
    let err = Credentials::from_home(dir.path()).err();
    assert!(
        matches!(err, Some(CredentialsError::Malformed { .. })),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn not_found_lists_the_sources() {
    let e = CredentialsError::NotFound {
        searched: vec![
            "environment variables VOLC_ACCESSKEY and VOLC_SECRETKEY".into(),
            "/h/.volc/credentials".into(),
        ],
    };
    assert_eq!(
        e.to_string(),
        "no Volcengine credentials found; looked in: environment variables VOLC_ACCESSKEY and VOLC_SECRETKEY; /h/.volc/credentials"
    );
}
