//! The Volcengine `HMAC-SHA256` request signature, exactly as the official SDKs compute it.
//!
//! [`sign`] signs one request and returns the headers to add together with every intermediate
//! value (canonical request, string to sign, scope, signature), so a mismatch with the server can
//! be debugged. The building blocks ([`canonical_query`], [`CanonicalHeaders`],
//! [`canonical_request`], [`string_to_sign`], [`signing_key`], ...) are public too, and
//! [`verify`] checks a received request from scratch, for servers and test doubles.
//!
//! ```
//! use volc_runtime::sign::{self, SignableRequest, SigningParams};
//!
//! let query = [("Action", "DescribeCallback"), ("Version", "2023-01-01")];
//! let headers = [("Host", "live.volcengineapi.com"), ("Content-Type", "application/json")];
//! let request = SignableRequest {
//!     method: "POST",
//!     path: "/",
//!     query: &query,
//!     headers: &headers,
//!     body: b"{}",
//! };
//! let time = sign::parse_x_date("20240415T113703Z").ok_or("bad date")?;
//! let params = SigningParams {
//!     access_key_id: "AKTESTEXAMPLE",
//!     secret_access_key: "SKTESTEXAMPLE",
//!     session_token: None,
//!     region: "cn-north-1",
//!     service: "live",
//!     time,
//! };
//! let out = sign::sign(&request, &params);
//! assert_eq!(out.signed_headers, "content-type;host;x-content-sha256;x-date");
//! assert!(out.authorization.starts_with("HMAC-SHA256 Credential=AKTESTEXAMPLE/20240415/"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Subtle points the SDKs agree on and this module follows:
//! - only headers named exactly `Content-Type`, `Content-Md5`, `Host` or starting with `X-` are
//!   signed (the match is case-sensitive); their names are lower-cased and sorted;
//! - a `:80` or `:443` port is dropped from the signed `host` value (the header itself is kept);
//! - query keys are sorted, values of a repeated key keep their order;
//! - keys and values are percent-encoded keeping only `A-Z a-z 0-9 - _ . ~` (space is `%20`);
//! - a non-`GET` request without `Content-Type` gets
//!   `application/x-www-form-urlencoded; charset=utf-8`, which is then signed.

use std::cell::RefCell;
use std::fmt;
use std::sync::{PoisonError, RwLock};

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use time::{Date, Month, PrimitiveDateTime, Time, UtcOffset};
use zeroize::{Zeroize, Zeroizing};

use crate::credentials::Credentials;

/// The time type of [`SigningParams::time`], re-exported so callers need not depend on `time`.
pub use time::OffsetDateTime;

type HmacSha256 = Hmac<Sha256>;

/// The algorithm name, first word of the `Authorization` header and of the string to sign.
pub const ALGORITHM: &str = "HMAC-SHA256";
/// Header carrying the signing time, `YYYYMMDDTHHMMSSZ` (UTC).
pub const X_DATE: &str = "X-Date";
/// Header carrying the hex SHA-256 of the body.
pub const X_CONTENT_SHA256: &str = "X-Content-Sha256";
/// Header carrying the session token of temporary credentials.
pub const X_SECURITY_TOKEN: &str = "X-Security-Token";
/// The `Authorization` header.
pub const AUTHORIZATION: &str = "Authorization";
/// The `Content-Type` header, spelled as the signer matches it.
pub const CONTENT_TYPE: &str = "Content-Type";
/// The `Content-Type` the signer adds to a non-`GET` request that has none (as the SDKs do).
pub const DEFAULT_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";
/// Last element of every credential scope.
pub const SCOPE_TERMINATOR: &str = "request";

