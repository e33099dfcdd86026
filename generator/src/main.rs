//! The `volc-codegen` command line.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generation allocates and frees millions of small token and syntax-tree nodes; mimalloc does
/// that in about half the time of the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use volc_codegen::{output, EmitError, Error, Settings};

/// Generates the typed Rust client of a Volcengine OpenAPI service from its JSON spec.
#[derive(Debug, Parser)]
#[command(name = "volc-codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerates the client crate from the spec.
    Generate {
        /// The spec (paths in generated headers are shown as given here).
        #[arg(long, default_value = "spec/live-callback.json")]
        spec: PathBuf,
        /// The crate directory to write.
        #[arg(long, default_value = "generated-client")]
        out: PathBuf,
        /// Write nothing; exit 1 with a diff if the directory differs from what the spec produces.
        #[arg(long)]
        check: bool,
        /// The generated crate's `volc-runtime` dependency, as the TOML value written after
        /// `volc-runtime = ` in its Cargo.toml, e.g. '{ version = "0.1", default-features = false }'
        /// or '{ git = "https://...", tag = "v0.1.0", default-features = false }'. Default: the
        /// runtime of this repository, '{ path = "../runtime", version = "0.1.0", default-features = false }'.
        #[arg(long, value_name = "TOML")]
        runtime_dep: Option<String>,
        /// The generated crate's `repository` URL (left out of its Cargo.toml when not given).
        #[arg(long, value_name = "URL")]
        repository: Option<String>,
        /// Generate only these actions (comma-separated, as the spec names them) and what they
        /// reach, as the importer's `--only` does.
        #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
        only: Option<Vec<String>>,
    },
    /// Prints a synthetic spec of N actions cloned from the spec's, each with its own renamed
    /// copy of every shape it uses (to measure how generation scales).
    Synth {
        /// How many actions.
        #[arg(long)]
        actions: usize,
        /// The base spec whose actions are cloned (default: spec/live-callback.json).
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Give every clone its own copy of the enums and string types too (by default they are
        /// shared; shapes are always cloned).
        #[arg(long)]
        clone_scalars: bool,
    },
    /// Lists every change between two specs, each breaking or compatible for users of the
    /// generated crate, and the version bump they need. Exit status: 0 nothing breaks, 1
    /// something breaks, 2 a spec is invalid.
    Diff {
        /// The old spec, e.g. from `git show HEAD:spec/live-callback.json > /tmp/old.json`.
        old: PathBuf,
        /// The new spec.
        new: PathBuf,
        /// `text` for people, `json` for tools (keys sorted; see the README), `markdown` for a
        /// CHANGELOG section.
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
        /// Put the report, as a Markdown section for the version it needs, into this CHANGELOG
        /// (replacing the section of that version, else above the newest one; created if
        /// missing) instead of printing it. Nothing is written when nothing changed.
        #[arg(long, value_name = "PATH", conflicts_with = "format")]
        changelog: Option<PathBuf>,
    },
    /// Imports one generated package of the official Go SDK (its `config.go` and `model.go`)
    /// into a spec, then applies the overlays in order. Exit status: 0 written (or up to date
    /// with --check), 1 --check found a difference, 2 the package, an overlay or the result is
    /// invalid (nothing is written).
    Import {
        /// The package directory, e.g. vendor/volc-sdk-golang/live-v20230101.
        dir: PathBuf,
        /// The spec to write.
        #[arg(long)]
        out: PathBuf,
        /// An overlay to apply; several apply in the order given.
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<PathBuf>,
        /// Keep only these actions (comma-separated) and what they reach.
        #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
        only: Option<Vec<String>>,
        /// Write nothing; exit 1 with a diff if OUT is not exactly what the import produces.
        #[arg(long)]
        check: bool,
        /// One shape per Go struct, without merging structurally identical ones (to measure
        /// what merging saves).
        #[arg(long)]
        keep_duplicates: bool,
    },
    /// Lists the sentences of the docs that state a constraint (exactly one of, not together,
    /// a conditional requirement, a range, a length, a list size) and whether each is covered by
    /// a rule, dismissed with a reason, or open (with a proposed rule). Exit status: 0 none open,
    /// 1 some open, 2 the spec or an overlay is invalid.
    Rules {
        /// The spec (imported, or with its overlays already applied).
        spec: PathBuf,
        /// Overlays to apply to the spec first, in order.
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<PathBuf>,
        /// `text` for people, `json` for tools (one object per sentence).
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Prints the JSON Schema of the spec format (or of the overlay format), or checks a file
    /// against it.
    Schema {
        /// Compare with this file instead of printing; exit 1 if it differs.
        #[arg(long)]
        check: Option<PathBuf>,
        /// The overlay format's schema instead of the spec format's.
        #[arg(long)]
        overlay: bool,
    },
    /// Exports the spec in another format: `openapi`, an OpenAPI 3.0.3 document (each action
    /// at a synthetic path `/{Action}`; signing and cross-field rules are stated as notes and
    /// `x-volc-*` extensions, since OpenAPI cannot express them). Exit status: 0 written, 2 the
    /// spec is invalid, 3 I/O error.
    Export {
        /// The format to export to.
        #[arg(value_enum)]
        format: ExportFormat,
        /// The spec to export.
        #[arg(long)]
        spec: PathBuf,
        /// The file to write (atomically); standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Exit statuses: 0 done, 1 differences found, 2 invalid spec or usage (clap's own status for a
/// bad argument), 3 I/O or internal error.
const DRIFT: u8 = 1;
const INVALID_SPEC: u8 = 2;
const USAGE: u8 = 2;
const FAILURE: u8 = 3;

/// Colors when stderr is a terminal and `NO_COLOR` is not set (<https://no-color.org>).
fn color_on_stderr() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            check,
            runtime_dep,
            repository,
            only,
        } => {
            let mut settings = Settings::default();
            if let Some(actions) = only {
                settings = settings.with_actions(actions);
            }
            if let Some(toml) = runtime_dep {
                settings = settings.with_runtime_dependency(toml);
            }
            if let Some(url) = repository {
                settings = settings.with_repository(url);
            }
            generate(&spec, &out, check, &settings)
        }
        Command::Schema { check, overlay } => schema(check, overlay),
        Command::Rules {
            spec,
            overlays,
            format,
        } => rules(&spec, &overlays, format),
        Command::Import {
            dir,
            out,
            overlays,
            only,
            check,
            keep_duplicates,
        } => {
            let options = volc_codegen::import::ImportOptions {
                only,
                keep_duplicates,
            };
            import(&dir, &out, &overlays, &options, check)
        }
        Command::Diff {
            old,
            new,
            format,
            changelog,
        } => diff(&old, &new, format, changelog.as_deref()),
        Command::Synth {
            actions,
            spec,
            clone_scalars,
        } => synth(actions, spec, clone_scalars),
        Command::Export { format, spec, out } => export(format, &spec, out.as_deref()),
    }
}

