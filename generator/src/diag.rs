//! Diagnostics: every problem found in a spec, each with where it is and what to do.

use std::fmt;

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON path of the offending value, e.g. `shapes[3].fields[1].type`; empty for the whole file.
    pub path: String,
    /// Line and column (1-based) when known.
    pub position: Option<(usize, usize)>,
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
    /// The problems, in the order the spec is read.
    pub items: Vec<Diagnostic>,
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
