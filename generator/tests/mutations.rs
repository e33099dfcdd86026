//! Property test: mutated versions of `spec/live-callback.json` never make the generator panic.
//! Each one is either generated (check and emit) or refused with diagnostics that render.
//!
//! Deterministic: a fixed seed and a small xorshift generator, so a failure names a case that
//! reproduces. `cargo test -p volc-codegen --test mutations -- --nocapture` prints the figures.

use std::error::Error;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use serde_json::{json, Map, Value};
use volc_codegen::Settings;

type TestResult = Result<(), Box<dyn Error>>;

/// Cases of structured mutations; each case applies one to three mutations to the parsed spec.
const STRUCTURED_CASES: usize = 1_200;
/// The least number of structured mutations over all cases.
const MIN_MUTATIONS: usize = 2_000;
/// Cases of byte-level mutations of the text (one or two each).
const TEXT_CASES: usize = 600;
const SEED: u64 = 0x5eed_c0de_2023_0101;

/// xorshift64*: enough randomness for choosing mutations, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// One step of a path into a JSON value.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Keys under which text is prose: mutated less often, so that most cases exercise structure.
const PROSE: &[&str] = &["docs", "title", "notes", "example"];

/// Paths to every value, except inside prose (the prose values themselves are included).
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Step::Key(key.clone()));
                if PROSE.contains(&key.as_str()) {
                    out.push(prefix.clone());
                } else {
                    paths(child, prefix, out);
                }
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn get<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut current = value;
    for step in path {
        current = match step {
            Step::Key(key) => current.get(key.as_str())?,
            Step::Index(i) => current.get(*i)?,
        };
    }
    Some(current)
}

fn get_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut current = value;
    for step in path {
        current = match step {
            Step::Key(key) => current.get_mut(key.as_str())?,
            Step::Index(i) => current.get_mut(*i)?,
        };
    }
    Some(current)
}

/// Strings that stress names: keywords, reserved words, odd characters, other names.
const NASTY_STRINGS: &[&str] = &[
    "",
    " ",
    "type",
    "Type",
    "match",
    "Match",
    "Self",
    "self",
    "crate",
    "Super",
    "r#type",
    "_",
    "__",
    "1",
    "2ndField",
    "a-b",
    "a b",
    "Lib",
    "Main",
    "Types",
    "Client",
    "Build",
    "Builder",
    "New",
    "Result",
    "Some",
    "Unknown",
    "String",
    "List<String>",
    "List<List<String>>",
    "List<>",
    "List<",
    "Float",
    "Json",
    "Map<String>",
    "Map<",
    "Map<>",
    "List<Map<Json>>",
    "Map<List<Float>>",
    "Map<Map<Integer>>",
    "range",
    "rust_name",
    "aliases",
    "HTTP",
    "名前",
    "Ünïcödé",
    "e\u{301}",
    "\u{0}",
    "\u{202e}RTL",
    "😀",
    "\"quoted\"",
    "back\\slash",
    "*/ /*",
    "```",
    "\r\n",
    "https://",
    "http://example.com",
    "^[a-z]*$",
    "^[a-z]+$",
    "^[^a]*$",
    "^[\\w]*$",
    "^.*$",
    "^[a-z]{2}$",
    "(",
    "[",
    "^[z-a]*$",
    "^[\\u{10FFFF}]*$",
    "one_of",
    "switch",
    "struct",
    "exactly_one_of",
    "forbids",
    "required_if",
    "min_items",
    "integer",
    "string",
    "GET",
    "POST",
];

/// A value of some JSON type, chosen at random.
fn random_value(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(false),
        3 => json!(0),
        4 => json!(-1),
        5 => json!(1.5),
        6 => json!(u64::MAX),
        7 => json!(i64::MIN),
        8 => json!(1e300),
        9 => json!([]),
        10 => json!({}),
        11 => json!(["x"]),
        12 => json!({ "kind": "one_of" }),
        _ => Value::String(
            rng.pick(NASTY_STRINGS)
                .copied()
                .unwrap_or_default()
                .to_owned(),
        ),
    }
}

/// Every string in the spec, so that a name can be swapped for another real one.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn mutate_string(rng: &mut Rng, text: &str, names: &[String]) -> String {
    match rng.below(11) {
        0 => String::new(),
        1 => "A".repeat(1 + rng.below(20_000)),
        2 => rng
            .pick(NASTY_STRINGS)
            .copied()
            .unwrap_or_default()
            .to_owned(),
        3 => rng.pick(names).cloned().unwrap_or_default(),
        4 if rng.below(2) == 0 => format!("Map<{text}>"),
        4 => format!("List<{text}>"),
        5 => text.to_ascii_lowercase(),
        6 => format!("{text}_"),
        7 => {
            // Drop one character.
            let chars: Vec<char> = text.chars().collect();
            let cut = rng.below(chars.len());
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != cut)
                .map(|(_, c)| c)
                .collect()
        }
        8 => format!(
            "{text}{}",
            rng.pick(NASTY_STRINGS).copied().unwrap_or_default()
        ),
        9 => format!(
            "{}{text}",
            rng.pick(NASTY_STRINGS).copied().unwrap_or_default()
        ),
        _ => text.to_uppercase(),
    }
}

