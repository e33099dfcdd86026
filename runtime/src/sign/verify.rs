//! Checking a received request's signature from scratch, for servers and test doubles.

use hmac::{KeyInit, Mac};

use super::{
    canonical_request, credential_scope, parse_x_date, sha256_hex, signing_key, string_to_sign,
    CanonicalHeaders, HmacSha256, OffsetDateTime, SignableRequest, ALGORITHM, AUTHORIZATION,
    SCOPE_TERMINATOR, X_CONTENT_SHA256, X_DATE,
};

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

/// Parses an `Authorization` value written by [`authorization`](super::authorization).
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
