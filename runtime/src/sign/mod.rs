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

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::credentials::Credentials;

mod canonical;
#[cfg(test)]
mod tests;
mod verify;

pub use canonical::{
    authorization, canonical_host, canonical_path, canonical_query, canonical_request,
    credential_scope, format_x_date, is_signed_header, parse_query, parse_x_date, percent_encode,
    sha256_hex, signature, signing_key, string_to_sign, CanonicalHeaders,
};
use canonical::{
    cmp_lowercase, hex_into, is_unreserved, push_canonical_query, push_lowercase, write_x_date,
};
pub use verify::{parse_authorization, verify, ParsedAuthorization, VerifiedRequest, VerifyError};

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
/// replaced or dropped, and so are the intermediate keys of each derivation and the HMAC and
/// SHA-256 states (hmac and sha2 with their `zeroize` feature). Shared by every task of a
/// client: lookups take a read lock.
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
        let signing = Signing {
            request,
            params,
            signed,
            body_hash,
            x_date,
        };
        signing.authorization(canonical, keys)
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

/// What [`sign_headers`] has gathered before it writes the canonical request.
struct Signing<'r, 'p> {
    request: &'r SignableRequest<'r>,
    params: &'r SigningParams<'p>,
    signed: &'r [(&'r str, &'r str)],
    body_hash: &'r str,
    x_date: &'r str,
}

impl Signing<'_, '_> {
    /// The `Authorization` value: the canonical request and then the string to sign are
    /// written into `canonical` (a reused buffer) and hashed.
    fn authorization(&self, canonical: &mut String, keys: &SigningKeyCache) -> String {
        let Self {
            request,
            params,
            signed,
            body_hash,
            x_date,
        } = *self;
        let date = &x_date[..8];
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
