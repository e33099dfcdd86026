//! Changes to the service and its actions.

use std::collections::BTreeMap;

use super::prose::{shape_name, ty_name};
use super::{ChangeKind, Differ, Impact};
use crate::model::{EndpointSpec, MethodSpec};

impl<'m> Differ<'m> {
    pub(super) fn service(&mut self) {
        use ChangeKind as K;
        use Impact::{Breaking, Compatible};
        let (o, n) = (&self.old.service, &self.new.service);
        if o.name != n.name {
            self.push(
                "service.name",
                K::ServiceName,
                Breaking,
                format!(
                    "service name `{}` -> `{}`: requests are signed for another service",
                    o.name, n.name
                ),
            );
        }
        if o.version != n.version {
            self.push("service.version", K::ServiceVersion, Breaking, format!("API version `{}` -> `{}`: every request sends the new `Version`, which the service may answer differently", o.version, n.version));
        }
        if o.crate_name != n.crate_name {
            self.push(
                "service.crate_name",
                K::CrateName,
                Breaking,
                format!(
                    "package `{}` -> `{}`: dependents must change their Cargo.toml and their paths",
                    o.crate_name, n.crate_name
                ),
            );
        }
        if o.title != n.title {
            self.push(
                "service.title",
                K::ServiceDocs,
                Compatible,
                "title changed (crate docs and README)",
            );
        }
        if o.docs != n.docs {
            self.push(
                "service.docs",
                K::ServiceDocs,
                Compatible,
                "description changed (crate docs and README)",
            );
        }
        if o.notes != n.notes {
            let added = n.notes.iter().filter(|x| !o.notes.contains(x)).count();
            let removed = o.notes.iter().filter(|x| !n.notes.contains(x)).count();
            let what = if added == 0 && removed == 0 {
                "reordered".to_owned()
            } else {
                format!("{added} added, {removed} removed")
            };
            self.push(
                "service.notes",
                K::ServiceNotes,
                Compatible,
                format!("notes {what} (generated README only)"),
            );
        }
        self.endpoints(&o.endpoints, &n.endpoints);
        self.error_codes();
    }

