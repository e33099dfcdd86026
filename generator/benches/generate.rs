//! Generation cost, in-process and end to end.
//!
//! In-process, per stage, for the real spec and synthetic specs of 10, 100 and 1000 actions
//! (`volc_codegen::synth`: every action with its own copy of every shape it uses; `-cloned`:
//! of every enum and string type too):
//!
//! - `load+check`: spec text to checked model ([`volc_codegen::check_spec`]);
//! - `emit`: model to token streams ([`volc_codegen::emit_unformatted`]);
//! - `format`: token streams to formatted text ([`volc_codegen::Unformatted::format`]);
//! - `generate`: the three together ([`volc_codegen::generate`]).
//!
//! End to end, the CLI binary from process start to files written (`generate --spec S --out D`),
//! for the real spec, 185 actions cloned from `spec/examples/live-streams.json` (a whole
//! service's size) and 1000 actions (both kinds).
//!
//! `cargo bench -p volc-codegen --bench generate`; add a filter such as `-- 'stages/real'`.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use volc_codegen::synth::Scalars;
use volc_codegen::{check_spec, emit_unformatted, generate, Settings};

const SOURCE: &str = "spec/live-callback.json";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn real_spec() -> String {
    std::fs::read_to_string(workspace().join(SOURCE)).unwrap_or_default()
}

fn synthetic(n: usize, scalars: Scalars) -> String {
    let base = volc_codegen::load(&real_spec(), SOURCE).ok();
    base.and_then(|base| volc_codegen::synth::synthesize_text(&base, n, scalars).ok())
        .unwrap_or_default()
}

/// 185 actions cloned from the second spec (`spec/examples/live-streams.json`: GET and POST,
/// lists, maps, floats, JSON, ranges): the size of a whole real service.
fn service_sized() -> String {
    let path = workspace().join("spec/examples/live-streams.json");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let base = volc_codegen::load(&text, "spec/examples/live-streams.json").ok();
    base.and_then(|base| volc_codegen::synth::synthesize_text(&base, 185, Scalars::Shared).ok())
        .unwrap_or_default()
}

fn specs() -> Vec<(String, usize, String)> {
    let mut specs = vec![("real".to_owned(), 3, real_spec())];
    for n in [10, 100, 1000] {
        specs.push((format!("synth{n}"), n, synthetic(n, Scalars::Shared)));
    }
    // The worst case: every action with its own enums and string types too.
    specs.push((
        "synth1000-cloned".to_owned(),
        1000,
        synthetic(1000, Scalars::Cloned),
    ));
    specs
}

fn stages(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("stages");
    for (name, actions, text) in specs() {
        let Ok(model) = check_spec(&text, SOURCE) else {
            eprintln!("skipping {name}: the spec does not check");
            continue;
        };
        if actions >= 1000 {
            group.sample_size(10);
        } else if actions >= 100 {
            group.sample_size(20);
        } else {
            group.sample_size(50);
        }
        group.throughput(Throughput::Elements(actions as u64));
        group.bench_with_input(BenchmarkId::new("load+check", &name), &text, |b, text| {
            b.iter(|| check_spec(black_box(text), SOURCE))
        });
        group.bench_with_input(BenchmarkId::new("emit", &name), &model, |b, model| {
            b.iter(|| emit_unformatted(black_box(model), &settings))
        });
        let Ok(unformatted) = emit_unformatted(&model, &settings) else {
            eprintln!("skipping {name}: the model does not emit");
            continue;
        };
        group.bench_with_input(
            BenchmarkId::new("format", &name),
            &unformatted,
            |b, unformatted| {
                b.iter_batched(
                    || unformatted.clone(),
                    |u| u.format(),
                    criterion::BatchSize::LargeInput,
                )
            },
        );
        group.bench_with_input(BenchmarkId::new("generate", &name), &text, |b, text| {
            b.iter(|| generate(black_box(text), SOURCE, &settings))
        });
    }
    group.finish();
}

fn cli(c: &mut Criterion) {
    let exe = env!("CARGO_BIN_EXE_volc-codegen");
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("skipping cli: no temporary directory");
        return;
    };
    let mut group = c.benchmark_group("cli");
    group.sample_size(10);
    for (name, text) in [
        ("real", real_spec()),
        ("live-streams185", service_sized()),
        ("synth1000", synthetic(1000, Scalars::Shared)),
        ("synth1000-cloned", synthetic(1000, Scalars::Cloned)),
    ] {
        let spec = dir.path().join(format!("{name}.json"));
        if std::fs::write(&spec, &text).is_err() {
            continue;
        }
        let out = dir.path().join(format!("out-{name}"));
        if name == "real" {
            group.sample_size(50);
        } else {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("generate", name), |b| {
            b.iter(|| {
                let status = Command::new(exe)
                    .arg("generate")
                    .arg("--spec")
                    .arg(&spec)
                    .arg("--out")
                    .arg(&out)
                    .stdout(std::process::Stdio::null())
                    .status();
                assert!(status.is_ok_and(|s| s.success()), "generate failed");
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = stages, cli
}
criterion_main!(benches);