fn generate(
    spec: &std::path::Path,
    out: &std::path::Path,
    check: bool,
    settings: &Settings,
) -> ExitCode {
    let source = spec.to_string_lossy().replace('\\', "/");
    let text = match fs::read_to_string(spec) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read spec {source}: {e}");
            eprintln!("  = help: run from the workspace root, or pass --spec PATH");
            return ExitCode::from(INVALID_SPEC);
        }
    };
    let files = match volc_codegen::generate(&text, &source, settings) {
        Ok(files) => files,
        Err(Error::Spec(diagnostics)) => {
            eprint!("{}", diagnostics.report(&text, color_on_stderr()));
            return ExitCode::from(INVALID_SPEC);
        }
        Err(Error::Emit(EmitError::Setting { setting, reason })) => {
            let flag = match setting {
                "runtime_dependency" => "--runtime-dep",
                "repository" => "--repository",
                other => other,
            };
            eprintln!("error: invalid {flag}: {reason}; nothing was written");
            return ExitCode::from(USAGE);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(FAILURE);
        }
    };
    if check {
        return match output::check(out, &files) {
            Ok(drift) if drift.is_empty() => {
                println!(
                    "{} is up to date with {source} ({} files)",
                    out.display(),
                    files.len()
                );
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                print!("{}", drift.render());
                eprintln!(
                    "error: {} differs from what {source} produces; run `cargo run -p volc-codegen -- generate` (with the same --spec, --out, --runtime-dep and --repository)",
                    out.display()
                );
                ExitCode::from(DRIFT)
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(FAILURE)
            }
        };
    }
    match output::write(out, &files) {
        Ok(()) => {
            println!(
                "wrote {} files to {} from {source}",
                files.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}; {} was left as it was", out.display());
            ExitCode::from(FAILURE)
        }
    }
}