/// Everything but the unreserved characters of RFC 3986.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// The path keeps its `/` separators.
const PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// The parts of an HTTP request the signature covers.
///
/// `query` holds decoded key/value pairs in the order they are sent (see [`parse_query`] to get
/// them from a raw query string); `headers` holds names as they are sent, since the SDK matches
/// them case-sensitively.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// Upper-case method, e.g. `POST`.
    pub method: &'a str,
    /// Decoded path, e.g. `/`; empty means `/`.
    pub path: &'a str,
    /// Decoded query pairs; a key may repeat.
    pub query: &'a [(&'a str, &'a str)],
    /// Headers as sent, before signing.
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body bytes.
    pub body: &'a [u8],
}

/// Who signs, for which region and service, at what time.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    /// Access key id, written into the `Credential=` part.
    pub access_key_id: &'a str,
    /// Secret access key; never leaves this process.
    pub secret_access_key: &'a str,
    /// Session token of temporary credentials; `None` or empty means none.
    pub session_token: Option<&'a str>,
    /// Region, e.g. `cn-north-1`.
    pub region: &'a str,
    /// Service, e.g. `live`.
    pub service: &'a str,
    /// Signing time; converted to UTC.
    pub time: OffsetDateTime,
}

impl<'a> SigningParams<'a> {
    /// Parameters for `credentials`, signing now.
    pub fn new(credentials: &'a Credentials, region: &'a str, service: &'a str) -> Self {
        Self {
            access_key_id: credentials.access_key_id(),
            secret_access_key: credentials.secret_access_key(),
            session_token: credentials.session_token(),
            region,
            service,
            time: OffsetDateTime::now_utc(),
        }
    }

    /// The same parameters with another signing time (tests, replays).
    pub fn at(mut self, time: OffsetDateTime) -> Self {
        self.time = time;
        self
    }
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"***")
            .field("session_token", &self.session_token.map(|_| "***"))
            .field("region", &self.region)
            .field("service", &self.service)
            .field("time", &self.time)
            .finish()
    }
}

/// The result of [`sign`]: the headers to add and every intermediate value.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningOutput {
    /// Headers the signer adds or replaces, in the order the SDK sets them: `Content-Type`
    /// (non-`GET` without one only), `X-Date`, `X-Security-Token` (with a session token only),
    /// `X-Content-Sha256`, `Authorization`.
    pub headers: Vec<(&'static str, String)>,
    /// The `X-Date` value.
    pub x_date: String,
    /// The `X-Content-Sha256` value: hex SHA-256 of the body.
    pub content_sha256: String,
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The hex signature.
    pub signature: String,
    /// The signed header names, lower-case, sorted, joined by `;`.
    pub signed_headers: String,
    /// `YYYYMMDD/region/service/request`.
    pub credential_scope: String,
    /// The `Authorization` value.
    pub authorization: String,
}

impl SigningOutput {
    /// Applies [`SigningOutput::headers`] to a header list the way the SDK's header dictionary
    /// does: a header with exactly the same name is replaced in place, others are appended.
    pub fn apply_to(&self, headers: &mut Vec<(String, String)>) {
        for (name, value) in &self.headers {
            set_header(headers, name, value);
        }
    }
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    match headers.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = value.to_owned(),
        None => headers.push((name.to_owned(), value.to_owned())),
    }
}

// The canonical request and the headers carry the session token, so they stay out of Debug.
impl fmt::Debug for SigningOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("SigningOutput")
            .field("headers", &names)
            .field("x_date", &self.x_date)
            .field("content_sha256", &self.content_sha256)
            .field("signed_headers", &self.signed_headers)
            .field("credential_scope", &self.credential_scope)
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

