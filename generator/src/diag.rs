//! Diagnostics: every problem found in a spec, each with where it is and what to do.

use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

use crate::locate::{line_column, Locations};

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON path of the offending value, e.g. `shapes[3].fields[1].type`; empty for the whole file.
    pub path: String,
    /// Line and column (1-based, column in characters) when known.
    pub position: Option<(usize, usize)>,
    /// Byte range in the spec text when known; what a rendered report underlines.
    pub span: Option<Range<usize>>,
    /// The problem is the key itself (an unknown key), not its value.
    pub at_key: bool,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is an obvious fix.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            position: None,
            span: None,
            at_key: false,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// All problems found in one spec file. Checking goes on after the first problem, so a
/// maintainer sees every problem at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The spec file, as named to the generator.
    pub file: String,
    /// The problems, in the order of the spec text once [`Diagnostics::located`].
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Fills in where each problem is, from its JSON path, for problems found after parsing.
    #[must_use]
    pub fn located(mut self, text: &str) -> Self {
        let locations = Locations::new(text);
        for item in &mut self.items {
            if item.span.is_none() {
                let key = if item.at_key {
                    locations.key_span(&item.path)
                } else {
                    None
                };
                item.span = key.or_else(|| locations.span(text, &item.path));
            }
            if item.position.is_none() {
                item.position = item.span.as_ref().map(|span| line_column(text, span.start));
            }
        }
        // In the order of the file, whatever order the checks ran in; problems without a place
        // (none after parsing, in practice) keep theirs, first.
        self.items
            .sort_by_key(|item| item.span.as_ref().map(|span| (span.start, span.end)));
        self
    }

    /// Renders every problem with the spec line it concerns underlined, as compilers do;
    /// with ANSI colors when `color` is set. `text` is the spec the problems were found in.
    pub fn report(&self, text: &str, color: bool) -> String {
        let file = SimpleFile::new(self.file.as_str(), text);
        let config = term::Config::default();
        let mut plain = Vec::new();
        let mut colored = termcolor::Ansi::new(Vec::new());
        for item in &self.items {
            let mut report = Report::error().with_message(&item.message);
            let located = item.span.clone().filter(|span| span.end <= text.len());
            if let Some(span) = located {
                let label = Label::primary((), span);
                report = report.with_labels(vec![if item.path.is_empty() {
                    label
                } else {
                    label.with_message(format!("at {}", item.path))
                }]);
            } else if !item.path.is_empty() {
                report = report.with_notes(vec![format!("at {}", item.path)]);
            }
            if let Some(hint) = &item.hint {
                report.notes.push(format!("help: {hint}"));
            }
            // Rendering into memory fails only if a span is outside the text, which was
            // filtered out above; the plain summary below still names every problem.
            let _ = if color {
                term::emit_to_write_style(&mut colored, &config, &file, &report)
            } else {
                term::emit_to_io_write(&mut plain, &config, &file, &report)
            };
        }
        let mut out =
            String::from_utf8_lossy(if color { colored.get_ref() } else { &plain }).into_owned();
        let count = self.items.len();
        out.push_str(&format!(
            "{}: {count} problem{} found\n",
            self.file,
            if count == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.items.len();
        writeln!(
            f,
            "{}: {count} problem{}",
            self.file,
            if count == 1 { "" } else { "s" }
        )?;
        for item in &self.items {
            write!(f, "error: {}", item.message)?;
            match (item.position, item.path.is_empty()) {
                (Some((line, column)), true) => write!(f, "\n  --> {}:{line}:{column}", self.file)?,
                (Some((line, column)), false) => {
                    write!(f, "\n  --> {}:{line}:{column} at {}", self.file, item.path)?
                }
                (None, false) => write!(f, "\n  --> {} at {}", self.file, item.path)?,
                (None, true) => write!(f, "\n  --> {}", self.file)?,
            }
            if let Some(hint) = &item.hint {
                write!(f, "\n  = help: {hint}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate to `name`, for "did you mean" hints.
/// A JSON value's type with its article, as messages say it: `an integer`, `a string`.
pub(crate) fn json_kind(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a Boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&lower, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_near_names_only() {
        assert_eq!(closest("Strng", ["String", "Boolean"]), Some("String"));
        assert_eq!(
            closest("CallbackDetial", ["CallbackDetail"]),
            Some("CallbackDetail")
        );
        assert_eq!(closest("Zebra", ["String", "Boolean"]), None);
    }
}
