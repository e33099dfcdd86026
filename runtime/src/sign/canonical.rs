//! The building blocks of the signature: canonical forms, hashes, the signing key and the
//! `Authorization` value.

use percent_encoding::{percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};
use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};

use hmac::{KeyInit, Mac};
use zeroize::Zeroizing;

use super::{
    HmacSha256, OffsetDateTime, VerifyError, ALGORITHM, PATH, SCOPE_TERMINATOR, UNRESERVED,
};

pub(super) fn cmp_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

pub(super) fn push_lowercase(out: &mut String, name: &str) {
    let start = out.len();
    out.push_str(name);
    if let Some(pushed) = out.get_mut(start..) {
        pushed.make_ascii_lowercase();
    }
}

/// Whether `b` is one of the unreserved characters `A-Z a-z 0-9 - _ . ~`.
pub(super) fn is_unreserved(b: u8) -> bool {
    /// Whether each byte is one of `A-Z a-z 0-9 - _ . ~`.
    const TABLE: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
            b += 1;
        }
        table
    };
    TABLE[usize::from(b)]
}

/// Appends `value` percent-encoded like [`percent_encode`]; a value that needs no escaping
/// (`Action`, `Version`, most field values) is copied as it is.
fn push_encoded(out: &mut String, value: &str) {
    if value.bytes().all(is_unreserved) {
        out.push_str(value);
    } else {
        out.extend(utf8_percent_encode(value, UNRESERVED));
    }
}

/// Appends the canonical query (see [`canonical_query`]) without building it apart.
pub(super) fn push_canonical_query(out: &mut String, query: &[(&str, &str)]) {
    let sorted = query.windows(2).all(|w| w[0].0 <= w[1].0);
    let mut owned;
    let pairs: &[(&str, &str)] = if sorted {
        query
    } else {
        owned = query.to_vec();
        owned.sort_by(|a, b| a.0.cmp(b.0));
        &owned
    };
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(out, k);
        out.push('=');
        push_encoded(out, v);
    }
}

/// Lower-case hex of `bytes` (at most 32) into `buf`.
pub(super) fn hex_into<'b>(bytes: &[u8], buf: &'b mut [u8; 64]) -> &'b str {
    /// The two hex digits of every byte.
    const PAIRS: [[u8; 2]; 256] = {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut pairs = [[0u8; 2]; 256];
        let mut i = 0;
        while i < 256 {
            pairs[i] = [DIGITS[i >> 4], DIGITS[i & 0x0f]];
            i += 1;
        }
        pairs
    };
    let n = bytes.len().min(32);
    for (pair, b) in buf.chunks_exact_mut(2).zip(&bytes[..n]) {
        pair.copy_from_slice(&PAIRS[usize::from(*b)]);
    }
    std::str::from_utf8(&buf[..2 * n]).unwrap_or("")
}

/// Writes `YYYYMMDDTHHMMSSZ` (UTC) into `buf`.
pub(super) fn write_x_date(time: OffsetDateTime, buf: &mut [u8; 16]) -> &str {
    let t = time.to_offset(UtcOffset::UTC);
    let (year, month, day) = t.to_calendar_date();
    let (hour, minute, second) = t.to_hms();
    let year = u32::try_from(year).unwrap_or(0).min(9999);
    let fields = [
        (year, 4usize),
        (u32::from(u8::from(month)), 2),
        (u32::from(day), 2),
        (u32::from(hour), 2),
        (u32::from(minute), 2),
        (u32::from(second), 2),
    ];
    let mut at = 0;
    for (i, (value, width)) in fields.into_iter().enumerate() {
        if i == 3 {
            buf[at] = b'T';
            at += 1;
        }
        let mut v = value;
        for pos in (0..width).rev() {
            buf[at + pos] = b'0' + u8::try_from(v % 10).unwrap_or(0);
            v /= 10;
        }
        at += width;
    }
    buf[15] = b'Z';
    std::str::from_utf8(&buf[..]).unwrap_or("")
}

/// Formats a time as `X-Date` wants it: UTC `YYYYMMDDTHHMMSSZ`.
pub fn format_x_date(time: OffsetDateTime) -> String {
    let t = time.to_offset(UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses an `X-Date` value (`YYYYMMDDTHHMMSSZ`); `None` if it is not exactly that.
pub fn parse_x_date(value: &str) -> Option<OffsetDateTime> {
    let b = value.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = value.get(range)?;
        if !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(num(4..6)?).ok()?).ok()?;
    let day = u8::try_from(num(6..8)?).ok()?;
    let hour = u8::try_from(num(9..11)?).ok()?;
    let minute = u8::try_from(num(11..13)?).ok()?;
    let second = u8::try_from(num(13..15)?).ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// Lower-case hex SHA-256 of `data` (the `X-Content-Sha256` value for a body).
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Percent-encodes `value` keeping only `A-Z a-z 0-9 - _ . ~` (space becomes `%20`).
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

/// The canonical path: percent-encoded like [`percent_encode`] but keeping `/`; `/` if empty.
pub fn canonical_path(path: &str) -> String {
    if path.is_empty() {
        "/".to_owned()
    } else {
        utf8_percent_encode(path, PATH).to_string()
    }
}

/// The canonical query: pairs sorted by key (byte order), values of a repeated key in their
/// original order, keys and values [`percent_encode`]d, joined as `k=v&k=v`.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(query: &[(K, V)]) -> String {
    let mut pairs: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    // Stable sort: a repeated key's values keep their order, as in the SDK's list-valued entries.
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(k, UNRESERVED));
        out.push('=');
        out.extend(utf8_percent_encode(v, UNRESERVED));
    }
    out
}