/// `import`: the package, then each overlay; the result must be a valid spec before anything
/// is written.
fn import(
    dir: &std::path::Path,
    out: &std::path::Path,
    overlays: &[PathBuf],
    options: &volc_codegen::import::ImportOptions,
    check: bool,
) -> ExitCode {
    let mut spec = match volc_codegen::import::import_dir(dir, options) {
        Ok(spec) => spec,
        Err(e) => {
            eprintln!("error: {e}; nothing was written");
            return ExitCode::from(INVALID_SPEC);
        }
    };
    for path in overlays {
        let source = path.to_string_lossy().replace('\\', "/");
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read overlay {source}: {e}; nothing was written");
                return ExitCode::from(INVALID_SPEC);
            }
        };
        spec = match volc_codegen::overlay::apply_text(spec, &text, &source) {
            Ok(spec) => spec,
            Err(diagnostics) => {
                eprint!("{}", diagnostics.report(&text, color_on_stderr()));
                eprintln!("error: overlay {source} does not apply; nothing was written");
                return ExitCode::from(INVALID_SPEC);
            }
        };
    }
    let text = match volc_codegen::import::to_json(&spec) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot write the spec as JSON: {e}");
            return ExitCode::from(FAILURE);
        }
    };
    let shown = out.to_string_lossy().replace('\\', "/");
    if let Err(diagnostics) = volc_codegen::check_spec(&text, &shown) {
        eprint!("{}", diagnostics.report(&text, color_on_stderr()));
        eprintln!("error: the imported spec is not valid (fix the overlay); nothing was written");
        return ExitCode::from(INVALID_SPEC);
    }
    if check {
        return match fs::read_to_string(out) {
            Ok(existing) if existing == text => {
                println!("{shown} is up to date with {}", dir.display());
                ExitCode::SUCCESS
            }
            Ok(existing) => {
                print!("{}", output::text_diff(&shown, &existing, &text));
                eprintln!("error: {shown} is not what the import produces; run the same command without --check");
                ExitCode::from(DRIFT)
            }
            Err(e) => {
                eprintln!("error: cannot read {shown}: {e}");
                ExitCode::from(DRIFT)
            }
        };
    }
    match output::write_file(out, &text) {
        Ok(()) => {
            println!(
                "wrote {shown}: {} actions, {} shapes, {} enums",
                spec.actions.len(),
                spec.shapes.len(),
                spec.enums.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}; {shown} was left as it was");
            ExitCode::from(FAILURE)
        }
    }
}