/// Signs `request`: returns the headers to add and the intermediate values.
///
/// Infallible: every input is accepted, as the SDK does; a request the server cannot match
/// (e.g. a lower-case `get` method) simply fails verification there.
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> SigningOutput {
    let x_date = format_x_date(params.time);
    let date = &x_date[..8];
    let content_sha256 = sha256_hex(request.body);

    let mut added: Vec<(&'static str, String)> = Vec::with_capacity(5);
    let has_content_type = request.headers.iter().any(|(n, _)| *n == CONTENT_TYPE);
    if request.method != "GET" && !has_content_type {
        added.push((CONTENT_TYPE, DEFAULT_CONTENT_TYPE.to_owned()));
    }
    added.push((X_DATE, x_date.clone()));
    if let Some(token) = params.session_token.filter(|t| !t.is_empty()) {
        added.push((X_SECURITY_TOKEN, token.to_owned()));
    }
    added.push((X_CONTENT_SHA256, content_sha256.clone()));

    let canonical_headers = CanonicalHeaders::from_headers(
        request
            .headers
            .iter()
            .map(|(n, v)| (*n, *v))
            .filter(|(n, _)| !added.iter().any(|(a, _)| a == n))
            .chain(added.iter().map(|(n, v)| (*n, v.as_str()))),
    );
    let signed_headers = canonical_headers.signed_headers();
    let canonical_request = canonical_request(
        request.method,
        request.path,
        request.query,
        &canonical_headers,
        &content_sha256,
    );
    let credential_scope = credential_scope(date, params.region, params.service);
    let string_to_sign = string_to_sign(&x_date, &credential_scope, &canonical_request);
    let key = signing_key(
        params.secret_access_key,
        date,
        params.region,
        params.service,
    );
    let signature = signature(&key, &string_to_sign);
    let authorization = authorization(
        params.access_key_id,
        &credential_scope,
        &signed_headers,
        &signature,
    );
    added.push((AUTHORIZATION, authorization.clone()));

    SigningOutput {
        headers: added,
        x_date,
        content_sha256,
        canonical_request,
        string_to_sign,
        signature,
        signed_headers,
        credential_scope,
        authorization,
    }
}

/// A cache of signing keys, one per (secret key, date, region, service).
///
/// The signing key takes four HMAC rounds to derive and changes once a day, so a client keeps
/// the last one here and derives again only when the date, the region, the service or the
/// secret (credentials refreshed) changes. The cached secret and key are zeroized when
/// replaced or dropped. Shared by every task of a client: lookups take a read lock.
#[derive(Default)]
pub struct SigningKeyCache {
    slot: RwLock<Option<CachedKey>>,
}

struct CachedKey {
    secret: Zeroizing<String>,
    date: [u8; 8],
    region: String,
    service: String,
    key: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeyCache").finish_non_exhaustive()
    }
}

impl SigningKeyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The signing key for these inputs ([`signing_key`]), from the cache when it holds it.
    pub fn key(
        &self,
        secret_access_key: &str,
        date: &str,
        region: &str,
        service: &str,
    ) -> Zeroizing<[u8; 32]> {
        self.with_key(secret_access_key, date, region, service, |key| {
            Zeroizing::new(*key)
        })
    }

    /// Calls `f` with the signing key, under the cache's lock when it holds it (no copy).
    fn with_key<R>(
        &self,
        secret_access_key: &str,
        date: &str,
        region: &str,
        service: &str,
        f: impl FnOnce(&[u8; 32]) -> R,
    ) -> R {
        let matches = |c: &CachedKey| {
            c.date.as_slice() == date.as_bytes()
                && c.region == region
                && c.service == service
                && c.secret.as_str() == secret_access_key
        };
        {
            let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(cached) = slot.as_ref().filter(|c| matches(c)) {
                return f(&cached.key);
            }
        }
        let key = Zeroizing::new(signing_key(secret_access_key, date, region, service));
        if let Ok(date_bytes) = <[u8; 8]>::try_from(date.as_bytes()) {
            let mut slot = self.slot.write().unwrap_or_else(PoisonError::into_inner);
            *slot = Some(CachedKey {
                secret: Zeroizing::new(secret_access_key.to_owned()),
                date: date_bytes,
                region: region.to_owned(),
                service: service.to_owned(),
                key: key.clone(),
            });
        }
        f(&key)
    }
}