/// Decodes a raw query string (`a=1&b=x%20y+z`) into pairs, `+` meaning space, for
/// verifying a received request; pairs without `=` get an empty value.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(part), String::new()),
        })
        .collect()
}

/// Whether the SDK signs a header of this name: exactly `Content-Type`, `Content-Md5`, `Host`,
/// or starting with `X-` (case-sensitive).
pub fn is_signed_header(name: &str) -> bool {
    matches!(name, "Content-Type" | "Content-Md5" | "Host") || name.starts_with("X-")
}

/// The signed value of a `Host` header: a `:80` or `:443` port is dropped, like the SDK does
/// (it looks at the text between the first and second `:`).
pub fn canonical_host(value: &str) -> &str {
    let mut parts = value.split(':');
    let host = parts.next().unwrap_or(value);
    match parts.next() {
        Some("80") | Some("443") => host,
        _ => value,
    }
}

/// The signed headers of a request: lower-case names, sorted, with their values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CanonicalHeaders {
    entries: Vec<(String, String)>,
}

impl CanonicalHeaders {
    /// Picks the headers the SDK signs (see [`is_signed_header`]); when two names lower-case
    /// to the same one, the later wins. Values are not trimmed.
    pub fn from_headers<'h>(headers: impl IntoIterator<Item = (&'h str, &'h str)>) -> Self {
        let mut entries: Vec<(String, String)> = Vec::new();
        for (name, value) in headers {
            if !is_signed_header(name) {
                continue;
            }
            let lower = name.to_ascii_lowercase();
            let value = if lower == "host" {
                canonical_host(value)
            } else {
                value
            };
            match entries.iter_mut().find(|(n, _)| *n == lower) {
                Some(slot) => slot.1 = value.to_owned(),
                None => entries.push((lower, value.to_owned())),
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Self { entries }
    }

    /// Picks the headers named in a received `SignedHeaders=` list (`a;b;c`), matching names
    /// case-insensitively since servers and proxies may change their case; the last header of a
    /// repeated name wins. Fails with the first name that is missing.
    pub fn select<N: AsRef<str>, V: AsRef<str>>(
        headers: &[(N, V)],
        signed_headers: &str,
    ) -> Result<Self, VerifyError> {
        let mut entries = Vec::new();
        for wanted in signed_headers.split(';').filter(|n| !n.is_empty()) {
            let value = headers
                .iter()
                .rev()
                .find(|(n, _)| n.as_ref().eq_ignore_ascii_case(wanted))
                .map(|(_, v)| v.as_ref())
                .ok_or_else(|| VerifyError::MissingHeader(wanted.to_owned()))?;
            let lower = wanted.to_ascii_lowercase();
            let value = if lower == "host" {
                canonical_host(value)
            } else {
                value
            };
            entries.push((lower, value.to_owned()));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        Ok(Self { entries })
    }

    /// The `(name, value)` pairs, sorted by name.
    pub fn entries(&self) -> &[(String, String)] {
        &self.entries
    }

    /// The `SignedHeaders` value: names joined by `;`.
    pub fn signed_headers(&self) -> String {
        let names: Vec<&str> = self.entries.iter().map(|(n, _)| n.as_str()).collect();
        names.join(";")
    }
}

/// The canonical request: method, path, query, one `name:value` line per signed header, an
/// empty line, the signed header names and the body hash, separated by `\n`.
pub fn canonical_request<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    query: &[(K, V)],
    headers: &CanonicalHeaders,
    body_sha256: &str,
) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(method);
    out.push('\n');
    out.push_str(&canonical_path(path));
    out.push('\n');
    out.push_str(&canonical_query(query));
    out.push('\n');
    for (name, value) in headers.entries() {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&headers.signed_headers());
    out.push('\n');
    out.push_str(body_sha256);
    out
}

/// The credential scope: `YYYYMMDD/region/service/request`.
pub fn credential_scope(date: &str, region: &str, service: &str) -> String {
    format!("{date}/{region}/{service}/{SCOPE_TERMINATOR}")
}

/// The string to sign: `HMAC-SHA256`, the `X-Date`, the scope and the hex SHA-256 of the
/// canonical request, separated by `\n`.
pub fn string_to_sign(x_date: &str, credential_scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{x_date}\n{credential_scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

pub(super) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The signing key: `HMAC(HMAC(HMAC(HMAC(secret, date), region), service), "request")`, with
/// no prefix on the secret. `date` is `YYYYMMDD`.
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    // The intermediate keys derive the secret too: wiped when they go.
    let k_date = Zeroizing::new(hmac_sha256(secret_access_key.as_bytes(), date.as_bytes()));
    let k_region = Zeroizing::new(hmac_sha256(&*k_date, region.as_bytes()));
    let k_service = Zeroizing::new(hmac_sha256(&*k_region, service.as_bytes()));
    hmac_sha256(&*k_service, SCOPE_TERMINATOR.as_bytes())
}

/// The hex signature of `string_to_sign` under `signing_key`.
pub fn signature(signing_key: &[u8], string_to_sign: &str) -> String {
    hex::encode(hmac_sha256(signing_key, string_to_sign.as_bytes()))
}

/// The `Authorization` value:
/// `HMAC-SHA256 Credential=<ak>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
pub fn authorization(
    access_key_id: &str,
    credential_scope: &str,
    signed_headers: &str,
    signature: &str,
) -> String {
    format!(
        "{ALGORITHM} Credential={access_key_id}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}"
    )
}
