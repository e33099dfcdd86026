//! Import: one generated package of the official Go SDK (`model.go`, `config.go`) into a spec.
//!
//! A stage before the spec, like overlays: the result is an ordinary [`Spec`] that the checker
//! reads like any other. It says what the Go model says and nothing more: the signing name,
//! every region's endpoint, each action's method and version, its input (body fields, and query
//! fields with `"location": "query"` on POST actions), its result, every shape they reach with
//! each field's type, `required` and Chinese docs. Enum values, ranges, cross-field rules and
//! English docs are not in the model; overlays add them.
//!
//! ```no_run
//! let spec = volc_codegen::import::import_dir(
//!     "vendor/volc-sdk-golang/live-v20230101".as_ref(),
//!     &volc_codegen::import::ImportOptions::default(),
//! )?;
//! println!("{} actions", spec.actions.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod convert;
pub mod go;
mod shapes;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use self::convert::{Converter, Raw, RawField, RawTy};
use self::go::Pos;
use self::shapes::Shapes;
use crate::spec::{self, Docs, EndpointSpec, ProviderSpec, Spec};

/// What to import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Keep only these actions (and what they reach); all when `None`.
    pub only: Option<Vec<String>>,
    /// One shape per Go struct, structurally identical ones not merged: only to measure what
    /// merging saves (the spec is valid either way).
    pub keep_duplicates: bool,
}

/// Why a package could not be imported: one line, located where the input is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// A problem at a place in a Go file.
    At {
        /// Where.
        pos: Pos,
        /// What.
        message: String,
    },
    /// A file of the package could not be read.
    Read {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The options name something the package does not have.
    Options {
        /// What.
        message: String,
    },
}