/// The headers [`sign_headers`] adds, in the order the SDK sets them (the same list as
/// [`SigningOutput::headers`]): `Content-Type` (non-`GET` without one only), `X-Date`,
/// `X-Security-Token` (with a session token only), `X-Content-Sha256`, `Authorization`.
///
/// `Debug` leaves the token out.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeaders<'a> {
    content_type_added: bool,
    x_date: [u8; 16],
    session_token: Option<&'a str>,
    content_sha256: [u8; 64],
    authorization: String,
}

impl<'a> SignedHeaders<'a> {
    /// The `X-Date` value.
    pub fn x_date(&self) -> &str {
        std::str::from_utf8(&self.x_date).unwrap_or("")
    }

    /// The `X-Content-Sha256` value.
    pub fn content_sha256(&self) -> &str {
        std::str::from_utf8(&self.content_sha256).unwrap_or("")
    }

    /// The `Authorization` value.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// `(name, value)` of every header to add, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        let content_type = self
            .content_type_added
            .then_some((CONTENT_TYPE, DEFAULT_CONTENT_TYPE));
        let token = self.session_token.map(|t| (X_SECURITY_TOKEN, t));
        content_type
            .into_iter()
            .chain([(X_DATE, self.x_date())])
            .chain(token)
            .chain([
                (X_CONTENT_SHA256, self.content_sha256()),
                (AUTHORIZATION, self.authorization()),
            ])
    }

    /// The headers as owned pairs, as [`SigningOutput::headers`] holds them.
    pub fn to_vec(&self) -> Vec<(&'static str, String)> {
        self.iter().map(|(n, v)| (n, v.to_owned())).collect()
    }
}

impl fmt::Debug for SignedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedHeaders")
            .field("x_date", &self.x_date())
            .field("content_sha256", &self.content_sha256())
            .field("session_token", &self.session_token.map(|_| "***"))
            .field("authorization", &self.authorization)
            .finish()
    }
}

