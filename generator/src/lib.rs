//! `volc-codegen`: generates typed Rust clients for Volcengine OpenAPI services from a JSON spec.
//!
//! The pipeline has four stages, one module each:
//!
//! 1. [`spec`]: the spec as written (serde model; also the source of `spec.schema.json`);
//! 2. [`check`] -> [`model`]: names resolved, rules attached to fields, representations chosen,
//!    every problem reported at once as [`Diagnostics`];
//! 3. `emit`: Rust items from the model, formatted with prettyplease;
//! 4. `output` (feature `crate`): files written by swapping a complete directory in, or
//!    compared (`--check`).
//!
//! Use it from a `build.rs` or a tool:
//!
//! ```no_run
//! let settings = volc_codegen::Settings::default();
//! let spec = std::fs::read_to_string("spec/live-callback.json")?;
//! let files = volc_codegen::generate(&spec, "spec/live-callback.json", &settings)?;
//! volc_codegen::output::write("generated-client".as_ref(), &files)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod build;
pub mod check;
pub mod diag;
pub mod diff;
mod emit;
pub mod export;
#[cfg(feature = "import")]
pub mod import;
mod locate;
pub mod model;
pub mod only;
#[cfg(feature = "crate")]
pub mod output;
pub mod overlay;
pub mod review;
pub mod spec;
pub mod synth;
mod text;
mod validate;

#[cfg(feature = "crate")]
use std::collections::BTreeMap;

pub use build::{BuildError, Builder};
pub use diag::{Diagnostic, Diagnostics};
pub use emit::EmitError;
#[cfg(feature = "crate")]
pub use emit::Unformatted;
#[cfg(feature = "crate")]
pub use output::OutputError;

/// Choices that are not part of the spec: how the generated code refers to its runtime, and
/// what the generated crate declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The `volc-runtime` dependency of the generated crate, as a TOML value written into its
    /// `Cargo.toml` as given: a version (`"0.1"`) or an inline table (`{ version = "0.1",
    /// default-features = false }`). With `default-features = false` the generated crate's own
    /// features choose the TLS stack.
    pub runtime_dependency: String,
    /// The generated crate's repository URL; left out of its `Cargo.toml` when `None`.
    pub repository: Option<String>,
    /// The Rust path generated code reaches the runtime by: `volc_runtime`, or the name a
    /// crate gave its dependency, or a re-export such as `crate::deps::volc_runtime`.
    pub runtime_path: String,
    /// The generated crate's license.
    pub license: String,
    /// The action allow-list: only these actions (and the shapes, enums and string types they
    /// reach) are generated, as if the spec had no others; every action when `None`. See
    /// [`only::only`].
    pub actions: Option<Vec<String>>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            runtime_dependency:
                r#"{ path = "../runtime", version = "0.1.0", default-features = false }"#.to_owned(),
            repository: None,
            runtime_path: "volc_runtime".to_owned(),
            license: "Apache-2.0".to_owned(),
            actions: None,
        }
    }
}

impl Settings {
    /// Sets the `volc-runtime` dependency, e.g. `{ version = "0.1" }`.
    #[must_use]
    pub fn with_runtime_dependency(mut self, toml: impl Into<String>) -> Self {
        self.runtime_dependency = toml.into();
        self
    }

    /// Sets the generated crate's repository URL.
    #[must_use]
    pub fn with_repository(mut self, url: impl Into<String>) -> Self {
        self.repository = Some(url.into());
        self
    }

    /// Sets the Rust path of the runtime crate in generated code.
    #[must_use]
    pub fn with_runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// Sets the generated crate's license.
    #[must_use]
    pub fn with_license(mut self, license: impl Into<String>) -> Self {
        self.license = license.into();
        self
    }

