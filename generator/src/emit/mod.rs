//! Stage 3 -> 4: Rust items from the checked model, then formatted files.
//!
//! Each item is built by one `quote!` block from the decisions in the model ([`modules`] for
//! the files, [`request`], [`response`], [`variants`] and [`scalars`] for the items, [`fields`]
//! for how a field is emitted in each of them). Each file's tokens are parsed with `syn` and
//! printed with `prettyplease` ([`render`]), so the output is formatted the same way every
//! time.

mod crate_files;
mod docs;
mod events;
mod fields;
mod modules;
mod names;
mod render;
mod request;
mod response;
mod scalars;
mod uses;
mod variants;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::model::Model;
use crate::Settings;

/// A setting that cannot be used, or a generator bug: a state the checked model rules out, or
/// tokens that do not parse as Rust.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// A [`Settings`] value cannot be used.
    #[error("invalid setting `{setting}`: {reason}")]
    Setting {
        /// The setting.
        setting: &'static str,
        /// Why.
        reason: String,
    },
    /// The model broke one of its own invariants.
    #[error("internal error in `{item}`: {what}; please report it with the spec")]
    Invariant {
        /// The item being emitted.
        item: String,
        /// What was wrong.
        what: String,
    },
    /// Emitted tokens that do not parse.
    #[error("internal error: generated `{file}` is not valid Rust ({reason}); please report it with the spec")]
    Unparsable {
        /// The file being generated.
        file: String,
        /// What `syn` said.
        reason: String,
    },
}

impl EmitError {
    pub(crate) fn invariant(item: &str, what: impl Into<String>) -> Self {
        Self::Invariant {
            item: item.to_owned(),
            what: what.into(),
        }
    }
}

/// Every file of the generated crate, by path relative to the crate root.
///
/// Each Rust file is emitted and formatted on its own, so the files are shared out between
/// threads (one per core): a worker takes the next file, builds its tokens and prints it.
/// The result does not depend on which worker did what.
pub fn emit(model: &Model, settings: &Settings) -> Result<BTreeMap<String, String>, EmitError> {
    crate_files::check_runtime_dependency(&settings.runtime_dependency)?;
    crate_files::check_repository(settings.repository.as_deref())?;
    // Token streams cannot cross threads: each worker makes its own from the setting.
    runtime_path(settings)?;
    let jobs = modules::jobs(model);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        let runtime = match runtime_path(settings) {
            Ok(runtime) => runtime,
            Err(e) => return vec![(0, Err(e))],
        };
        let runtime = &runtime;
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return done;
            };
            let text = modules::tokens(model, *job, runtime)
                .and_then(|tokens| render::file(tokens, &modules::path(model, *job)));
            done.push((i, text));
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(jobs.len());
    let mut rendered: Vec<(usize, Result<String, EmitError>)> = if threads <= 1 {
        work()
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            let mut all = Vec::with_capacity(jobs.len());
            for worker in workers {
                match worker.join() {
                    Ok(done) => all.extend(done),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            all
        })
    };
    rendered.sort_by_key(|(i, _)| *i);
    let header = crate_files::header(model);
    let mut files = crate_files::text_files(model, settings);
    for ((_, text), job) in rendered.into_iter().zip(&jobs) {
        files.insert(modules::path(model, *job), with_header(&header, &text?));
    }
    let example = render::file(crate_files::usage_example(model)?, "README.md")?;
    let (head, tail) = crate_files::readme(model);
    files.insert("README.md".into(), format!("{head}{example}{tail}"));
    Ok(files)
}

/// The whole client as one file of items, to be `include!`d in a module of another crate
/// (what a build script writes into `OUT_DIR`): no inner attributes, no `mod` declarations of
/// other files, relative paths only.
pub fn emit_module(model: &Model, settings: &Settings) -> Result<String, EmitError> {
    let runtime = runtime_path(settings)?;
    let tokens = modules::module_file(model, &runtime)?;
    let text = render::file(tokens, "the module file")?;
    Ok(with_header(&crate_files::header(model), &text))
}

/// The path generated code reaches the runtime by, from [`Settings::runtime_path`].
fn runtime_path(settings: &Settings) -> Result<TokenStream, EmitError> {
    let path: syn::Path =
        syn::parse_str(&settings.runtime_path).map_err(|e| EmitError::Setting {
            setting: "runtime_path",
            reason: format!("{:?} is not a Rust path: {e}", settings.runtime_path),
        })?;
    Ok(quote::quote!(#path))
}

fn with_header(header: &str, text: &str) -> String {
    let mut out = String::with_capacity(header.len() + text.len());
    out.push_str(header);
    out.push_str(text);
    out
}

/// The generated crate before formatting: Rust files as token streams, the rest as text.
///
/// Made by [`crate::emit_unformatted`]; [`Unformatted::format`] turns it into the files that
/// [`crate::generate`] returns. The split exists so that the two halves can be measured apart;
/// both run on one thread, where [`crate::generate`] shares the files out between cores.
#[derive(Debug, Clone)]
pub struct Unformatted {
    header: String,
    rust: Vec<(String, TokenStream)>,
    example: TokenStream,
    readme: (String, String),
    text: BTreeMap<String, String>,
}

impl Unformatted {
    /// How many files the crate has.
    pub fn file_count(&self) -> usize {
        self.rust.len() + self.text.len() + 1
    }

    /// Parses and pretty-prints every Rust file (and the README's example).
    ///
    /// # Errors
    ///
    /// An [`EmitError`] naming the file whose tokens do not parse as Rust: a generator bug.
    pub fn format(self) -> Result<BTreeMap<String, String>, EmitError> {
        let mut files = self.text;
        for (path, tokens) in self.rust {
            let text = render::file(tokens, &path)?;
            files.insert(path, with_header(&self.header, &text));
        }
        let example = render::file(self.example, "README.md")?;
        let (head, tail) = self.readme;
        files.insert("README.md".into(), format!("{head}{example}{tail}"));
        Ok(files)
    }
}

/// Every file of the generated crate, with the Rust files not yet formatted (one thread).
pub fn emit_tokens(model: &Model, settings: &Settings) -> Result<Unformatted, EmitError> {
    crate_files::check_runtime_dependency(&settings.runtime_dependency)?;
    let runtime = runtime_path(settings)?;
    let rust = modules::jobs(model)
        .into_iter()
        .map(|job| {
            Ok((
                modules::path(model, job),
                modules::tokens(model, job, &runtime)?,
            ))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    Ok(Unformatted {
        header: crate_files::header(model),
        rust,
        example: crate_files::usage_example(model)?,
        readme: crate_files::readme(model),
        text: crate_files::text_files(model, settings),
    })
}
