//! Spec text cannot put markup into the generated docs or the change report: a value with
//! backticks cannot close the code span it is shown in, so what follows it stays escaped.

use std::path::Path;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const HOSTILE: &str = "a` x ``` <img src=x onerror=alert(1)> *bold* [link](http://evil)";

fn spec() -> Result<String, std::io::Error> {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/live-callback.json"),
    )
}

/// The byte ranges of the code spans of one line, read as CommonMark does: a run of `n`
/// backticks opens a span only if a later run of exactly `n` closes it.
fn code_spans(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let run = |i: usize| bytes[i..].iter().take_while(|b| **b == b'`').count();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' && (i == 0 || bytes[i - 1] != b'\\') {
            let n = run(i);
            let mut j = i + n;
            let mut closed = None;
            while j < bytes.len() {
                if bytes[j] == b'`' {
                    let m = run(j);
                    if m == n {
                        closed = Some(j + m);
                        break;
                    }
                    j += m;
                } else {
                    j += 1;
                }
            }
            match closed {
                Some(end) => {
                    spans.push((i, end));
                    i = end;
                }
                None => i += n,
            }
        } else {
            i += 1;
        }
    }
    spans
}

/// Every `<img` in the text is escaped (`\<img`) or inside a well-formed code span, where it
/// is shown as code, not read as HTML.
fn assert_no_raw_html(text: &str, what: &str) {
    for line in text.lines() {
        let spans = code_spans(line);
        for (at, _) in line.match_indices("<img") {
            let in_code = spans.iter().any(|&(a, b)| a < at && at < b);
            assert!(
                in_code || line[..at].ends_with('\\'),
                "{what}: markup outside code at byte {at} of: {line}"
            );
        }
        assert!(
            !line.contains("](http://evil)")
                || spans
                    .iter()
                    .any(|&(a, b)| { line.find("[link]").is_some_and(|at| a < at && at < b) })
                || line.contains("\\[link\\]"),
            "{what}: a link outside code: {line}"
        );
    }
}

#[test]
fn examples_and_event_types_with_backticks_stay_text() -> TestResult {
    let spec = spec()?;
    let hostile_json = serde_json::to_string(HOSTILE)?;
    let edited = spec
        .replacen(
            "\"example\": \"live\"",
            &format!("\"example\": {hostile_json}"),
            1,
        )
        .replacen(
            "\"event_type\": \"push_start\"",
            &format!(
                "\"event_type\": {}",
                serde_json::to_string(&format!("push_start{HOSTILE}"))?
            ),
            1,
        );
    assert_ne!(spec, edited);
    let files =
        volc_codegen::generate(&edited, "hostile.json", &volc_codegen::Settings::default())?;
    let mut seen = 0;
    for (name, text) in &files {
        // The docs: doc comments of the Rust files, all of the README.
        let docs: String = if name.ends_with(".rs") {
            text.lines()
                .map(str::trim_start)
                .filter(|l| l.starts_with("///") || l.starts_with("//!"))
                .map(|l| format!("{l}\n"))
                .collect()
        } else {
            text.clone()
        };
        if docs.contains("onerror") {
            seen += 1;
            assert_no_raw_html(&docs, name);
        }
    }
    assert!(seen >= 2, "the hostile values reached {seen} files");
    Ok(())
}

#[test]
fn the_markdown_change_report_stays_text() -> TestResult {
    let spec = spec()?;
    let hostile_json = serde_json::to_string(HOSTILE)?;
    let value = serde_json::to_string(&format!("push{HOSTILE}"))?;
    let new_value = format!(
        r#""values": [{{"value": {value}, "name": "Hostile", "docs": {{"zh": "x", "en": "x"}}}},"#
    );
    // A hostile example, and a new enum value holding the hostile text.
    let edited = spec
        .replacen(
            "\"example\": \"live\"",
            &format!("\"example\": {hostile_json}"),
            1,
        )
        .replacen("\"values\": [", &new_value, 1);
    assert_ne!(spec, edited);
    let old = volc_codegen::check_spec(&spec, "old.json")?;
    let new = volc_codegen::check_spec(&edited, "new.json")?;
    let report = volc_codegen::diff::diff(&old, &new);
    let markdown = report.to_markdown();
    assert!(markdown.contains("onerror"), "{markdown}");
    assert_no_raw_html(&markdown, "markdown");
    Ok(())
}
