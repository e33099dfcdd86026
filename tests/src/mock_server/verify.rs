//! The gateway's side of the Volcengine `HMAC-SHA256` signature.
//!
//! Written from the algorithm alone (not with `volc_runtime::sign`), so that a bug in the client's
//! signer cannot hide itself: every input comes from the HTTP request as it was received.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// How far `X-Date` may be from the server's clock, as on the real gateway.
pub(crate) const MAX_CLOCK_SKEW_SECS: i64 = 15 * 60;

/// Why the mock gateway refused a request's authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthFailure {
    /// No `Authorization` header.
    MissingAuthorization,
    /// An `Authorization` header that does not follow
    /// `HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
    MalformedAuthorization(String),
    /// The access key id in the credential is not the configured one.
    InvalidAccessKey(String),
    /// No `X-Date` header.
    MissingDate,
    /// An `X-Date` that is not `YYYYMMDDTHHMMSSZ`, or too far from the server's clock.
    InvalidDate(String),
    /// No `X-Content-Sha256` header.
    MissingContentHash,
    /// `X-Content-Sha256` is not the SHA-256 of the body that arrived.
    ContentHashMismatch {
        /// The header's value.
        declared: String,
        /// The hash of the received body.
        actual: String,
    },
    /// The credential scope does not match `X-Date`, the region, the service or `request`.
    ScopeMismatch(String),
    /// `SignedHeaders` leaves out a header the gateway requires to be signed, or names one
    /// that was not received.
    SignedHeaders(String),
    /// The signature is not the one computed from the received request.
    SignatureMismatch {
        /// The canonical request the gateway computed; compare it with the client's.
        canonical_request: String,
    },
}

impl AuthFailure {
    /// The error code, numeric code and HTTP status the gateway answers with.
    pub fn code(&self) -> (&'static str, i64, u16) {
        match self {
            Self::MissingAuthorization => ("MissingAuthenticationToken", 100_003, 401),
            Self::InvalidAccessKey(_) => ("InvalidAccessKey", 100_009, 401),
            Self::MissingDate | Self::MissingContentHash => ("MissingRequestInfo", 100_004, 400),
            Self::InvalidDate(_) => ("InvalidTimestamp", 100_006, 400),
            Self::MalformedAuthorization(_)
            | Self::ContentHashMismatch { .. }
            | Self::ScopeMismatch(_)
            | Self::SignedHeaders(_)
            | Self::SignatureMismatch { .. } => ("SignatureDoesNotMatch", 100_010, 401),
        }
    }
}

impl fmt::Display for AuthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingAuthorization => f.write_str("the request has no Authorization header"),
            Self::MalformedAuthorization(why) => write!(f, "malformed Authorization header: {why}"),
            Self::InvalidAccessKey(ak) => write!(f, "the access key id {ak:?} does not exist"),
            Self::MissingDate => f.write_str("the request has no X-Date header"),
            Self::InvalidDate(why) => write!(f, "invalid X-Date: {why}"),
            Self::MissingContentHash => f.write_str("the request has no X-Content-Sha256 header"),
            Self::ContentHashMismatch { declared, actual } => write!(
                f,
                "X-Content-Sha256 is {declared} but the body received hashes to {actual}"
            ),
            Self::ScopeMismatch(why) => write!(f, "credential scope mismatch: {why}"),
            Self::SignedHeaders(why) => write!(f, "SignedHeaders: {why}"),
            Self::SignatureMismatch { .. } => f.write_str(
                "The request signature we calculated does not match the signature you provided. \
                 Check your Secret Access Key and signing method.",
            ),
        }
    }
}

/// What the gateway knows: one key pair and where it serves.
pub(crate) struct Expected<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub region: &'a str,
    pub service: &'a str,
}

/// A request as it arrived: header names lower-case, values and body as received.
pub(crate) struct Received<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl Received<'_> {
    fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    }
}

