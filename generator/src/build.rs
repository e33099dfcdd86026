//! Generation from a build script, the way prost-build does it: the client is written into
//! `OUT_DIR` as one file of items, which the crate brings in with `include!`.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), volc_codegen::BuildError> {
//!     volc_codegen::Builder::new("spec/live-callback.json").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: the module holds the whole client (`live::Client`, `live::UpdateCallbackRequest`, ...).
//! pub mod live {
//!     include!(concat!(env!("OUT_DIR"), "/volc_live_callback.rs"));
//! }
//! ```
//!
//! The including crate depends on `volc-runtime` and on `serde` (with `derive`); when the spec
//! has callback events, the module holds `events`, which needs `volc-runtime`'s `callback`
//! feature (on by default). An invalid spec fails the build with the same report the CLI
//! prints. `examples/build-script/` in the repository is a complete crate built this way.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{check_actions, emit, Diagnostics, EmitError, Settings};

/// Generates a client module from a spec into a directory (by default `OUT_DIR`).
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    module_name: Option<String>,
    settings: Settings,
    rerun_if_changed: bool,
}

impl Builder {
    /// A builder for the spec at `spec` (relative paths are relative to the build script's
    /// package, as Cargo runs it there).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Self {
            spec: spec.into(),
            out_dir: None,
            module_name: None,
            settings: Settings::default(),
            rerun_if_changed: true,
        }
    }

    /// Writes into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Names the file `{name}.rs` instead of the spec's crate name with `_` (for
    /// `volc-live-callback`, `volc_live_callback.rs`).
    pub fn module_name(mut self, name: impl Into<String>) -> Self {
        self.module_name = Some(name.into());
        self
    }

    /// The path the generated code reaches the runtime crate by: `volc_runtime` by default; the
    /// name a `Cargo.toml` gave the dependency (`rt = { package = "volc-runtime", ... }` is
    /// `rt`), or a re-export (`crate::deps::volc_runtime`).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.settings.runtime_path = path.into();
        self
    }

    /// Generates only these actions (names as the spec writes them, e.g. `UpdateCallback`) and
    /// the shapes, enums and string types they reach: a module of three actions from a spec
    /// of the whole service is the size of three actions. A name the spec does not have fails
    /// the build with the spec's report.
    pub fn only<I, S>(mut self, actions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.settings = self.settings.with_actions(actions);
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for the spec (on by default; off outside a
    /// build script).
    pub fn rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    /// Checks the spec and writes the module; returns the path of the file written. The file
    /// is only replaced when its content changes, so an unchanged spec does not rebuild the
    /// crate.
    ///
    /// # Errors
    ///
    /// [`BuildError`]: the spec cannot be read or is invalid (its report lists every problem),
    /// the output cannot be written, or `OUT_DIR` is not set outside a build script.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        let source = self.spec.to_string_lossy().replace('\\', "/");
        if self.rerun_if_changed {
            println!("cargo:rerun-if-changed={}", self.spec.display());
        }
        let text = fs::read_to_string(&self.spec).map_err(|e| BuildError::Read {
            path: self.spec.clone(),
            reason: e.to_string(),
        })?;
        let model = check_actions(&text, &source, self.settings.actions.as_deref()).map_err(
            |diagnostics| BuildError::Spec {
                report: diagnostics.report(&text, false),
                diagnostics,
            },
        )?;
        let module = emit::emit_module(&model, &self.settings)?;
        let dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        let name = self
            .module_name
            .unwrap_or_else(|| model.service.crate_ident.clone());
        let path = dir.join(format!("{name}.rs"));
        write_if_changed(&path, &module)?;
        Ok(path)
    }
}

/// Writes `text` to `path` through a temporary file and a rename, unless `path` holds it
/// already.
fn write_if_changed(path: &Path, text: &str) -> Result<(), BuildError> {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    let write_error = |e: std::io::Error| BuildError::Write {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(write_error)?;
    }
    let temporary = path.with_extension("rs.volc-codegen-new");
    fs::write(&temporary, text).map_err(write_error)?;
    fs::rename(&temporary, path).map_err(write_error)
}

/// Why a build script could not generate its client.
///
/// `Debug` prints the text of `Display` (the report of an invalid spec on lines of its own), so
/// that `fn main() -> Result<(), BuildError>` shows the spec's problems readably when the build
/// fails.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec file cannot be read.
    #[error("cannot read spec {}: {reason}", path.display())]
    Read {
        /// The spec.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The spec is invalid.
    #[error("{report}")]
    Spec {
        /// Every problem, as the CLI reports them.
        report: String,
        /// The problems.
        diagnostics: Diagnostics,
    },
    /// A setting cannot be used, or a generator bug.
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// The module cannot be written.
    #[error("cannot write {}: {reason}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Neither an output directory was given nor `OUT_DIR` set (outside a build script).
    #[error("OUT_DIR is not set: run from a build script, or call Builder::out_dir")]
    NoOutDir,
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // After `main`'s "Error: ", the report starts on a line of its own.
            Self::Spec { report, .. } => write!(f, "the spec is invalid\n\n{report}"),
            _ => fmt::Display::fmt(self, f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn an_invalid_spec_is_reported_and_nothing_is_written() -> TestResult {
        let dir = tempfile::tempdir()?;
        let spec = dir.path().join("spec.json");
        fs::write(&spec, r#"{"format": 1}"#)?;
        let out = dir.path().join("out");
        let Err(error) = Builder::new(&spec)
            .out_dir(&out)
            .rerun_if_changed(false)
            .generate()
        else {
            return Err("an invalid spec generated".into());
        };
        let shown = error.to_string();
        assert!(shown.starts_with("error: "), "{shown}");
        assert!(shown.contains("problem"), "{shown}");
        // What `fn main() -> Result<(), BuildError>` prints after "Error: ".
        let debug = format!("{error:?}");
        assert_eq!(debug, format!("the spec is invalid\n\n{shown}"));
        assert!(!out.exists());
        Ok(())
    }

    #[test]
    fn a_valid_spec_writes_one_module_once() -> TestResult {
        let dir = tempfile::tempdir()?;
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/live-callback.json");
        let written = Builder::new(spec)
            .out_dir(dir.path())
            .module_name("live")
            .rerun_if_changed(false)
            .generate()?;
        assert_eq!(written, dir.path().join("live.rs"));
        let text = fs::read_to_string(&written)?;
        assert!(text.contains("pub struct Client"), "{text:.200}");
        let names: Vec<_> = fs::read_dir(dir.path())?.collect();
        assert_eq!(names.len(), 1, "only the module: {names:?}");
        Ok(())
    }

    #[test]
    fn an_allow_list_makes_the_module_of_those_actions() -> TestResult {
        let dir = tempfile::tempdir()?;
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/live.json");
        let build = |only: &[&str]| {
            Builder::new(spec)
                .out_dir(dir.path())
                .module_name("live")
                .only(only.iter().copied())
                .rerun_if_changed(false)
                .generate()
        };
        let text = fs::read_to_string(build(&["UpdateCallback", "DescribeCallback"])?)?;
        assert!(
            text.contains("pub fn update_callback(&self)"),
            "{text:.200}"
        );
        assert!(text.contains("pub fn describe_callback(&self)"));
        assert!(!text.contains("pub fn delete_callback(&self)"));
        assert!(!text.contains("GeneratePushURLRequest"));
        let Err(error) = build(&["NoSuchAction"]) else {
            return Err("an unknown action generated".into());
        };
        assert!(
            error
                .to_string()
                .contains("names an action the spec does not have: `NoSuchAction`"),
            "{error}"
        );
        Ok(())
    }
}
