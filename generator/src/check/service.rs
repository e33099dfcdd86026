//! The service: its signing name, endpoints, and the name of the crate to generate.

use std::collections::BTreeSet;

use super::names::{KEYWORDS, RESERVED_CRATE_NAMES};
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::ServiceModel;
use crate::spec;

/// Checks the service; `None` when the crate name cannot be used at all.
pub(super) fn check(service: &spec::Service, sink: &mut Sink) -> Option<ServiceModel> {
    if service.name.is_empty()
        || !service
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_')
    {
        sink.error(
            "service.name",
            format!("service name {:?} must be lower-case letters", service.name),
        );
    }
    if service.endpoints.is_empty() {
        sink.error("service.endpoints", "at least one endpoint is needed");
    }
    let mut providers = BTreeSet::new();
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
        if !providers.insert(endpoint.provider) {
            sink.error(
                format!("service.endpoints[{i}].provider"),
                "a provider is listed twice",
            );
        }
    }
    let crate_ident = crate_ident(&service.crate_name, sink)?;
    Some(ServiceModel {
        name: service.name.clone(),
        version: service.version.clone(),
        crate_name: service.crate_name.clone(),
        crate_ident,
        crate_version: service.crate_version.clone(),
        title: service.title.clone(),
        docs: service.docs.clone(),
        endpoints: service.endpoints.clone(),
        notes: service.notes.clone(),
    })
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