fn synth(actions: usize, spec: Option<PathBuf>, clone_scalars: bool) -> ExitCode {
    let spec = spec.unwrap_or_else(|| PathBuf::from("spec/live-callback.json"));
    let source = spec.to_string_lossy().replace('\\', "/");
    let text = match fs::read_to_string(&spec) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read spec {source}: {e}");
            eprintln!("  = help: run from the workspace root, or pass --spec PATH");
            return ExitCode::from(INVALID_SPEC);
        }
    };
    let base = match volc_codegen::load(&text, &source) {
        Ok(base) => base,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            return ExitCode::from(INVALID_SPEC);
        }
    };
    let scalars = if clone_scalars {
        volc_codegen::synth::Scalars::Cloned
    } else {
        volc_codegen::synth::Scalars::Shared
    };
    match volc_codegen::synth::synthesize_text(&base, actions, scalars) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(INVALID_SPEC)
        }
    }
}

/// How `rules` prints its findings.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RulesFormat {
    /// For people.
    Text,
    /// For tools.
    Json,
}

/// `rules`: every constraint sentence and its status; exit 1 when one is open.
fn rules(path: &std::path::Path, overlays: &[PathBuf], format: RulesFormat) -> ExitCode {
    let source = path.to_string_lossy().replace('\\', "/");
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read spec {source}: {e}");
            return ExitCode::from(INVALID_SPEC);
        }
    };
    let mut spec = match volc_codegen::load(&text, &source) {
        Ok(spec) => spec,
        Err(diagnostics) => {
            eprint!("{}", diagnostics.report(&text, color_on_stderr()));
            return ExitCode::from(INVALID_SPEC);
        }
    };
    for overlay in overlays {
        let shown = overlay.to_string_lossy().replace('\\', "/");
        let text = match fs::read_to_string(overlay) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read overlay {shown}: {e}");
                return ExitCode::from(INVALID_SPEC);
            }
        };
        spec = match volc_codegen::overlay::apply_text(spec, &text, &shown) {
            Ok(spec) => spec,
            Err(diagnostics) => {
                eprint!("{}", diagnostics.report(&text, color_on_stderr()));
                return ExitCode::from(INVALID_SPEC);
            }
        };
    }
    let model = match volc_codegen::check::check(&spec, &source) {
        Ok(model) => model,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            return ExitCode::from(INVALID_SPEC);
        }
    };
    let findings = volc_codegen::review::findings(&spec, &model);
    match format {
        RulesFormat::Text => print!("{}", volc_codegen::review::to_text(&findings)),
        RulesFormat::Json => match volc_codegen::review::to_json(&findings) {
            Ok(json) => print!("{json}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(FAILURE);
            }
        },
    }
    if findings
        .iter()
        .any(|f| f.status == volc_codegen::review::Status::Open)
    {
        ExitCode::from(DRIFT)
    } else {
        ExitCode::SUCCESS
    }
}

/// How `diff` prints its report.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// For people.
    Text,
    /// For tools.
    Json,
    /// A CHANGELOG section.
    Markdown,
}

/// `diff`: exit 1 when a change is breaking, 2 when either spec cannot be read or is invalid
/// (every problem of both is printed, as `generate` prints them).
fn diff(
    old: &std::path::Path,
    new: &std::path::Path,
    format: DiffFormat,
    changelog: Option<&std::path::Path>,
) -> ExitCode {
    let mut models = Vec::new();
    for path in [old, new] {
        let source = path.to_string_lossy().replace('\\', "/");
        match fs::read_to_string(path) {
            Ok(text) => match volc_codegen::check_spec(&text, &source) {
                Ok(model) => models.push(model),
                Err(diagnostics) => eprint!("{}", diagnostics.report(&text, color_on_stderr())),
            },
            Err(e) => eprintln!("error: cannot read spec {source}: {e}"),
        }
    }
    let [old, new] = models.as_slice() else {
        return ExitCode::from(INVALID_SPEC);
    };
    let report = volc_codegen::diff::diff(old, new);
    if let Some(path) = changelog {
        if let Err(status) = keep_changelog(path, &report) {
            return status;
        }
    } else {
        match format {
            DiffFormat::Text => print!("{}", report.to_text()),
            DiffFormat::Json => print!("{}", report.to_json()),
            DiffFormat::Markdown => print!("{}", report.to_markdown()),
        }
    }
    if report.is_breaking() {
        ExitCode::from(DRIFT)
    } else {
        ExitCode::SUCCESS
    }
}