/// Signs `request` like [`sign`] and returns only the headers to add, taking the signing key
/// from `keys`.
///
/// The client's path: no intermediate value is kept, and the canonical request, the string to
/// sign and the `Authorization` value are each written once into a buffer.
pub fn sign_headers<'a>(
    request: &SignableRequest<'_>,
    params: &SigningParams<'a>,
    keys: &SigningKeyCache,
) -> SignedHeaders<'a> {
    let mut x_date_buf = [0u8; 16];
    let x_date = write_x_date(params.time, &mut x_date_buf);
    let date = &x_date[..8];
    let mut hash_buf = [0u8; 64];
    let body_hash = hex_into(&Sha256::digest(request.body), &mut hash_buf);
    let token: Option<&'a str> = params.session_token.filter(|t| !t.is_empty());
    let add_content_type =
        request.method != "GET" && !request.headers.iter().any(|(n, _)| *n == CONTENT_TYPE);

    // The signed headers: the request's own (minus those the signer sets), then the added
    // ones; a later header wins over an earlier one of the same lower-case name.
    let mut signed = SignedList::new();
    let added_name = |n: &str| {
        n == X_DATE
            || n == X_CONTENT_SHA256
            || (token.is_some() && n == X_SECURITY_TOKEN)
            || (add_content_type && n == CONTENT_TYPE)
    };
    for (name, value) in request.headers {
        if !added_name(name) && is_signed_header(name) {
            signed.insert(name, value);
        }
    }
    if add_content_type {
        signed.insert(CONTENT_TYPE, DEFAULT_CONTENT_TYPE);
    }
    signed.insert(X_DATE, x_date);
    if let Some(token) = token {
        signed.insert(X_SECURITY_TOKEN, token);
    }
    signed.insert(X_CONTENT_SHA256, body_hash);
    let signed = signed.entries();
    signed.sort_by(|a, b| cmp_lowercase(a.0, b.0));

    let with_buffer = |canonical: &mut String| {
        canonical.push_str(request.method);
        canonical.push('\n');
        if request.path.is_empty() {
            canonical.push('/');
        } else if request.path.bytes().all(|b| b == b'/' || is_unreserved(b)) {
            canonical.push_str(request.path);
        } else {
            canonical.extend(utf8_percent_encode(request.path, PATH));
        }
        canonical.push('\n');
        push_canonical_query(canonical, request.query);
        canonical.push('\n');
        for (name, value) in signed.iter() {
            push_lowercase(canonical, name);
            canonical.push(':');
            if name.eq_ignore_ascii_case("host") {
                canonical.push_str(canonical_host(value));
            } else {
                canonical.push_str(value);
            }
            canonical.push('\n');
        }
        canonical.push('\n');
        // The signed header names, written once here and reused in `Authorization`.
        let names_start = canonical.len();
        for (i, (name, _)) in signed.iter().enumerate() {
            if i > 0 {
                canonical.push(';');
            }
            push_lowercase(canonical, name);
        }
        let names = names_start..canonical.len();
        canonical.push('\n');
        canonical.push_str(body_hash);
        let mut canonical_hash_buf = [0u8; 64];
        let canonical_hash = hex_into(
            &Sha256::digest(canonical.as_bytes()),
            &mut canonical_hash_buf,
        );

        // `Authorization` up to the signature, while the signed names are still in the buffer.
        let signed_names = canonical.get(names).unwrap_or("");
        let mut authorization = String::with_capacity(
            160 + params.access_key_id.len()
                + params.region.len()
                + params.service.len()
                + signed_names.len(),
        );
        for part in [
            ALGORITHM,
            " Credential=",
            params.access_key_id,
            "/",
            date,
            "/",
            params.region,
            "/",
            params.service,
            "/",
            SCOPE_TERMINATOR,
            ", SignedHeaders=",
            signed_names,
            ", Signature=",
        ] {
            authorization.push_str(part);
        }

        // The string to sign, in the same buffer, hashed in one call.
        canonical.clear();
        for part in [
            ALGORITHM,
            "\n",
            x_date,
            "\n",
            date,
            "/",
            params.region,
            "/",
            params.service,
            "/",
            SCOPE_TERMINATOR,
            "\n",
            canonical_hash,
        ] {
            canonical.push_str(part);
        }
        let key = keys.key(
            params.secret_access_key,
            date,
            params.region,
            params.service,
        );
        let Ok(mut mac) = HmacSha256::new_from_slice(key.as_slice()) else {
            unreachable!("HMAC accepts keys of any length")
        };
        mac.update(canonical.as_bytes());
        let mut signature_buf = [0u8; 64];
        authorization.push_str(hex_into(&mac.finalize().into_bytes(), &mut signature_buf));

        authorization
    };
    // One buffer per thread for the canonical request and the string to sign; it holds the
    // session token when there is one, so it is then zeroized after use.
    let authorization = CANONICAL.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            let authorization = with_buffer(&mut buffer);
            if token.is_some() {
                buffer.zeroize();
            }
            // A request with a huge query does not keep its buffer for the thread's life.
            if buffer.capacity() > 64 * 1024 {
                *buffer = String::with_capacity(512);
            }
            authorization
        }
        Err(_) => with_buffer(&mut Zeroizing::new(String::with_capacity(512))),
    });
    SignedHeaders {
        content_type_added: add_content_type,
        x_date: x_date_buf,
        session_token: token,
        content_sha256: hash_buf,
        authorization,
    }
}

thread_local! {
    static CANONICAL: RefCell<String> = RefCell::new(String::with_capacity(512));
}

/// The signed headers of one request: inline for the usual handful, on the heap beyond.
struct SignedList<'a> {
    inline: [(&'a str, &'a str); 12],
    len: usize,
    heap: Vec<(&'a str, &'a str)>,
}

impl<'a> SignedList<'a> {
    fn new() -> Self {
        Self {
            inline: [("", ""); 12],
            len: 0,
            heap: Vec::new(),
        }
    }