/// The parts of the `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Authorization {
    pub access_key_id: String,
    pub scope_date: String,
    pub scope_region: String,
    pub scope_service: String,
    pub scope_terminator: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parses `HMAC-SHA256 Credential=<AK>/<date>/<region>/<service>/request, SignedHeaders=<a;b>,
/// Signature=<hex>`.
pub(crate) fn parse_authorization(value: &str) -> Result<Authorization, AuthFailure> {
    let bad = |why: &str| AuthFailure::MalformedAuthorization(why.to_owned());
    let rest = value
        .strip_prefix("HMAC-SHA256 ")
        .ok_or_else(|| bad("does not start with `HMAC-SHA256 `"))?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        let (key, val) = part
            .split_once('=')
            .ok_or_else(|| bad("a part is not `Key=Value`"))?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            _ => return Err(bad("unknown part")),
        };
        if slot.replace(val).is_some() {
            return Err(bad("a part is repeated"));
        }
    }
    let credential = credential.ok_or_else(|| bad("no Credential"))?;
    let signed = signed.ok_or_else(|| bad("no SignedHeaders"))?;
    let signature = signature.ok_or_else(|| bad("no Signature"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [ak, date, region, service, terminator] = scope.as_slice() else {
        return Err(bad(
            "Credential is not <AK>/<date>/<region>/<service>/request",
        ));
    };
    if signed.is_empty() {
        return Err(bad("SignedHeaders is empty"));
    }
    Ok(Authorization {
        access_key_id: (*ak).to_owned(),
        scope_date: (*date).to_owned(),
        scope_region: (*region).to_owned(),
        scope_service: (*service).to_owned(),
        scope_terminator: (*terminator).to_owned(),
        signed_headers: signed.split(';').map(str::to_owned).collect(),
        signature: signature.to_owned(),
    })
}

/// Checks a request's signature from scratch. `now` is the server's clock in Unix seconds, or
/// `None` to skip the clock-skew check (for frozen test vectors).
///
/// On success returns the signed header names.
pub(crate) fn verify(
    req: &Received<'_>,
    expected: &Expected<'_>,
    now: Option<i64>,
) -> Result<Vec<String>, AuthFailure> {
    let auth_value = req
        .header("authorization")
        .ok_or(AuthFailure::MissingAuthorization)?;
    let auth = parse_authorization(&auth_value)?;
    if auth.access_key_id != expected.access_key_id {
        return Err(AuthFailure::InvalidAccessKey(auth.access_key_id));
    }

    let x_date = req.header("x-date").ok_or(AuthFailure::MissingDate)?;
    let date_secs = parse_x_date(&x_date).map_err(AuthFailure::InvalidDate)?;
    if let Some(now) = now {
        if (now - date_secs).abs() > MAX_CLOCK_SKEW_SECS {
            return Err(AuthFailure::InvalidDate(format!(
                "{x_date} is more than {MAX_CLOCK_SKEW_SECS} s away from the server's clock"
            )));
        }
    }

    let body_hash = hex::encode(Sha256::digest(req.body));
    let declared = req
        .header("x-content-sha256")
        .ok_or(AuthFailure::MissingContentHash)?;
    if declared != body_hash {
        return Err(AuthFailure::ContentHashMismatch {
            declared,
            actual: body_hash,
        });
    }

    let scope_checks = [
        (
            "date",
            auth.scope_date.as_str(),
            x_date.get(..8).unwrap_or(""),
        ),
        ("region", auth.scope_region.as_str(), expected.region),
        ("service", auth.scope_service.as_str(), expected.service),
        ("terminator", auth.scope_terminator.as_str(), "request"),
    ];
    for (what, got, want) in scope_checks {
        if got != want {
            return Err(AuthFailure::ScopeMismatch(format!(
                "{what} is {got:?}, expected {want:?}"
            )));
        }
    }

    for required in ["host", "x-date"] {
        if !auth.signed_headers.iter().any(|h| h == required) {
            return Err(AuthFailure::SignedHeaders(format!(
                "`{required}` is not signed"
            )));
        }
    }
    let mut canonical_headers = String::new();
    for name in &auth.signed_headers {
        if name.is_empty() || name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(AuthFailure::SignedHeaders(format!(
                "{name:?} is not a lower-case header name"
            )));
        }
        let value = req.header(name).ok_or_else(|| {
            AuthFailure::SignedHeaders(format!("`{name}` is signed but was not received"))
        })?;
        let value = if name == "host" {
            canonical_host(&value).to_owned()
        } else {
            value
        };
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(&value);
        canonical_headers.push('\n');
    }

    let signed_names = auth.signed_headers.join(";");
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_path(req.path),
        canonical_query(req.query),
        canonical_headers,
        signed_names,
        body_hash,
    );
    let signature = signature(expected, &x_date, &canonical_request);
    if !constant_time_eq(signature.as_bytes(), auth.signature.as_bytes()) {
        return Err(AuthFailure::SignatureMismatch { canonical_request });
    }
    Ok(auth.signed_headers)
}