/// Applies one random mutation; returns what it did, for the failure message.
fn mutate(rng: &mut Rng, spec: &mut Value, names: &[String]) -> String {
    let mut all = Vec::new();
    paths(spec, &mut Vec::new(), &mut all);
    let kind = rng.below(8);
    let candidates: Vec<&Vec<Step>> = all
        .iter()
        .filter(|path| {
            let Some(node) = get(spec, path) else {
                return false;
            };
            match kind {
                0 => node.as_object().is_some_and(|m| !m.is_empty()),
                2 => node.is_string(),
                3 | 4 | 7 => node.as_array().is_some_and(|a| !a.is_empty()),
                5 => node.is_number() || node.is_string(),
                6 => node.is_object(),
                _ => true,
            }
        })
        .collect();
    let Some(path) = rng.pick(&candidates).map(|p| (*p).clone()) else {
        return "nothing to mutate".to_owned();
    };
    let where_ = format!("{path:?}");
    let Some(node) = get_mut(spec, &path) else {
        return "path vanished".to_owned();
    };
    match kind {
        0 => {
            let Value::Object(map) = node else {
                return String::new();
            };
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).cloned().unwrap_or_default();
            map.remove(&key);
            format!("drop key {key:?} at {where_}")
        }
        1 => {
            let value = random_value(rng);
            let shown = value.to_string();
            *node = value;
            format!("replace {where_} by {:.40}", shown)
        }
        2 => {
            let text = node.as_str().unwrap_or_default().to_owned();
            let new = mutate_string(rng, &text, names);
            let shown = format!("{new:.40?}");
            *node = Value::String(new);
            format!("string at {where_} -> {shown}")
        }
        3 => {
            let Value::Array(items) = node else {
                return String::new();
            };
            let i = rng.below(items.len());
            let copy = items[i].clone();
            items.insert(i, copy);
            format!("duplicate element {i} of {where_}")
        }
        4 => {
            let Value::Array(items) = node else {
                return String::new();
            };
            let (i, j) = (rng.below(items.len()), rng.below(items.len()));
            items.swap(i, j);
            format!("swap elements {i} and {j} of {where_}")
        }
        5 => {
            let value = match rng.below(6) {
                0 => json!(u64::MAX),
                1 => json!(i64::MIN),
                2 => json!(-1),
                3 => json!(9_223_372_036_854_775_807_u64 + 1),
                4 => json!(u64::from(u32::MAX) + 1),
                _ => json!(-1e-300),
            };
            let shown = value.to_string();
            *node = value;
            format!("number at {where_} -> {shown}")
        }
        6 => {
            // An unknown key, or a known key in the wrong place.
            let Value::Object(map) = node else {
                return String::new();
            };
            let key = rng
                .pick(&[
                    "kind", "fields", "required", "rules", "nmae", "flatten", "values",
                ])
                .copied()
                .unwrap_or("x");
            let value = random_value(rng);
            map.insert(key.to_owned(), value);
            format!("insert key {key:?} at {where_}")
        }
        _ => {
            let Value::Array(items) = node else {
                return String::new();
            };
            let i = rng.below(items.len());
            items.remove(i);
            format!("remove element {i} of {where_}")
        }
    }
}

#[derive(Default, Debug)]
struct Tally {
    generated: usize,
    refused: usize,
}

/// Runs the whole pipeline on `text`; a panic or an error other than diagnostics fails the test.
fn run(text: &str, what: &str, tally: &mut Tally) -> TestResult {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        volc_codegen::generate(text, "spec/mutated.json", &Settings::default())
    }));
    match outcome {
        Err(_) => Err(format!("panicked on: {what}\n--- spec ---\n{text:.4000}").into()),
        Ok(Ok(files)) => {
            assert!(files.contains_key("src/lib.rs"), "{what}");
            tally.generated += 1;
            Ok(())
        }
        Ok(Err(volc_codegen::Error::Spec(diagnostics))) => {
            if diagnostics.items.is_empty() {
                return Err(format!("an error without diagnostics: {what}").into());
            }
            let report = catch_unwind(AssertUnwindSafe(|| diagnostics.report(text, false)))
                .map_err(|_| format!("rendering panicked: {what}"))?;
            if !report.contains("error") {
                return Err(format!("report without an error: {what}\n{report}").into());
            }
            tally.refused += 1;
            Ok(())
        }
        Ok(Err(other)) => Err(format!(
            "not a spec error ({other}); the checker let through what the emitter cannot handle: {what}\n--- spec ---\n{text:.4000}"
        )
        .into()),
    }
}

fn base_text() -> std::io::Result<String> {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/live-callback.json"),
    )
}

/// The kitchen-sink fixture: every type (`Float`, `Json`, `Map<...>`, nested lists), rule
/// (`range` included), alias, `rust_name`, empty and recursive shapes, so that mutations reach
/// the new syntax too.
fn kitchen_sink_text() -> std::io::Result<String> {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/kitchen_sink.json"),
    )
}

