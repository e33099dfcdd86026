//! A whole crate: every file, Rust ones formatted on worker threads, plus `Cargo.toml` and the
//! README (feature `crate`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use super::{crate_files, header, modules, render, runtime_path, with_header, EmitError};
use crate::model::Model;
use crate::Settings;

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
    let header = header(model);
    let mut files = crate_files::text_files(model, settings);
    for ((_, text), job) in rendered.into_iter().zip(&jobs) {
        files.insert(modules::path(model, *job), with_header(&header, &text?));
    }
    let example = render::file(crate_files::usage_example(model)?, "README.md")?;
    let (head, tail) = crate_files::readme(model);
    files.insert("README.md".into(), format!("{head}{example}{tail}"));
    Ok(files)
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
        header: header(model),
        rust,
        example: crate_files::usage_example(model)?,
        readme: crate_files::readme(model),
        text: crate_files::text_files(model, settings),
    })
}