    /// Generates only these actions and what they reach (names as the spec writes them).
    #[must_use]
    pub fn with_actions<I, S>(mut self, actions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.actions = Some(actions.into_iter().map(Into::into).collect());
        self
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is invalid; every problem is listed.
    #[error("{0}")]
    Spec(#[from] Diagnostics),
    /// A generator bug.
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// Reading or writing files failed.
    #[cfg(feature = "crate")]
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Parses spec text. `source` names the file in diagnostics and generated headers.
///
/// Malformed JSON is reported where the parser stopped; a spec that is JSON but does not fit the
/// format is checked against the format's schema so that every unknown key, wrong type and
/// missing key is reported at once, each with its place.
pub fn load(text: &str, source: &str) -> Result<spec::Spec, Diagnostics> {
    if text.trim().is_empty() {
        let diag = Diagnostic::new("", "the spec is empty")
            .with_hint("a spec is a JSON object; start from spec/live-callback.json");
        return Err(Diagnostics {
            file: source.to_owned(),
            items: vec![diag],
        });
    }
    let error = match serde_json::from_str(text) {
        Ok(spec) => return Ok(spec),
        Err(error) => error,
    };
    if error.classify() == serde_json::error::Category::Data {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
            let items = validate::validate(&value);
            if !items.is_empty() {
                return Err(Diagnostics {
                    file: source.to_owned(),
                    items,
                }
                .located(text));
            }
        }
    }
    Err(Diagnostics {
        file: source.to_owned(),
        items: vec![json_error(text, &error, "the spec format")],
    })
}

/// A located diagnostic for JSON that serde could not read (`format` names what it should
/// have fit, for errors of the data rather than the syntax).
pub(crate) fn json_error(text: &str, error: &serde_json::Error, format: &str) -> Diagnostic {
    let what = match error.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            "malformed JSON".to_owned()
        }
        serde_json::error::Category::Data => format!("does not fit {format}"),
        serde_json::error::Category::Io => "could not be read".to_owned(),
    };
    let mut diag = Diagnostic::new(
        "",
        format!("{what}: {}", strip_position(&error.to_string())),
    );
    if error.line() > 0 {
        diag.position = Some((error.line(), error.column()));
        // serde_json's column is just after the offending character; at the end of the input,
        // the last character that is there is the one to show.
        let offset = if error.classify() == serde_json::error::Category::Eof {
            text.trim_end().len()
        } else {
            locate::offset_of(text, error.line(), error.column())
        };
        diag.span = locate::char_before(text, offset);
    }
    diag
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Loads and checks spec text into the model the emitter works from.
pub fn check_spec(text: &str, source: &str) -> Result<model::Model, Diagnostics> {
    check_actions(text, source, None)
}

/// [`check_spec`] with an action allow-list applied between loading and checking
/// ([`only::only`]); every action when `actions` is `None`. A name the spec does not have is a
/// diagnostic.
pub fn check_actions(
    text: &str,
    source: &str,
    actions: Option<&[String]>,
) -> Result<model::Model, Diagnostics> {
    let mut spec = load(text, source)?;
    if let Some(actions) = actions {
        spec = only::only(&spec, actions).map_err(|diagnostic| Diagnostics {
            file: source.to_owned(),
            items: vec![*diagnostic],
        })?;
    }
    check::check(&spec, source).map_err(|diagnostics| diagnostics.located(text))
}

/// Generates every file of the client crate, by path relative to the crate root.
#[cfg(feature = "crate")]
pub fn generate(
    text: &str,
    source: &str,
    settings: &Settings,
) -> Result<BTreeMap<String, String>, Error> {
    let model = check_actions(text, source, settings.actions.as_deref())?;
    Ok(emit::emit(&model, settings)?)
}

/// The client as one file of items for `include!` in a module of another crate: what a build
/// script writes into `OUT_DIR` (see [`Builder`] for the whole build script side).
pub fn generate_module(text: &str, source: &str, settings: &Settings) -> Result<String, Error> {
    let model = check_actions(text, source, settings.actions.as_deref())?;
    Ok(emit::emit_module(&model, settings)?)
}

/// Stage 3 without its last step: the files of the crate, the Rust ones as token streams not
/// yet formatted. [`Unformatted::format`] finishes the job; together they are what
/// [`generate`] does after [`check_spec`]. Split so that each step can be measured.
///
/// # Errors
///
/// An [`EmitError`] when the model breaks one of its invariants (a generator bug).
#[cfg(feature = "crate")]
pub fn emit_unformatted(
    model: &model::Model,
    settings: &Settings,
) -> Result<Unformatted, EmitError> {
    emit::emit_tokens(model, settings)
}

/// The JSON Schema of the spec format, derived from [`spec::Spec`].
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(spec::Spec);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
