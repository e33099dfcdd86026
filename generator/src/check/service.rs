//! The service: its signing name, endpoints, and the name of the crate to generate.

use std::collections::BTreeMap;

use super::names::{KEYWORDS, RESERVED_CRATE_NAMES};
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::ServiceModel;
use crate::spec;

/// Checks the service; `None` when the crate name cannot be used at all.
pub(super) fn check(service: &spec::Service, sink: &mut Sink) -> Option<ServiceModel> {
    if !is_service_name(&service.name) {
        sink.push(
            Diagnostic::new(
                "service.name",
                format!(
                    "service name {:?} must be ASCII letters and digits, starting with a letter",
                    service.name
                ),
            )
            .with_hint("write it as the service signs, e.g. `live`, `ImageX`, `iPaaS`"),
        );
    }
    version("service.version", &service.version, sink);
    if service.endpoints.is_empty() {
        sink.error("service.endpoints", "at least one endpoint is needed");
    }
    let mut seen: BTreeMap<(spec::ProviderSpec, &str), usize> = BTreeMap::new();
    for (i, endpoint) in service.endpoints.iter().enumerate() {
        if !endpoint.url.starts_with("https://") {
            sink.push(
                Diagnostic::new(
                    format!("service.endpoints[{i}].url"),
                    format!("endpoint {:?} is not https", endpoint.url),
                )
                .with_hint(
                    "presets must be https; plain http is for explicit overrides in the client config",
                ),
            );
        }
        if !is_region(&endpoint.region) {
            sink.push(
                Diagnostic::new(
                    format!("service.endpoints[{i}].region"),
                    format!(
                        "region {:?} must be lower-case letters, digits and `-`",
                        endpoint.region
                    ),
                )
                .with_hint("a region is like `cn-north-1` or `ap-singapore-1`"),
            );
        }
        if let Some(first) = seen.insert((endpoint.provider, endpoint.region.as_str()), i) {
            sink.push(
                Diagnostic::new(
                    format!("service.endpoints[{i}].region"),
                    format!(
                        "provider `{}` is listed twice for region `{}`",
                        endpoint.provider.as_str(),
                        endpoint.region
                    ),
                )
                .with_hint(format!(
                    "the first is service.endpoints[{first}]; list each region of a provider once"
                )),
            );
        }
    }
    let crate_name = service
        .crate_name
        .clone()
        .unwrap_or_else(|| format!("volc-{}", service.name.to_ascii_lowercase()));
    let crate_ident = crate_ident(&crate_name, sink)?;
    Some(ServiceModel {
        name: service.name.clone(),
        version: service.version.clone(),
        crate_name,
        crate_ident,
        crate_version: service.crate_version.clone(),
        title: service
            .title
            .or_else(|| format!("Volcengine {}", service.name)),
        docs: service.docs.clone(),
        endpoints: service.endpoints.clone(),
        notes: service.notes.clone(),
    })
}

/// A signing name: ASCII letters and digits, starting with a letter (the credential scope is
/// `/`-separated, and the name becomes part of a crate name).
fn is_service_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A region name as Volcengine writes them (`cn-north-1`): it is part of the credential scope.
fn is_region(region: &str) -> bool {
    region.starts_with(|c: char| c.is_ascii_lowercase())
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks an API version: `YYYY-MM-DD`, as every Volcengine version is written.
pub(super) fn version(path: &str, text: &str, sink: &mut Sink) {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = text.split('-').collect();
    let well_formed = matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
        && parts[1].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && parts[2].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    if !well_formed {
        sink.push(
            Diagnostic::new(
                path,
                format!("API version {text:?} is not a date `YYYY-MM-DD`"),
            )
            .with_hint("Volcengine versions are dates, e.g. `2023-01-01`"),
        );
    }
}

/// Cargo's rules for a package name, and the crate's name in Rust (`-` -> `_`) must be an
/// identifier: the generated README's example says `use volc_live_callback::...`.
fn crate_ident(name: &str, sink: &mut Sink) -> Option<String> {
    let rust_name = name.replace('-', "_");
    let problem = if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        Some("must start with a lower-case letter")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        Some("may hold only lower-case letters, digits, `-` and `_`")
    } else if KEYWORDS.contains(&rust_name.as_str()) {
        Some("is a Rust keyword")
    } else if RESERVED_CRATE_NAMES.contains(&rust_name.as_str()) {
        Some("is the name of a crate the generated crate uses")
    } else {
        None
    };
    match problem {
        Some(problem) => {
            sink.push(
                Diagnostic::new(
                    "service.crate_name",
                    format!("crate name {name:?} {problem}"),
                )
                .with_hint("a crate name is like `volc-live-callback`"),
            );
            None
        }
        None => Some(rust_name),
    }
}