    fn entries(&mut self) -> &mut [(&'a str, &'a str)] {
        if self.heap.is_empty() {
            &mut self.inline[..self.len]
        } else {
            &mut self.heap
        }
    }

    /// Adds a signed header; one of the same lower-case name is replaced, as the later one
    /// wins.
    fn insert(&mut self, name: &'a str, value: &'a str) {
        if let Some(slot) = self
            .entries()
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            *slot = (name, value);
        } else if self.heap.is_empty() && self.len < self.inline.len() {
            self.inline[self.len] = (name, value);
            self.len += 1;
        } else {
            if self.heap.is_empty() {
                self.heap.extend_from_slice(&self.inline[..self.len]);
            }
            self.heap.push((name, value));
        }
    }
}

fn cmp_lowercase(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

fn push_lowercase(out: &mut String, name: &str) {
    let start = out.len();
    out.push_str(name);
    if let Some(pushed) = out.get_mut(start..) {
        pushed.make_ascii_lowercase();
    }
}

/// Appends `value` percent-encoded like [`percent_encode`]; a value that needs no escaping
/// (`Action`, `Version`, most field values) is copied as it is.
fn is_unreserved(b: u8) -> bool {
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

fn push_encoded(out: &mut String, value: &str) {
    if value.bytes().all(is_unreserved) {
        out.push_str(value);
    } else {
        out.extend(utf8_percent_encode(value, UNRESERVED));
    }
}

/// Appends the canonical query (see [`canonical_query`]) without building it apart.
fn push_canonical_query(out: &mut String, query: &[(&str, &str)]) {
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
fn hex_into<'b>(bytes: &[u8], buf: &'b mut [u8; 64]) -> &'b str {
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
fn write_x_date(time: OffsetDateTime, buf: &mut [u8; 16]) -> &str {
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

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The signing key: `HMAC(HMAC(HMAC(HMAC(secret, date), region), service), "request")`, with
/// no prefix on the secret. `date` is `YYYYMMDD`.
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac_sha256(secret_access_key.as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    hmac_sha256(&k_service, SCOPE_TERMINATOR.as_bytes())
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

/// A parsed `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// The access key id.
    pub access_key_id: String,
    /// `YYYYMMDD` of the scope.
    pub date: String,
    /// Region of the scope.
    pub region: String,
    /// Service of the scope.
    pub service: String,
    /// The `SignedHeaders` value as sent.
    pub signed_headers: String,
    /// The hex signature as sent.
    pub signature: String,
}

impl ParsedAuthorization {
    /// The credential scope the header names.
    pub fn credential_scope(&self) -> String {
        credential_scope(&self.date, &self.region, &self.service)
    }
}

/// Parses an `Authorization` value written by [`authorization`].
pub fn parse_authorization(value: &str) -> Result<ParsedAuthorization, VerifyError> {
    let malformed = |what: &str| VerifyError::MalformedAuthorization(what.to_owned());
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| malformed("does not start with `HMAC-SHA256 `"))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| malformed("a part is not `key=value`"))?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed_headers = Some(v),
            "Signature" => signature = Some(v),
            _ => return Err(malformed("unknown part")),
        }
    }
    let credential = credential.ok_or_else(|| malformed("no Credential"))?;
    // The access key id comes first and is the only part that could contain a `/`.
    let mut scope = credential.rsplitn(5, '/');
    let terminator = scope.next();
    let service = scope.next();
    let region = scope.next();
    let date = scope.next();
    let ak = scope.next();
    match (ak, date, region, service, terminator) {
        (Some(ak), Some(date), Some(region), Some(service), Some(SCOPE_TERMINATOR)) => {
            Ok(ParsedAuthorization {
                access_key_id: ak.to_owned(),
                date: date.to_owned(),
                region: region.to_owned(),
                service: service.to_owned(),
                signed_headers: signed_headers
                    .ok_or_else(|| malformed("no SignedHeaders"))?
                    .to_owned(),
                signature: signature
                    .ok_or_else(|| malformed("no Signature"))?
                    .to_owned(),
            })
        }
        _ => Err(malformed(
            "Credential is not `<ak>/<date>/<region>/<service>/request`",
        )),
    }
}