    /// Constants of `error_codes` added and removed.
    fn error_codes(&mut self) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking};
        let (old, new) = (&self.old.error_codes, &self.new.error_codes);
        for code in old {
            if !new.iter().any(|c| c.constant == code.constant) {
                self.push(
                    format!("error_codes.{}", code.code),
                    K::ErrorCodeRemoved,
                    Breaking,
                    format!(
                        "error code `{}` no longer documented: the constant `error_codes::{}` is gone",
                        code.code, code.constant
                    ),
                );
            }
        }
        for code in new {
            if !old.iter().any(|c| c.constant == code.constant) {
                self.push(
                    format!("error_codes.{}", code.code),
                    K::ErrorCodeAdded,
                    Addition,
                    format!(
                        "error code `{}` documented: the constant `error_codes::{}`",
                        code.code, code.constant
                    ),
                );
            }
        }
    }

    fn endpoints(&mut self, old: &'m [EndpointSpec], new: &'m [EndpointSpec]) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking};
        type Key = (&'static str, String);
        let by_key = |list: &'m [EndpointSpec]| -> BTreeMap<Key, &'m EndpointSpec> {
            list.iter()
                .map(|e| ((e.provider.as_str(), e.region.clone()), e))
                .collect()
        };
        let (olds, news) = (by_key(old), by_key(new));
        for ((provider, region), o) in &olds {
            let path = format!("service.endpoints.{provider}.{region}");
            let Some(n) = news.get(&(*provider, region.clone())) else {
                self.push(path, K::EndpointRemoved, Breaking, format!("no `{provider}` preset for region `{region}` any more: `Client::new` with that provider and region fails unless the configuration sets an endpoint"));
                continue;
            };
            if o.url != n.url {
                self.push(path, K::EndpointChanged, Breaking, format!("`{provider}` `{region}` URL `{}` -> `{}`: requests of clients using the preset go to another address", o.url, n.url));
            }
        }
        for ((provider, region), n) in &news {
            if !olds.contains_key(&(*provider, region.clone())) {
                self.push(
                    format!("service.endpoints.{provider}.{region}"),
                    K::EndpointAdded,
                    Addition,
                    format!(
                        "new `{provider}` endpoint preset for region `{region}`: `{}`",
                        n.url
                    ),
                );
            }
        }
        // A client configured with a provider and no region calls that provider's first preset.
        let defaults = |list: &'m [EndpointSpec]| -> BTreeMap<&'static str, &'m str> {
            let mut first = BTreeMap::new();
            for e in list {
                first
                    .entry(e.provider.as_str())
                    .or_insert(e.region.as_str());
            }
            first
        };
        let (old_defaults, new_defaults) = (defaults(old), defaults(new));
        for (provider, o) in &old_defaults {
            if let Some(n) = new_defaults.get(provider).filter(|n| *n != o) {
                self.push(format!("service.endpoints.{provider}"), K::EndpointChanged, Breaking, format!("`{provider}` default region `{o}` -> `{n}`: clients that set no region call another region"));
            }
        }
        let order = |list: &[EndpointSpec], other: &BTreeMap<Key, &EndpointSpec>| -> Vec<String> {
            list.iter()
                .filter(|e| other.contains_key(&(e.provider.as_str(), e.region.clone())))
                .map(|e| format!("{}/{}", e.provider.as_str(), e.region))
                .collect()
        };
        let (old_order, new_order) = (order(old, &news), order(new, &olds));
        if old_order != new_order {
            self.push("service.endpoints", K::EndpointOrder, Impact::Compatible, format!("endpoint order {} -> {}: the client picks its preset by provider and region, so only the order of `SERVICE.endpoints` changes", old_order.join(", "), new_order.join(", ")));
        }
    }

    pub(super) fn actions(&mut self) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let olds: BTreeMap<&str, _> = self
            .old
            .actions
            .iter()
            .map(|a| (a.name.as_str(), a))
            .collect();
        let news: BTreeMap<&str, _> = self
            .new
            .actions
            .iter()
            .map(|a| (a.name.as_str(), a))
            .collect();
        for (name, o) in &olds {
            let path = format!("actions.{name}");
            let Some(n) = news.get(name) else {
                self.push(path, K::ActionRemoved, Breaking, format!("action `{name}` removed: `Client::{}`, the module `{}`, `{name}Call` and `{name}Output` are gone", o.snake, o.snake));
                continue;
            };
            if o.method != n.method {
                self.push(
                    path.clone(),
                    K::ActionMethod,
                    Breaking,
                    format!(
                        "HTTP method {} -> {}: the request travels differently on the wire ({})",
                        o.method.as_str(),
                        n.method.as_str(),
                        match n.method {
                            MethodSpec::Get => "fields in the query string",
                            MethodSpec::Post => "fields in a JSON body",
                        }
                    ),
                );
            }
            if o.version != n.version && (o.own_version || n.own_version) {
                self.push(
                    path.clone(),
                    K::ActionVersion,
                    Breaking,
                    format!(
                        "API version `{}` -> `{}`: the action is called as another API, which the service may answer differently",
                        o.version, n.version
                    ),
                );
            }
            match (&o.feature, &n.feature) {
                (None, Some(feature)) => self.push(
                    path.clone(),
                    K::ActionFeature,
                    Impact::Addition,
                    format!("compiled with the new cargo feature `{feature}` (on by default, through `all`)"),
                ),
                (Some(feature), None) => self.push(
                    path.clone(),
                    K::ActionFeature,
                    Breaking,
                    format!("the cargo feature `{feature}` is gone (the action is always compiled): a Cargo.toml that names it no longer resolves"),
                ),
                (Some(old), Some(new)) if old != new => self.push(
                    path.clone(),
                    K::ActionFeature,
                    Breaking,
                    format!("cargo feature `{old}` -> `{new}`: a Cargo.toml that names the old one no longer resolves"),
                ),
                _ => {}
            }
            let (oi, ni) = (shape_name(self.old, o.input), shape_name(self.new, n.input));
            if oi != ni {
                self.push(
                    path.clone(),
                    K::ActionInput,
                    Breaking,
                    format!(
                        "input `{oi}` -> `{ni}`: the call of `Client::{}` now sets the fields of `{ni}`, and `Client::send` takes `&{ni}` for it",
                        n.snake
                    ),
                );
            }
            let (or, nr) = (
                o.result.as_ref().map(|r| ty_name(self.old, r)),
                n.result.as_ref().map(|r| ty_name(self.new, r)),
            );
            match (or, nr) {
                (None, Some(nr)) => self.push(path.clone(), K::ActionResult, Addition, format!("now returns a result `{nr}`: `{name}Output` gains the public field `result` (the struct is `#[non_exhaustive]`)")),
                (Some(or), None) => self.push(path.clone(), K::ActionResult, Breaking, format!("no longer returns a result: the field `result` (`{or}`) of `{name}Output` is gone")),
                (Some(or), Some(nr)) if or != nr => self.push(path.clone(), K::ActionResult, Breaking, format!("result `{or}` -> `{nr}`: the field `result` of `{name}Output` changes type")),
                _ => {}
            }
            if o.rate_limit_per_second != n.rate_limit_per_second {
                let shown =
                    |r: Option<u32>| r.map_or_else(|| "none".to_owned(), |r| format!("{r}/s"));
                self.push(
                    path.clone(),
                    K::ActionRateLimit,
                    Compatible,
                    format!(
                        "documented rate limit {} -> {} (docs only: the client does not throttle)",
                        shown(o.rate_limit_per_second),
                        shown(n.rate_limit_per_second)
                    ),
                );
            }
            if o.idempotent != n.idempotent {
                let what = if n.idempotent {
                    "now idempotent: retried after a failure that may have reached the service (a timeout after sending, a 5xx)"
                } else {
                    "no longer idempotent: not retried after a failure that may have reached the service"
                };
                self.push(path.clone(), K::ActionIdempotent, Compatible, what);
            }
            if o.docs != n.docs {
                self.push(path, K::ActionDocs, Compatible, "docs changed");
            }
        }
        for (name, n) in &news {
            if !olds.contains_key(name) {
                self.push(
                    format!("actions.{name}"),
                    K::ActionAdded,
                    Addition,
                    format!(
                        "new action `{name}`: `Client::{}` (returning `{name}Call`) and the module `{}`",
                        n.snake, n.snake
                    ),
                );
            }
        }
    }
}