/// Silences the default panic message while cases run (each panic is reported as a failure
/// with its case instead), then restores it.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = f();
    std::panic::set_hook(hook);
    result
}

#[test]
fn mutated_specs_are_generated_or_refused_never_panic() -> TestResult {
    let bases: Vec<Value> = [base_text()?, kitchen_sink_text()?]
        .iter()
        .map(|text| serde_json::from_str(text))
        .collect::<Result<_, _>>()?;
    let mut names = Vec::new();
    for base in &bases {
        strings(base, &mut names);
    }
    names.retain(|s| s.len() < 40);
    let mut rng = Rng(SEED);
    let mut tally = Tally::default();
    let mut mutations = 0;
    quietly(|| -> TestResult {
        for case in 0..STRUCTURED_CASES {
            // Alternate between the two bases, by pairs so that both layouts meet both.
            let mut spec = bases[(case / 2) % bases.len()].clone();
            let mut done = Vec::new();
            for _ in 0..=rng.below(3) {
                done.push(mutate(&mut rng, &mut spec, &names));
            }
            mutations += done.len();
            // Sometimes compact, sometimes pretty, so that positions vary too.
            let mutated = if case % 2 == 0 {
                serde_json::to_string_pretty(&spec)?
            } else {
                serde_json::to_string(&spec)?
            };
            run(
                &mutated,
                &format!("case {case}: {}", done.join("; ")),
                &mut tally,
            )?;
        }
        Ok(())
    })?;
    println!(
        "structured mutations: {mutations} in {STRUCTURED_CASES} cases, {} generated, {} refused with diagnostics",
        tally.generated, tally.refused
    );
    assert!(mutations >= MIN_MUTATIONS, "only {mutations} mutations");
    assert_eq!(tally.generated + tally.refused, STRUCTURED_CASES);
    // Both outcomes must be common, or the mutations test little.
    assert!(tally.generated > STRUCTURED_CASES / 20, "{tally:?}");
    assert!(tally.refused > STRUCTURED_CASES / 4, "{tally:?}");
    Ok(())
}

#[test]
fn byte_level_mutations_are_refused_or_accepted_never_panic() -> TestResult {
    let text = base_text()?;
    let mut rng = Rng(SEED ^ 0xb17e);
    let mut tally = Tally::default();
    let inserts: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\u{0}", "\u{feff}", "é", "名",
        "😀", "null", "1e999", "-", "\n", "\t", "/*", "//",
    ];
    quietly(|| -> TestResult {
        for case in 0..TEXT_CASES {
            let mut mutated = text.clone();
            let mut done = Vec::new();
            for _ in 0..=rng.below(2) {
                // Byte offsets on character boundaries.
                let boundaries: Vec<usize> = mutated
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([mutated.len()])
                    .collect();
                let at = boundaries[rng.below(boundaries.len())];
                match rng.below(5) {
                    0 => {
                        mutated.truncate(at);
                        done.push(format!("truncate at {at}"));
                    }
                    1 => {
                        let insert = rng.pick(inserts).copied().unwrap_or("x");
                        mutated.insert_str(at, insert);
                        done.push(format!("insert {insert:?} at {at}"));
                    }
                    2 => {
                        // Replace one character.
                        let next = mutated[at..].chars().next().map_or(0, char::len_utf8);
                        let insert = rng.pick(inserts).copied().unwrap_or("x");
                        mutated.replace_range(at..at + next, insert);
                        done.push(format!("replace the character at {at} by {insert:?}"));
                    }
                    3 => {
                        let end = boundaries
                            .iter()
                            .copied()
                            .find(|&b| b >= at + rng.below(200))
                            .unwrap_or(mutated.len());
                        mutated.replace_range(at..end, "");
                        done.push(format!("delete {at}..{end}"));
                    }
                    _ => {
                        let end = boundaries
                            .iter()
                            .copied()
                            .find(|&b| b >= at + rng.below(400))
                            .unwrap_or(mutated.len());
                        let copy = mutated[at..end].to_owned();
                        mutated.insert_str(end, &copy);
                        done.push(format!("repeat {at}..{end}"));
                    }
                }
            }
            run(
                &mutated,
                &format!("text case {case}: {}", done.join("; ")),
                &mut tally,
            )?;
        }
        Ok(())
    })?;
    println!(
        "byte-level mutations: {TEXT_CASES} cases, {} generated, {} refused with diagnostics",
        tally.generated, tally.refused
    );
    assert_eq!(tally.generated + tally.refused, TEXT_CASES);
    Ok(())
}

/// Deep nesting and huge inputs are refused without exhausting the stack.
#[test]
fn pathological_inputs_are_refused() -> TestResult {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let mut object = Map::new();
    object.insert("format".into(), json!(1));
    let many_keys = Value::Object(object);
    let mut tally = Tally::default();
    for (what, text) in [
        ("deep arrays", deep),
        ("only the format", many_keys.to_string()),
        ("a lone string", "\"spec\"".to_owned()),
        ("a number", "1".to_owned()),
        ("bytes", "\u{0}\u{1}\u{2}".to_owned()),
    ] {
        run(&text, what, &mut tally)?;
    }
    assert_eq!(tally.refused, 5);
    Ok(())
}
