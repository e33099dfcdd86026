//! The Rust files of the crate: the crate root, `types`, `client`, and one module per action
//! holding its request, the shapes only it uses, its output and its `Operation` impl.

use proc_macro2::TokenStream;
use quote::quote;

use super::call::call_struct;
#[cfg(feature = "crate")]
use super::docs::inner_docs;
use super::docs::{bilingual, doc_paragraphs, escape};
use super::events::events_rs;
use super::names::{ident, rust_type, Side};
use super::request::request_struct;
use super::response::response_struct;
use super::scalars::{enumeration, string_type};
use super::uses::Uses;
use super::variants::{one_of, switch};
use super::EmitError;
use crate::model::{
    ActionModel, Form, Home, MethodSpec, Model, Parameters, ProviderSpec, ShapeModel,
};
use crate::text::code_span;

/// One Rust file of the crate, or one inline module of a build script's output.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Lib,
    Types,
    Client,
    Action(usize),
    Events,
}

/// Every Rust file, the largest (for big specs) first so that workers finish together.
pub fn jobs(model: &Model) -> Vec<Job> {
    let mut jobs = Vec::with_capacity(model.actions.len() + 3);
    if has_types_module(model) {
        jobs.push(Job::Types);
    }
    if model.events.is_some() {
        jobs.push(Job::Events);
    }
    jobs.extend([Job::Client, Job::Lib]);
    jobs.extend((0..model.actions.len()).map(Job::Action));
    jobs
}

/// The `types` module exists when something lives in it.
fn has_types_module(model: &Model) -> bool {
    !(model.enums.is_empty()
        && model.strings.is_empty()
        && model.shapes.iter().all(|s| s.home != Home::Types))
}

/// The file of a job, relative to the crate root.
#[cfg(feature = "crate")]
pub fn path(model: &Model, job: Job) -> String {
    match job {
        Job::Lib => "src/lib.rs".to_owned(),
        Job::Types => "src/types.rs".to_owned(),
        Job::Client => "src/client.rs".to_owned(),
        Job::Events => "src/events.rs".to_owned(),
        Job::Action(i) => model.actions.get(i).map_or_else(
            || format!("src/action{i}.rs"),
            |a| format!("src/{}.rs", a.bare),
        ),
    }
}