impl ImportError {
    fn at(pos: Pos, message: impl Into<String>) -> Self {
        Self::At {
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::At { pos, message } => write!(f, "{pos}: {message}"),
            Self::Read { path, message } => write!(f, "{path}: {message}"),
            Self::Options { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for ImportError {}

/// The files of a package the importer reads.
pub const FILES: [&str; 2] = ["config.go", "model.go"];

/// Imports the package in `dir` (its `config.go` and `model.go`).
pub fn import_dir(dir: &Path, options: &ImportOptions) -> Result<Spec, ImportError> {
    let mut texts = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| ImportError::Read {
            path: shown.clone(),
            message: match e.kind() {
                std::io::ErrorKind::NotFound => format!(
                    "not found: {} is not a generated package of the official Go SDK (it needs config.go and model.go)",
                    dir.display()
                ),
                std::io::ErrorKind::InvalidData => "not UTF-8 text".to_owned(),
                _ => format!("cannot be read ({e})"),
            },
        })?;
        texts.push((shown, text));
    }
    let [(config_name, config), (model_name, model)] = <[(String, String); 2]>::try_from(texts)
        .map_err(|_| ImportError::Options {
            message: "internal error: the package files were not both read".to_owned(),
        })?;
    import(&config_name, &config, &model_name, &model, options)
}

/// Imports a package from the texts of its `config.go` and `model.go` (named as messages
/// should name them): a pure function of its inputs.
pub fn import(
    config_name: &str,
    config_text: &str,
    model_name: &str,
    model_text: &str,
    options: &ImportOptions,
) -> Result<Spec, ImportError> {
    let config_file = go::parse(config_name, config_text).map_err(go_error)?;
    let model_file = go::parse(model_name, model_text).map_err(go_error)?;
    let start = Pos {
        file: config_name.to_owned(),
        line: 1,
        column: 1,
    };
    let service = config::read(&config_file, &start)?;
    let apis = select(&service.apis, options)?;
    let mut converter = Converter::new(&model_file.types);
    for api in &apis {
        converter.action(api)?;
    }
    let raw = converter.finish();
    build_spec(&service, &raw, options.keep_duplicates)
}

fn go_error(e: go::GoError) -> ImportError {
    ImportError::At {
        pos: e.pos,
        message: e.message,
    }
}

/// The actions `--only` keeps, in the package's order.
fn select(apis: &[config::Api], options: &ImportOptions) -> Result<Vec<config::Api>, ImportError> {
    let Some(only) = &options.only else {
        return Ok(apis.to_vec());
    };
    let known: BTreeSet<&str> = apis.iter().map(|a| a.name.as_str()).collect();
    let missing: Vec<&str> = only
        .iter()
        .map(String::as_str)
        .filter(|a| !known.contains(a))
        .collect();
    if let Some(first) = missing.first() {
        let hint = crate::diag::closest(first, known.iter().copied())
            .map(|near| format!("; did you mean `{}`?", config::clip(near)))
            .unwrap_or_default();
        return Err(ImportError::Options {
            message: format!(
                "--only names {} the package does not have: {}{hint}",
                if missing.len() == 1 {
                    "an action"
                } else {
                    "actions"
                },
                missing
                    .iter()
                    .take(5)
                    .map(|m| format!("`{}`", config::clip(m)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let wanted: BTreeSet<&str> = only.iter().map(String::as_str).collect();
    Ok(apis
        .iter()
        .filter(|a| wanted.contains(a.name.as_str()))
        .cloned()
        .collect())
}

/// The service's version: the one most actions use (the newest on a tie).
fn service_version(apis: &[config::Api]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for api in apis {
        *counts.entry(api.version.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(version, n)| (*n, *version))
        .map(|(v, _)| v.to_owned())
        .unwrap_or_default()
}

fn build_spec(
    service: &config::ServiceConfig,
    raw: &Raw,
    keep_duplicates: bool,
) -> Result<Spec, ImportError> {
    let version = service_version(&service.apis);
    let mut taken: BTreeSet<String> = crate::check::names::reserved_type_names()
        .map(str::to_owned)
        .collect();
    for action in &raw.actions {
        taken.insert(format!("{}Request", action.api.name));
        taken.insert(format!("{}Output", action.api.name));
    }
    let shapes = Shapes::new(raw, &taken, !keep_duplicates);
    let ty = |ty: &RawTy| type_text(ty, &shapes);
    let field = |f: &RawField| spec::Field {
        name: f.wire.clone(),
        rust_name: None,
        ty: ty(&f.ty),
        required: f.required,
        sensitive: false,
        flatten: false,
        location: f.location,
        docs: zh(&f.docs),
        example: None,
    };
    let mut out_shapes = Vec::new();
    let mut emitted: BTreeSet<usize> = BTreeSet::new();
    let mut actions = Vec::new();
    for action in &raw.actions {
        let input = spec::Shape {
            name: action.input.go_name.clone(),
            rust_name: None,
            representation: spec::Representation::Struct,
            docs: Docs::default(),
            fields: action.input.fields.iter().map(&field).collect(),
            rules: Vec::new(),
            dismissed: Vec::new(),
            into: Vec::new(),
        };
        out_shapes.push(input);
        // The classes this action reaches, depth first, each once in the whole spec.
        let mut stack: Vec<&RawTy> = action.result.iter().collect();
        stack.extend(action.input.fields.iter().rev().map(|f| &f.ty));
        let mut order = Vec::new();
        while let Some(t) = stack.pop() {
            let Some(class) = t.shape().and_then(|s| shapes.class_of(s)) else {
                continue;
            };
            if !emitted.insert(class) {
                continue;
            }
            order.push(class);
            if let Some(rep) = shapes.representative(class) {
                stack.extend(rep.fields.iter().rev().map(|f| &f.ty));
            }
        }
        // The result first, then the rest in the order found.
        if let Some(result) = action.result.as_ref().and_then(|r| match r {
            RawTy::Shape(s) => shapes.class_of(s),
            _ => None,
        }) {
            if let Some(at) = order.iter().position(|c| *c == result) {
                let c = order.remove(at);
                order.insert(0, c);
            }
        }
        for class in order {
            let (Some(rep), Some(name)) = (shapes.representative(class), shapes.names.get(class))
            else {
                continue;
            };
            out_shapes.push(spec::Shape {
                name: name.clone(),
                rust_name: None,
                representation: spec::Representation::Struct,
                docs: zh(&rep.docs),
                fields: rep.fields.iter().map(&field).collect(),
                rules: Vec::new(),
                dismissed: Vec::new(),
                into: Vec::new(),
            });
        }
        actions.push(spec::Action {
            name: action.api.name.clone(),
            method: action.api.method,
            version: (action.api.version != version).then(|| action.api.version.clone()),
            input: action.input.go_name.clone(),
            result: action.result.as_ref().map(&ty),
            rate_limit_per_second: None,
            idempotent: None,
            docs: Docs::default(),
            errors: Vec::new(),
        });
    }
    debug_assert!(emitted.len() <= shapes.len());
    let mut notes = service.notes.clone();
    notes.extend(raw.notes.iter().cloned());
    Ok(Spec {
        schema: None,
        format: 1,
        service: spec::Service {
            name: service.name.clone(),
            version,
            crate_name: None,
            crate_version: "0.1.0".to_owned(),
            title: Docs::default(),
            docs: Docs::default(),
            endpoints: service
                .regions
                .iter()
                .map(|(region, url)| EndpointSpec {
                    provider: ProviderSpec::Volcengine,
                    url: url.clone(),
                    region: region.clone(),
                })
                .collect(),
            notes,
            errors: Vec::new(),
            action_features: false,
        },
        actions,
        shapes: out_shapes,
        enums: Vec::new(),
        strings: Vec::new(),
        events: None,
    })
}

fn zh(text: &str) -> Docs {
    Docs {
        zh: text.to_owned(),
        en: String::new(),
    }
}

/// A type as the spec writes it, shapes by their imported names.
fn type_text(ty: &RawTy, shapes: &Shapes) -> String {
    match ty {
        RawTy::String => "String".to_owned(),
        RawTy::Boolean => "Boolean".to_owned(),
        RawTy::Integer => "Integer".to_owned(),
        RawTy::Float => "Float".to_owned(),
        RawTy::Json => "Json".to_owned(),
        RawTy::List(inner) => format!("List<{}>", type_text(inner, shapes)),
        RawTy::Map(inner) => format!("Map<{}>", type_text(inner, shapes)),
        RawTy::Shape(go) => shapes.name_of(go).unwrap_or(go).to_owned(),
    }
}

/// The spec as JSON, as the importer writes it: pretty, two spaces, a final newline.
pub fn to_json(spec: &Spec) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(spec)?;
    text.push('\n');
    Ok(text)
}