/// What [`verify`] found when checking a received request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedRequest {
    /// The parsed `Authorization` header.
    pub authorization: ParsedAuthorization,
    /// The signing time from `X-Date`; the caller decides how much clock skew it accepts.
    pub time: OffsetDateTime,
}

/// Why a received request does not carry a valid signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// A header the signature needs is missing.
    #[error("header `{0}` is missing")]
    MissingHeader(String),
    /// The `Authorization` header cannot be parsed.
    #[error("malformed Authorization header: {0}")]
    MalformedAuthorization(String),
    /// `X-Date` is not `YYYYMMDDTHHMMSSZ`, or its date differs from the scope's.
    #[error(
        "X-Date {x_date:?} is malformed or does not match the credential scope date {scope_date:?}"
    )]
    BadDate {
        /// The `X-Date` value.
        x_date: String,
        /// The date in the credential scope.
        scope_date: String,
    },
    /// `X-Content-Sha256` is not the hash of the body that arrived.
    #[error("X-Content-Sha256 does not match the body")]
    BodyHashMismatch,
    /// The signature differs from the one computed here; the expected canonical request and
    /// string to sign help to find out why.
    #[error("signature does not match")]
    SignatureMismatch {
        /// The canonical request computed from the received request.
        canonical_request: String,
        /// The string to sign computed from it.
        string_to_sign: String,
    },
}

/// Verifies the signature of a received request, given the secret key of the access key id it
/// names (read it first with [`parse_authorization`] to look the secret up).
///
/// Headers are matched case-insensitively, the headers checked are those listed in
/// `SignedHeaders`, and the signature is compared in constant time. Clock skew is not checked:
/// compare [`VerifiedRequest::time`] with the current time.
pub fn verify(
    request: &SignableRequest<'_>,
    secret_access_key: &str,
) -> Result<VerifiedRequest, VerifyError> {
    let header = |name: &str| {
        request
            .headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    let auth = header(AUTHORIZATION)
        .ok_or_else(|| VerifyError::MissingHeader(AUTHORIZATION.to_owned()))?;
    let auth = parse_authorization(auth)?;
    let x_date = header(X_DATE).ok_or_else(|| VerifyError::MissingHeader(X_DATE.to_owned()))?;
    let time = parse_x_date(x_date)
        .filter(|_| x_date.get(..8) == Some(auth.date.as_str()))
        .ok_or_else(|| VerifyError::BadDate {
            x_date: x_date.to_owned(),
            scope_date: auth.date.clone(),
        })?;
    let body_sha256 = sha256_hex(request.body);
    if let Some(sent) = header(X_CONTENT_SHA256) {
        if !sent.eq_ignore_ascii_case(&body_sha256) {
            return Err(VerifyError::BodyHashMismatch);
        }
    }
    let headers = CanonicalHeaders::select(request.headers, &auth.signed_headers)?;
    let canonical_request = canonical_request(
        request.method,
        request.path,
        request.query,
        &headers,
        &body_sha256,
    );
    let string_to_sign = string_to_sign(x_date, &auth.credential_scope(), &canonical_request);
    let key = signing_key(secret_access_key, &auth.date, &auth.region, &auth.service);
    let expected_ok = hex::decode(&auth.signature).ok().is_some_and(|sent| {
        let Ok(mut mac) = HmacSha256::new_from_slice(&key) else {
            return false;
        };
        mac.update(string_to_sign.as_bytes());
        mac.verify_slice(&sent).is_ok()
    });
    if expected_ok {
        Ok(VerifiedRequest {
            authorization: auth,
            time,
        })
    } else {
        Err(VerifyError::SignatureMismatch {
            canonical_request,
            string_to_sign,
        })
    }
}

#[cfg(test)]
mod tests {
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
}