/// The hex signature of a canonical request signed at `x_date` for the expected scope.
pub(crate) fn signature(expected: &Expected<'_>, x_date: &str, canonical_request: &str) -> String {
    let date = x_date.get(..8).unwrap_or("");
    let scope = format!("{date}/{}/{}/request", expected.region, expected.service);
    let string_to_sign = format!(
        "HMAC-SHA256\n{x_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    );
    let key = signing_key(
        expected.secret_access_key,
        date,
        expected.region,
        expected.service,
    );
    hex::encode(hmac(&key, string_to_sign.as_bytes()))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so `new_from_slice` cannot fail here.
    match HmacSha256::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// HMAC(HMAC(HMAC(HMAC(secret, date), region), service), "request").
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac(secret.as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"request")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The host as signed: `:80` and `:443` are dropped.
fn canonical_host(host: &str) -> &str {
    host.strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(host)
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

fn encode(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`); a stray `%` stays as it is.
fn decode(s: &str, plus_is_space: bool) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex_pair = bytes.get(i + 1..i + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                if let Some(b) = hex_pair {
                    out.push(b);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn canonical_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    encode(&decode(path, false), true)
}

/// Splits a raw query string into decoded pairs, in the order received.
pub(crate) fn query_pairs(query: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
            (decode(k, true), decode(v, true))
        })
        .collect()
}

pub(crate) fn canonical_query(query: &str) -> String {
    let mut pairs = query_pairs(query);
    // A stable sort keeps the received order of a repeated key's values.
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k, false), encode(v, false)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Parses `YYYYMMDDTHHMMSSZ` into Unix seconds.
pub(crate) fn parse_x_date(value: &str) -> Result<i64, String> {
    let b = value.as_bytes();
    let well_formed = b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[9..15].iter().all(u8::is_ascii_digit);
    if !well_formed {
        return Err(format!("{value:?} is not YYYYMMDDTHHMMSSZ"));
    }
    let num = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'))
    };
    let (year, month, day) = (num(0..4), num(4..6), num(6..8));
    let (hour, minute, second) = (num(9..11), num(11..13), num(13..15));
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    if day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return Err(format!("{value:?} is not a valid date and time"));
    }
    Ok(days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "AKTESTEXAMPLE";
    const SK: &str = "SKTESTEXAMPLE";

    fn expected(region: &'static str) -> Expected<'static> {
        Expected {
            access_key_id: AK,
            secret_access_key: SK,
            region,
            service: "live",
        }
    }

    fn headers(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned()))
            .collect()
    }

    /// A request of `sign-vectors.json` as a server receives it: the vector's output headers
    /// and wire URL query.
    struct Vector {
        method: &'static str,
        query: &'static str,
        host: &'static str,
        content_type: Option<&'static str>,
        token: Option<&'static str>,
        body: &'static str,
        body_sha256: &'static str,
        region: &'static str,
        signed: &'static str,
        signature: &'static str,
    }

    impl Vector {
        fn check(&self, secret: &str) -> Result<Vec<String>, AuthFailure> {
            let auth = format!(
                "HMAC-SHA256 Credential={AK}/20240415/{}/live/request, SignedHeaders={}, Signature={}",
                self.region, self.signed, self.signature
            );
            let mut list = vec![
                ("Accept", "application/json"),
                ("Host", self.host),
                ("User-Agent", "volc-sdk-python/v1.0.229"),
            ];
            if let Some(ct) = self.content_type {
                list.push(("Content-Type", ct));
            }
            list.push(("X-Date", "20240415T113703Z"));
            list.push(("X-Content-Sha256", self.body_sha256));
            if let Some(token) = self.token {
                list.push(("X-Security-Token", token));
            }
            list.push(("Authorization", &auth));
            let headers = headers(&list);
            let received = Received {
                method: self.method,
                path: "/",
                query: self.query,
                headers: &headers,
                body: self.body.as_bytes(),
            };
            let expected = Expected {
                secret_access_key: secret,
                ..expected(self.region)
            };
            verify(&received, &expected, None)
        }
    }

    const SEED_UPDATE: Vector = Vector {
        method: "POST",
        query: "Action=UpdateCallback&Version=2023-01-01",
        host: "live.volcengineapi.com",
        content_type: Some("application/json"),
        token: None,
        body: "{\"App\": \"example_app\", \"AuthEnable\": false, \"AuthKeyPrimary\": \"1622194197-0-0-5552*****e4e20387c6dc18afce****\", \"CallbackDetailList\": [{\"CallbackType\": \"http\", \"URL\": \"http://example.com/callback\"}], \"Domain\": \"push.example.com\", \"MessageType\": \"push\", \"TranscodeCallback\": 0, \"Vhost\": \"push.example.com\"}",
        body_sha256: "098e3270ea5e42037a62af0f3d49402d4716dce3eff16ff73d363a7f7d1c4349",
        region: "cn-north-1",
        signed: "content-type;host;x-content-sha256;x-date",
        signature: "2c553e25d40d11e2f5a1bf20736e2783a9bea018e5394bb1d2de2b114b370362",
    };

    const EMPTY_BODY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const EMPTY_OBJECT: &str = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    const DESCRIBE_BODY: &str = "{\"App\": \"Live\", \"Domain\": \"push.example.com\", \"MessageType\": \"push\", \"Vhost\": \"push.example.com\"}";
    const DESCRIBE_SHA: &str = "90c7c808a2e5d34ed6afbe8b1de9b5c0df91b80b848f21e88e0069a7c68a766e";

    #[test]
    fn accepts_the_official_sdk_vectors() {
        let vectors = [
            SEED_UPDATE,
            Vector {
                method: "GET",
                query: "Action=GetSpeechConfig&Version=2023-01-01",
                content_type: None,
                body: "",
                body_sha256: EMPTY_BODY,
                signed: "host;x-content-sha256;x-date",
                signature: "86a1a7524b0b615e2f72b621003a8ae229421a89ad805934eab6c79fab45fe44",
                ..SEED_UPDATE
            },
            Vector {
                query: "Action=DescribeCallback&Version=2023-01-01&Note=hello+world++two",
                body: DESCRIBE_BODY,
                body_sha256: DESCRIBE_SHA,
                signature: "e18049bd7311e2e2fd74e30c28a57f2028c2633a5fb46603836fb61a211e5fc8",
                ..SEED_UPDATE
            },
            Vector {
                query: "Action=DescribeCallback&Version=2023-01-01&Path=%2Fa%2Fb~c%2Ad",
                body: "{}",
                body_sha256: EMPTY_OBJECT,
                signature: "bd3b2466c6c6de55a5180733a18b6178c7fcec4c446097281c54ad5a078bc765",
                ..SEED_UPDATE
            },
            Vector {
                query: "b=2&Version=2023-01-01&a=x%2By%3Dz%26w&Action=DescribeCallback&B=%21%27%28%29&_u=50%25&A-Z=-_.~",
                body: "{}",
                body_sha256: EMPTY_OBJECT,
                signature: "e796737d8003791c1f68490e0e22f95ce50597f480da63c38a6d677855a979cb",
                ..SEED_UPDATE
            },
            Vector {
                query: "Action=DescribeCallback&Version=2023-01-01&Tag=zeta&Tag=alpha&Tag=mid+dle",
                body: "{}",
                body_sha256: EMPTY_OBJECT,
                signature: "24d330e4024fa348e26c333fcf5f3019b63e4954cdb24f3a80b8446283235013",
                ..SEED_UPDATE
            },
            Vector {
                query: "Action=DescribeCallback&Version=2023-01-01",
                host: "open.ap-singapore-1.volcengineapi.com",
                region: "ap-singapore-1",
                body: DESCRIBE_BODY,
                body_sha256: DESCRIBE_SHA,
                signature: "6655b251889a20ddf7192144dd89d3b5760f84325ea0f2fb5b4560f3cb656e1b",
                ..SEED_UPDATE
            },
            Vector {
                query: "Action=DescribeCallback&Version=2023-01-01",
                token: Some("STS2eyJMVEFjY2Vzc0tleUlkIjoiQUtURVNURVhBTVBMRSIsIkFjY2Vzc0tleUlkIjoiQUtUUEVYQU1QTEUiLCJFeHBpcmVkVGltZSI6MTcxMzE4MjIyM30="),
                body: DESCRIBE_BODY,
                body_sha256: DESCRIBE_SHA,
                signed: "content-type;host;x-content-sha256;x-date;x-security-token",
                signature: "205cf4641d8d41a784c000d96fa0cdb3c2d64741008459e46272f7b1f0e30f6d",
                ..SEED_UPDATE
            },
            Vector {
                query: "Action=DeleteCallback&Version=2023-01-01",
                host: "live.volcengineapi.com:80",
                body: "{\"Vhost\": \"push.live.example.com\", \"Domain\": \"push.live.example.com\", \"MessageType\": \"push\", \"App\": \"live\"}",
                body_sha256: "e5f625edd6f619c4450386e2998d5f7dca1e1c07aa7b9f910023582c047b1b04",
                signature: "8b8dee4dc9b8e4817983e7e5a127f45d17b1290a893125ef3caadf0275ca13c8",
                ..SEED_UPDATE
            },
            Vector {
                query: "Action=DescribeCallback&Version=2023-01-01",
                host: "127.0.0.1:18080",
                body: DESCRIBE_BODY,
                body_sha256: DESCRIBE_SHA,
                signature: "3782b95555d0abbb115e7ee891352549f72c79e391ada5a2647e6c897d315e75",
                ..SEED_UPDATE
            },
            Vector {
                query: "Action=DescribeCallback&Version=2023-01-01",
                content_type: Some("application/x-www-form-urlencoded; charset=utf-8"),
                body: "Vhost=push.example.com&App=live",
                body_sha256: "e7a55b27aed10fe50a0b4695405db42f91329d069a7e7a6a8463e77f0130c95b",
                signature: "5ffa014ad1f3755e64af82cf6a79730e11f7e7db39ebafbe7ef585b82b170753",
                ..SEED_UPDATE
            },
        ];
        for (i, vector) in vectors.iter().enumerate() {
            assert!(
                vector.check(SK).is_ok(),
                "vector {i} ({}): {:?}",
                vector.query,
                vector.check(SK)
            );
        }
    }

    #[test]
    fn rejects_a_wrong_secret_a_tampered_body_and_a_tampered_query() {
        assert!(matches!(
            SEED_UPDATE.check("not-the-secret"),
            Err(AuthFailure::SignatureMismatch { .. })
        ));
        let tampered_body = Vector {
            body: "{}",
            ..SEED_UPDATE
        };
        assert!(matches!(
            tampered_body.check(SK),
            Err(AuthFailure::ContentHashMismatch { .. })
        ));
        let tampered_query = Vector {
            query: "Action=DeleteCallback&Version=2023-01-01",
            ..SEED_UPDATE
        };
        assert!(matches!(
            tampered_query.check(SK),
            Err(AuthFailure::SignatureMismatch { .. })
        ));
        let other_region = Vector {
            region: "ap-singapore-1",
            ..SEED_UPDATE
        };
        assert!(matches!(
            other_region.check(SK),
            Err(AuthFailure::SignatureMismatch { .. })
        ));
    }

    #[test]
    fn parses_and_rejects_authorization_headers() {
        let ok = parse_authorization(
            "HMAC-SHA256 Credential=AK/20240415/cn-north-1/live/request, SignedHeaders=host;x-date, Signature=ab",
        );
        assert_eq!(
            ok.map(|a| a.signed_headers),
            Ok(vec!["host".to_owned(), "x-date".to_owned()])
        );
        for bad in [
            "",
            "AWS4-HMAC-SHA256 Credential=AK/20240415/cn-north-1/live/request, SignedHeaders=host, Signature=ab",
            "HMAC-SHA256 Credential=AK/20240415/cn-north-1/live, SignedHeaders=host, Signature=ab",
            "HMAC-SHA256 Credential=AK/20240415/cn-north-1/live/request, Signature=ab",
            "HMAC-SHA256 Credential=AK/20240415/cn-north-1/live/request, SignedHeaders=host",
            "HMAC-SHA256 garbage",
        ] {
            assert!(
                matches!(
                    parse_authorization(bad),
                    Err(AuthFailure::MalformedAuthorization(_))
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn x_date_parsing() {
        assert_eq!(parse_x_date("19700101T000000Z"), Ok(0));
        assert_eq!(parse_x_date("20240415T113703Z"), Ok(1_713_181_023));
        assert_eq!(parse_x_date("20240229T000000Z"), Ok(1_709_164_800));
        for bad in [
            "",
            "2024-04-15T11:37:03Z",
            "20240415 113703Z",
            "20240415T113703",
            "20230229T000000Z",
            "20241301T000000Z",
            "20240415T250000Z",
        ] {
            assert!(parse_x_date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn canonical_pieces() {
        assert_eq!(canonical_path(""), "/");
        assert_eq!(canonical_path("/a%20b/c"), "/a%20b/c");
        assert_eq!(canonical_query("b=1&a=x+y&a=%7e"), "a=x%20y&a=~&b=1");
        assert_eq!(canonical_query("flag&=v&&x=%zz"), "=v&flag=&x=%25zz");
        assert_eq!(canonical_host("h:443"), "h");
        assert_eq!(canonical_host("h:4430"), "h:4430");
    }
}