/// The tokens of a job's file in a crate.
#[cfg(feature = "crate")]
pub fn tokens(model: &Model, job: Job, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    match job {
        Job::Lib => Ok(lib_rs(model, runtime)),
        Job::Types => types_rs(model, runtime),
        Job::Client => client_rs(model, runtime),
        Job::Events => {
            let docs = model.events.as_ref().map(|e| inner_docs(&e.docs));
            let body = events_rs(model, runtime)?;
            Ok(quote!(#docs #body))
        }
        Job::Action(i) => {
            let action = action_at(model, i)?;
            let docs = inner_docs(&action.docs);
            let body = action_rs(model, i, action, runtime)?;
            Ok(quote!(#docs #body))
        }
    }
}

fn action_at(model: &Model, index: usize) -> Result<&ActionModel, EmitError> {
    model
        .actions
        .get(index)
        .ok_or_else(|| EmitError::invariant("the crate", format!("no action #{index}")))
}

/// The whole client as one file of items to `include!` in a module (what a build script
/// writes): the crate root's items, and every other file as an inline module. Paths inside
/// are relative, so the module can sit anywhere in the including crate.
pub fn module_file(model: &Model, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let mut modules = Vec::new();
    for job in jobs(model) {
        let module = match job {
            Job::Lib => continue,
            Job::Types => {
                let (docs, body) = (types_docs(), types_rs(model, runtime)?);
                quote!(#docs pub mod types { #body })
            }
            Job::Client => {
                let body = client_rs(model, runtime)?;
                quote!(mod client { #body })
            }
            Job::Events => {
                let docs = model.events.as_ref().map(events_module_docs);
                let body = events_rs(model, runtime)?;
                quote!(#docs pub mod events { #body })
            }
            Job::Action(i) => {
                // One block of outer docs: the module's line, then the action's docs.
                let action = action_at(model, i)?;
                let line = format!("`{}`: its request, builder and output.", action.name);
                let docs = doc_paragraphs([
                    line.as_str(),
                    escape(&action.docs.en).as_str(),
                    escape(&action.docs.zh).as_str(),
                ]);
                let name = ident(&action.snake);
                let body = action_rs(model, i, action, runtime)?;
                quote!(#docs pub mod #name { #body })
            }
        };
        modules.push(module);
    }
    let root = root_items(model, runtime);
    Ok(quote! {
        #(#modules)*
        #root
    })
}

fn events_module_docs(events: &crate::model::EventsModel) -> TokenStream {
    doc_paragraphs([
        "The callback events: verify and decode what the service POSTs to your endpoint.",
        escape(&events.docs.en).as_str(),
        escape(&events.docs.zh).as_str(),
    ])
}

fn types_docs() -> TokenStream {
    quote!(
        /// Enums, constrained strings and the shapes several actions share.
    )
}

#[cfg(feature = "crate")]
fn action_module_docs(action: &ActionModel) -> TokenStream {
    let mut line = format!("`{}`: its request, builder and output.", action.name);
    if let Some(feature) = &action.feature {
        line.push_str(&format!(
            " Compiled with the cargo feature `{feature}` (on by default, through `all`)."
        ));
    }
    doc_paragraphs([line.as_str()])
}

/// The features under which something of `types` is compiled, when every item of it is
/// gated; `None` when something is always compiled.
fn types_features(model: &Model) -> Option<Vec<String>> {
    let mut all = std::collections::BTreeSet::new();
    let items = model
        .enums
        .iter()
        .map(|e| &e.features)
        .chain(model.strings.iter().map(|s| &s.features))
        .chain(
            model
                .shapes
                .iter()
                .filter(|s| s.home == Home::Types)
                .map(|s| &s.features),
        );
    for features in items {
        if features.is_empty() {
            return None;
        }
        all.extend(features.iter().cloned());
    }
    (!all.is_empty()).then(|| all.into_iter().collect())
}

/// `#[cfg(...)]` for any of `features`.
pub(super) fn any_feature<'f>(features: impl IntoIterator<Item = &'f String>) -> TokenStream {
    match features.into_iter().collect::<Vec<_>>().as_slice() {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Each item of `tokens` under `#[cfg]` for any of `features`, placed after its docs.
fn gate_items(tokens: TokenStream, features: &[String]) -> Result<TokenStream, EmitError> {
    use syn::parse::Parser;
    let unparsable =
        |e: syn::Error| EmitError::invariant("types", format!("a gated item does not parse: {e}"));
    let file = syn::parse2::<syn::File>(tokens).map_err(unparsable)?;
    let cfg = syn::Attribute::parse_outer
        .parse2(any_feature(features))
        .map_err(unparsable)?;
    let mut items = file.items;
    for item in &mut items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Macro(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            syn::Item::Trait(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            _ => {
                return Err(EmitError::invariant(
                    "types",
                    "a gated type emits an item the gate does not know",
                ))
            }
        };
        let after_docs = attrs
            .iter()
            .position(|a| !a.path().is_ident("doc"))
            .unwrap_or(attrs.len());
        attrs.splice(after_docs..after_docs, cfg.iter().cloned());
    }
    Ok(quote!(#(#items)*))
}

/// `#[cfg(feature = "...")]` for an item that exists only with `feature`.
pub(super) fn gate(feature: Option<&str>) -> Option<TokenStream> {
    feature.map(|f| quote!(#[cfg(feature = #f)]))
}

/// One shape, in the form the model decided.
pub(super) fn shape(
    model: &Model,
    shape: &ShapeModel,
    here: Home,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let sides: &[Side] = match &shape.form {
        Form::Request(form) if form.decoded.is_some() => &[Side::Request, Side::Decoded],
        Form::Response => &[Side::Decoded],
        Form::Request(_) | Form::OneOf(_) | Form::Switch(_) => &[Side::Request],
    };
    for field in &shape.fields {
        for side in sides {
            uses.add_type(model, &field.ty, field.sensitive, here, *side)?;
        }
    }
    match &shape.form {
        Form::Request(form) => request_struct(model, shape, form, here, uses),
        Form::Response => response_struct(model, shape, uses),
        Form::OneOf(variants) => one_of(model, shape, variants, uses),
        Form::Switch(form) => switch(model, shape, form, uses),
    }
}

#[cfg(feature = "crate")]
fn lib_rs(model: &Model, runtime: &TokenStream) -> TokenStream {
    let modules = model.actions.iter().map(|a| {
        let m = ident(&a.snake);
        let docs = action_module_docs(a);
        let gate = gate(a.feature.as_deref());
        quote!(#docs #gate #[rustfmt::skip] pub mod #m;)
    });
    let types = has_types_module(model).then(|| {
        let docs = types_docs();
        quote! {
            #docs
            #[rustfmt::skip]
            pub mod types;
        }
    });
    let events = model.events.is_some().then(|| {
        quote! {
            /// The callback events: verify and decode what the service POSTs to your endpoint.
            #[cfg(feature = "callback")]
            #[rustfmt::skip]
            pub mod events;
        }
    });
    let root = root_items(model, runtime);
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
        // Generated files are formatted by the generator (prettyplease); rustfmt leaves them alone.
        #![cfg_attr(rustfmt, rustfmt_skip)]

        #[rustfmt::skip]
        mod client;
        #types
        #(#modules)*
        #events

        #root

        /// A fake HTTP client for unit tests of code that calls this crate.
        #[cfg(feature = "test-util")]
        pub use #runtime::test_util;
    }
}

/// What the crate root holds beside its modules: the re-exports and `SERVICE`.
fn root_items(model: &Model, runtime: &TokenStream) -> TokenStream {
    // Every public item of a module is re-exported; type names are unique in the crate.
    let reexports = model.actions.iter().map(|a| {
        let m = ident(&a.snake);
        let gate = gate(a.feature.as_deref());
        quote!(#gate pub use #m::*;)
    });
    // With features, `types` may have nothing compiled in: the re-export is gated as its
    // items are.
    let types_reexport = has_types_module(model).then(|| {
        let gate = types_features(model).map(|features| any_feature(&features));
        quote!(
            #gate
            pub use types::*;
        )
    });
    let service = &model.service;
    let (name, version) = (&service.name, &service.version);
    let endpoints = service.endpoints.iter().map(|e| {
        let provider = match e.provider {
            ProviderSpec::Volcengine => quote!(Provider::Volcengine),
            ProviderSpec::Byteplus => quote!(Provider::BytePlus),
        };
        let (url, region) = (&e.url, &e.region);
        quote!(Endpoint::new(#provider, #url, #region))
    });
    let sdk = format!("{}/{}", service.crate_name, service.crate_version);
    let service_docs = doc_paragraphs([format!(
        "The service this crate calls: `{name}` version `{version}`, and where it is served (the first endpoint is the default)."
    )
    .as_str()]);
    let error_codes = (!model.error_codes.is_empty()).then(|| {
        let constants = model.error_codes.iter().map(|code| {
            let docs = bilingual(&code.docs, &[]);
            let name = ident(&code.constant);
            let value = &code.code;
            quote! {
                #docs
                pub const #name: &str = #value;
            }
        });
        quote! {
            /// The error codes the documentation lists, to compare with `Error::code()`:
            /// `error.code() == Some(error_codes::SOME_CODE)`.
            pub mod error_codes {
                #(#constants)*
            }
        }
    });
    quote! {
        pub use client::Client;
        #(#reexports)*
        #error_codes

        /// A request of this service: every action's request type implements it (and only
        /// they), so [`Client::send`] sends nothing else.
        pub trait Action: #runtime::Operation + sealed::Sealed {}

        mod sealed {
            pub trait Sealed {}
        }
        #types_reexport
        pub use #runtime::{Attempt, CallOptions, Config, ConfigBuilder, Credentials, CredentialsError, CredentialsFuture, DefaultChainProvider, EnvironmentProvider, Error, HttpClient, Interceptor, JsonValue, Outcome, ProfileProvider, ProvideCredentials, Provider, ResponseMetadata, RetryClass, RetryPolicy, Sensitive, ServiceError, TransportError, TransportErrorKind, UnknownValue, ValidationError};
        pub use #runtime::transport;

        use #runtime::{Endpoint, ServiceInfo};

        #service_docs
        pub static SERVICE: ServiceInfo = ServiceInfo::new(#name, #version, &[#(#endpoints),*], #sdk);
    }
}

fn types_rs(model: &Model, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let mut uses = Uses::default();
    let mut items = Vec::new();
    // A type only actions with their own features use is compiled with any of them; what
    // only it imports is too.
    let gated = |features: &[String],
                 uses: &mut Uses,
                 emit: &mut dyn FnMut(&mut Uses) -> Result<TokenStream, EmitError>|
     -> Result<TokenStream, EmitError> {
        if features.is_empty() {
            return emit(uses);
        }
        let mut own = Uses::default();
        let tokens = emit(&mut own)?;
        uses.merge_gated_any(own, features);
        gate_items(tokens, features)
    };
    for e in &model.enums {
        items.push(gated(&e.features, &mut uses, &mut |uses| {
            Ok(enumeration(e, uses))
        })?);
    }
    for s in &model.strings {
        items.push(gated(&s.features, &mut uses, &mut |uses| {
            Ok(string_type(s, uses))
        })?);
    }
    for s in model.shapes.iter().filter(|s| s.home == Home::Types) {
        items.push(gated(&s.features, &mut uses, &mut |uses| {
            shape(model, s, Home::Types, uses)
        })?);
    }
    let uses = uses.to_tokens(runtime);
    Ok(quote! {
        #uses
        #(#items)*
    })
}

fn action_rs(
    model: &Model,
    index: usize,
    action: &ActionModel,
    runtime: &TokenStream,
) -> Result<TokenStream, EmitError> {
    let here = Home::Action(index);
    let mut uses = Uses::default();
    let mut items = Vec::new();
    for s in model.shapes.iter().filter(|s| s.home == here) {
        items.push(shape(model, s, here, &mut uses)?);
    }
    let output = output_struct(model, action, here, &mut uses)?;
    let operation = operation_impl(model, action, &mut uses)?;
    let call = call_struct(model, action, here, &mut uses)?;
    let uses = uses.to_tokens(runtime);
    Ok(quote! {
        #uses

        #(#items)*

        #output

        #operation

        #call
    })
}

/// `{Action}Output`: the response metadata, and the result when the action returns one.
fn output_struct(
    model: &Model,
    action: &ActionModel,
    here: Home,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    uses.add("serde::Deserialize");
    uses.add("volc_runtime::ResponseMetadata");
    let name = ident(&action.output);
    let method = &action.bare;
    let result = match &action.result {
        Some(r) => {
            uses.add_type(model, r, false, here, Side::Decoded)?;
            uses.add("volc_runtime::de::null_as_default");
            let ty = rust_type(model, r, false, Side::Decoded)?;
            Some(quote! {
                /// The action's result (decoded leniently); empty when the response carries none.
                #[serde(rename = "Result", default, deserialize_with = "null_as_default")]
                pub result: #ty,
            })
        }
        None => None,
    };
    let what = if result.is_some() {
        "the response metadata and the result"
    } else {
        "the response metadata; this action returns no result"
    };
    let docs = doc_paragraphs([format!(
        "What a call of [`Client::{method}`](super::Client::{method}) returns: {what}."
    )
    .as_str()]);
    let eq = action
        .result
        .as_ref()
        .is_none_or(|r| model.is_eq(r))
        .then(|| quote!(Eq,));
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq, #eq Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            /// Metadata of the response; `request_id` identifies the call.
            #[serde(rename = "ResponseMetadata", default)]
            pub response_metadata: ResponseMetadata,
            #result
        }

        impl #name {
            /// The RequestId the service gave the call; quote it to support.
            #[inline]
            pub fn request_id(&self) -> &str {
                &self.response_metadata.request_id
            }
        }

        impl AsRef<ResponseMetadata> for #name {
            fn as_ref(&self) -> &ResponseMetadata {
                &self.response_metadata
            }
        }
    })
}

/// What ties the request type to its action.
fn operation_impl(
    model: &Model,
    action: &ActionModel,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    uses.add("volc_runtime::HttpMethod");
    uses.add("volc_runtime::Operation");
    let input = model
        .shapes
        .get(action.input)
        .ok_or_else(|| EmitError::invariant(&action.name, "the input shape does not exist"))?;
    let input = ident(&input.rust_name);
    let output = ident(&action.output);
    let name = &action.name;
    let method = match action.method {
        MethodSpec::Get => quote!(Get),
        MethodSpec::Post => quote!(Post),
    };
    let idempotent = action.idempotent;
    let version = action.own_version.then(|| {
        let version = &action.version;
        quote!(const VERSION: Option<&'static str> = Some(#version);)
    });
    let parameters = match (&action.method, &action.parameters) {
        (MethodSpec::Post, Parameters::Query) => {
            uses.add("volc_runtime::Parameters");
            Some(quote!(
                const PARAMETERS: Parameters = Parameters::Query;
            ))
        }
        (MethodSpec::Post, Parameters::QueryAndJsonBody { query, both }) if both.is_empty() => {
            uses.add("volc_runtime::Parameters");
            Some(quote!(
                const PARAMETERS: Parameters = Parameters::QueryAndJsonBody(&[#(#query),*]);
            ))
        }
        (MethodSpec::Post, Parameters::QueryAndJsonBody { query, both }) => {
            uses.add("volc_runtime::Parameters");
            Some(quote!(
                const PARAMETERS: Parameters = Parameters::Split {
                    query: &[#(#query),*],
                    both: &[#(#both),*],
                };
            ))
        }
        _ => None,
    };
    Ok(quote! {
        impl super::sealed::Sealed for #input {}

        impl super::Action for #input {}

        impl Operation for #input {
            const ACTION: &'static str = #name;
            const METHOD: HttpMethod = HttpMethod::#method;
            #version
            #parameters
            const IDEMPOTENT: bool = #idempotent;
            type Output = #output;
        }
    })
}

/// `, `A` in the query string, `B` in the query string and the body`.
pub(super) fn query_phrase(query: &[String], both: &[String]) -> String {
    let spans = |names: &[String]| -> String {
        names
            .iter()
            .map(|n| code_span(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    if !query.is_empty() {
        out.push_str(&format!(", {} in the query string", spans(query)));
    }
    if !both.is_empty() {
        out.push_str(&format!(
            ", {} in the query string and the body",
            spans(both)
        ));
    }
    out
}

fn client_rs(model: &Model, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let methods = model
        .actions
        .iter()
        .map(|action| {
            let method = ident(&action.snake);
            let mut call = format!(
                "Calls `{}` (`{}`, version `{}`",
                action.name,
                action.method.as_str(),
                action.version
            );
            match (&action.method, &action.parameters) {
                (MethodSpec::Post, Parameters::Query) => {
                    call.push_str(", every field in the query string");
                }
                (MethodSpec::Post, Parameters::QueryAndJsonBody { query, both }) => {
                    call.push_str(&query_phrase(query, both));
                }
                _ => {}
            }
            if let Some(limit) = action.rate_limit_per_second {
                call.push_str(&format!(
                    ", at most {limit} requests per second per account"
                ));
            }
            let codes: Vec<String> = action
                .errors
                .iter()
                .filter_map(|i| model.error_codes.get(*i))
                .map(|c| format!("[`{0}`](super::error_codes::{0})", c.constant))
                .collect();
            call.push_str(&format!(
                "). Set the request's fields on the returned [`{}`], then `send()` it; it fails as the [`Client`] docs say.",
                action.call
            ));
            if !codes.is_empty() {
                call.push_str(&format!(
                    " Its documented error codes: {}.",
                    codes.join(", ")
                ));
            }
            if let Some(feature) = &action.feature {
                call.push_str(&format!(" Needs the cargo feature `{feature}` (on by default)."));
            }
            let docs = bilingual(&action.docs, &[call]);
            let call_type = ident(&action.call);
            let gate = gate(action.feature.as_deref());
            Ok(quote! {
                #docs
                #gate
                #[inline]
                pub fn #method(&self) -> #call_type {
                    #call_type::new(self.clone())
                }
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let title = &model.service.title.en;
    let docs = doc_paragraphs([format!("The client of {title}: one method per action, which returns the action's fluent call: set the request's fields, then `send()` it. [`Client::send`] sends a request built ahead of time.\n\nA request is checked when it is built (a fluent call builds it in `send`), so the client checks nothing more before it signs and sends; it retries what the [`RetryPolicy`] allows and decodes the answer or the service's error.\n\n# Errors\n\nEvery method returns [`Error::Service`] when the service refuses the call, and the transport, timeout and decoding errors of [`Error`]; retryable failures are retried first, as the client's [`RetryPolicy`] says.").as_str()]);
    Ok(quote! {
        // Every type the client names is re-exported at the crate root.
        use super::*;

        #docs
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #runtime::Client,
        }

        impl Client {
            /// Creates a client. Reads nothing and sends nothing: credentials not set in
            /// `config` are looked up on the first call (see [`Config`]).
            ///
            /// # Errors
            ///
            /// [`Error::Config`] when the endpoint is not a valid URL, the region is not one the
            /// service lists (without an explicit endpoint), or explicit credentials are empty.
            pub fn new(config: Config) -> Result<Self, Error> {
                #runtime::Client::new(&SERVICE, config).map(|inner| Self { inner })
            }

            /// A client that makes its calls with these per-call options (timeouts, retry
            /// policy, deadline); it shares this one's connections and credentials.
            pub fn with_options(&self, options: CallOptions) -> Self {
                Self {
                    inner: self.inner.with_options(options),
                }
            }

            /// Sends a request built ahead of time (its rules were checked when it was
            /// built) and decodes the answer: what each action's fluent call does once it has
            /// built its request.
            ///
            /// # Errors
            ///
            /// As the [`Client`] docs say.
            pub async fn send<R: Action>(&self, request: &R) -> Result<R::Output, Error> {
                self.inner.send(request).await
            }

            #(#methods)*
        }
    })
}