/// `diff --changelog`: the report's section goes into the file (see the flag's help).
fn keep_changelog(
    path: &std::path::Path,
    report: &volc_codegen::diff::Report,
) -> Result<(), ExitCode> {
    let shown = path.display();
    if report.changes.is_empty() && report.old_version == report.new_version {
        println!("no changes: {shown} left as it was");
        return Ok(());
    }
    let existing = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            eprintln!("error: cannot read {shown}: {e}");
            return Err(ExitCode::from(FAILURE));
        }
    };
    let updated = volc_codegen::diff::insert_section(&existing, &report.to_markdown());
    match output::write_file(path, &updated) {
        Ok(()) => {
            let version = report.release_version();
            println!(
                "{shown}: section {version} written ({} change{})",
                report.changes.len(),
                if report.changes.len() == 1 { "" } else { "s" }
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("error: {e}; {shown} was left as it was");
            Err(ExitCode::from(FAILURE))
        }
    }
}

fn schema(check: Option<PathBuf>, overlay: bool) -> ExitCode {
    let schema = if overlay {
        volc_codegen::overlay::json_schema()
    } else {
        volc_codegen::json_schema()
    };
    let flag = if overlay { " --overlay" } else { "" };
    let Some(path) = check else {
        print!("{schema}");
        return ExitCode::SUCCESS;
    };
    match fs::read_to_string(&path) {
        Ok(on_disk) if on_disk == schema => ExitCode::SUCCESS,
        Ok(_) => {
            eprintln!(
                "error: {} is out of date; run `cargo run -p volc-codegen -- schema{flag} > {}`",
                path.display(),
                path.display()
            );
            ExitCode::from(DRIFT)
        }
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            ExitCode::from(FAILURE)
        }
    }
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    /// An OpenAPI 3.0.3 document (JSON).
    Openapi,
}

/// `export`: the spec is checked as `generate` checks it (same diagnostics, exit 2), then
/// printed or written in the other format.
fn export(format: ExportFormat, spec: &std::path::Path, out: Option<&std::path::Path>) -> ExitCode {
    let source = spec.to_string_lossy().replace('\\', "/");
    let text = match fs::read_to_string(spec) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read spec {source}: {e}");
            return ExitCode::from(INVALID_SPEC);
        }
    };
    // Read once, then checked as `generate` checks it: the export is of a valid spec.
    let checked = volc_codegen::load(&text, &source).and_then(|loaded| {
        volc_codegen::check::check(&loaded, &source)
            .map(|_| loaded)
            .map_err(|diagnostics| diagnostics.located(&text))
    });
    let loaded = match checked {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            eprint!("{}", diagnostics.report(&text, color_on_stderr()));
            return ExitCode::from(INVALID_SPEC);
        }
    };
    let document = match format {
        ExportFormat::Openapi => volc_codegen::export::openapi(&loaded),
    };
    let mut json = match serde_json::to_string_pretty(&document) {
        Ok(json) => json,
        Err(e) => {
            eprintln!("error: cannot write the document as JSON: {e}");
            return ExitCode::from(FAILURE);
        }
    };
    json.push('\n');
    let Some(path) = out else {
        print!("{json}");
        return ExitCode::SUCCESS;
    };
    match output::write_file(path, &json) {
        Ok(()) => {
            println!(
                "wrote {}: OpenAPI {} of {source}, {} operations",
                path.display(),
                volc_codegen::export::openapi::OPENAPI_VERSION,
                loaded.actions.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}; {} was left as it was", path.display());
            ExitCode::from(FAILURE)
        }
    }
}
