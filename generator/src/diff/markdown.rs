//! The change report as a CHANGELOG section (`diff --format markdown`), and keeping a
//! `CHANGELOG.md` with it (`diff --changelog PATH`).
//!
//! A section is headed by the version the generated crate is released as: the new spec's
//! `crate_version` when it covers the bump the changes need, else the version they need (and a
//! note says the spec must be raised to it). Breaking changes come first, then additions, then
//! the other compatible changes, each as one list item naming where the change is.

use std::fmt::Write as _;

use super::report::{Bump, Impact, Report};
use crate::text::{code_span, escape_outside_code, one_line};

impl Report {
    /// The version the changes are released as: the new spec's `crate_version` when it covers
    /// [`Report::bump`] (or when the bump cannot be computed), else [`Report::next_version`].
    pub fn release_version(&self) -> String {
        match (self.new_version_suffices(), self.next_version()) {
            (Some(false), Some(next)) => next,
            _ => self.new_version.clone(),
        }
    }

    /// The report as a Markdown CHANGELOG section, ending in a newline.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = self.write_markdown(&mut out);
        out
    }

    fn write_markdown(&self, out: &mut String) -> std::fmt::Result {
        let next = self.next_version();
        writeln!(out, "## {}", plain(&self.release_version()))?;
        writeln!(out)?;
        writeln!(out, "{}", self.summary_line())?;
        if let (Some(false), Some(next)) = (self.new_version_suffices(), &next) {
            writeln!(out)?;
            writeln!(
                out,
                "> The new spec's `crate_version` is {}: set it to {} before releasing.",
                code_span(&self.new_version),
                code_span(next)
            )?;
        }
        let groups = [
            ("Breaking changes", Impact::Breaking),
            ("Added", Impact::Addition),
            ("Changed", Impact::Compatible),
        ];
        for (title, impact) in groups {
            let mut changes = self
                .changes
                .iter()
                .filter(|c| c.impact == impact)
                .peekable();
            if changes.peek().is_none() {
                continue;
            }
            writeln!(out)?;
            writeln!(out, "### {title}")?;
            writeln!(out)?;
            for change in changes {
                writeln!(
                    out,
                    "- {}: {} ({})",
                    code_span(&change.path),
                    prose(&change.description),
                    code_span(change.kind.as_str())
                )?;
            }
        }
        Ok(())
    }

    /// One sentence: how many changes, and the bump they need.
    fn summary_line(&self) -> String {
        let name = code_span(&self.crate_name);
        let old = code_span(&self.old_version);
        if self.changes.is_empty() {
            return format!("No changes to the API of {name} since {old}.");
        }
        let total = self.changes.len();
        let breaking = self.changes.iter().filter(|c| c.is_breaking()).count();
        let breaking = match (breaking, total) {
            (0, _) => "none breaking".to_owned(),
            (1, 1) => "breaking".to_owned(),
            (b, t) if b == t => "all breaking".to_owned(),
            (b, _) => format!("{b} breaking"),
        };
        let count = format!(
            "{total} change{} to the API of {name} since {old}, {breaking}",
            if total == 1 { "" } else { "s" }
        );
        match self.bump() {
            Bump::None => format!("{count}."),
            bump if self.is_post_1_0() => format!("{count}: a {} bump.", bump.as_str()),
            bump => format!(
                "{count}: a {} bump (while the crate is 0.x, only a breaking change bumps the minor version).",
                bump.as_str()
            ),
        }
    }
}

/// Puts a section into a changelog's text: in place of the section of the same version if there
/// is one (so regenerating before a release updates the entry), else above the newest release
/// (below an `Unreleased` section, as Keep a Changelog has it), else at the end. An empty
/// changelog gets a title first. Headings are read as `## 0.2.0`, `## [0.2.0]` or
/// `## [0.2.0] - 2026-12-01`; headings in fenced code blocks are text; link definitions at the
/// end of the file stay at the end; CRLF line ends are kept.
pub fn insert_section(changelog: &str, section: &str) -> String {
    let version = section.lines().next().and_then(heading_version);
    let mut lines: Vec<&str> = changelog.lines().collect();
    // Headings inside fenced code blocks are text, not sections.
    let mut in_code = false;
    let headings: Vec<bool> = lines
        .iter()
        .map(|line| {
            let fence =
                line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
            if fence {
                in_code = !in_code;
            }
            !in_code && !fence && line.starts_with("## ")
        })
        .collect();
    let is_section = |i: usize| headings.get(i).copied().unwrap_or(false);
    // Link definitions (`[0.1.0]: https://...`) closing the file belong to no section.
    let mut tail = lines.len();
    while tail > 0 && {
        let line = lines[tail - 1].trim();
        line.is_empty() || (line.starts_with('[') && line.contains("]:"))
    } {
        tail -= 1;
    }
    let section_lines: Vec<&str> = section.lines().collect();
    let same = (0..lines.len())
        .find(|&i| is_section(i) && version.is_some() && heading_version(lines[i]) == version);
    let unreleased =
        |i: usize| heading_version(lines[i]).is_some_and(|v| v.eq_ignore_ascii_case("unreleased"));
    if let Some(start) = same {
        let end = (start + 1..lines.len())
            .find(|&i| is_section(i))
            .unwrap_or(tail.max(start + 1));
        // Keep one blank line between this section and what follows.
        let mut replacement = section_lines;
        if lines.get(end).is_some_and(|l| !l.trim().is_empty()) {
            replacement.push("");
        }
        lines.splice(start..end, replacement);
    } else if let Some(first) = (0..lines.len()).find(|&i| is_section(i) && !unreleased(i)) {
        let mut inserted = section_lines;
        inserted.push("");
        lines.splice(first..first, inserted);
    } else {
        if lines.iter().all(|l| l.trim().is_empty()) {
            lines = vec!["# Changelog", ""];
            tail = lines.len();
        }
        let mut inserted = section_lines;
        if lines.get(tail).is_some_and(|l| !l.trim().is_empty()) {
            inserted.push("");
        }
        // After the last section (or the title), before the closing link definitions.
        let at = tail.min(lines.len());
        if at > 0 && !lines[at - 1].trim().is_empty() {
            inserted.insert(0, "");
        }
        lines.splice(at..at, inserted);
    }
    // A file written with CRLF line ends keeps them.
    let newline = if changelog.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut text = lines.join(newline);
    text.push_str(newline);
    text
}

/// The version a `## ` heading names: `0.2.0` in `## 0.2.0`, `## [0.2.0]` and
/// `## [0.2.0] - 2026-12-01`.
fn heading_version(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("## ")?.trim();
    let rest = rest.split(" - ").next().unwrap_or(rest).trim();
    let rest = rest
        .strip_prefix('[')
        .map_or(rest, |r| r.split(']').next().unwrap_or(r));
    (!rest.is_empty()).then_some(rest.trim())
}

/// A report's description as Markdown: its code spans kept, the text between them escaped so
/// that nothing a spec holds turns into markup, HTML or a new line.
fn prose(text: &str) -> String {
    let text = one_line(text);
    escape_outside_code(&text, |c, before, after| {
        // `min_items`: an underscore inside a word is not emphasis (CommonMark), so it stays.
        let inside_word =
            before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric);
        match c {
            '_' if inside_word => None,
            '\\' => Some("\\\\"),
            '*' => Some("\\*"),
            '_' => Some("\\_"),
            '[' => Some("\\["),
            ']' => Some("\\]"),
            '<' => Some("\\<"),
            '>' => Some("\\>"),
            '#' => Some("\\#"),
            '|' => Some("\\|"),
            '&' => Some("&amp;"),
            _ => None,
        }
    })
}

/// A version for a heading: escaped like prose.
fn plain(text: &str) -> String {
    prose(&text.replace('`', "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_escapes_markup_outside_code() {
        assert_eq!(
            prose("value \"<b>*x*</b>\" removed: `Option<String>`"),
            "value \"\\<b\\>\\*x\\*\\</b\\>\" removed: `Option<String>`"
        );
        assert_eq!(prose("min_items, _x_"), "min_items, \\_x\\_");
        assert_eq!(prose("a & b\nc"), "a &amp; b c");
        assert_eq!(prose("odd ` tick"), "odd \\` tick");
        // A spec value with backticks cannot end the code span it was put in and bring markup.
        let hostile = "example `a` x ``` <img src=x onerror=alert(1)> *b* [l](http://e)`";
        let shown = prose(hostile);
        assert_eq!(
            shown,
            "example `a` x \\`\\`\\` \\<img src=x onerror=alert(1)\\> \\*b\\* \\[l\\](http://e)\\`"
        );
    }

    #[test]
    fn sections_are_inserted_above_the_newest_and_replaced_in_place() {
        let empty = insert_section("", "## 0.1.0\n\nFirst.\n");
        assert_eq!(empty, "# Changelog\n\n## 0.1.0\n\nFirst.\n");

        let kept = "# Changelog\n\nIntro.\n\n## 0.1.0\n\nFirst.\n";
        let added = insert_section(kept, "## 0.2.0\n\nSecond.\n");
        assert_eq!(
            added,
            "# Changelog\n\nIntro.\n\n## 0.2.0\n\nSecond.\n\n## 0.1.0\n\nFirst.\n"
        );
        // Again, with another report for the same version: the entry is replaced.
        let replaced = insert_section(&added, "## 0.2.0\n\nSecond, revised.\n");
        assert_eq!(
            replaced,
            "# Changelog\n\nIntro.\n\n## 0.2.0\n\nSecond, revised.\n\n## 0.1.0\n\nFirst.\n"
        );
        // The last section can be replaced too.
        let last = insert_section(&replaced, "## 0.1.0\n\nFirst, revised.\n");
        assert!(last.ends_with("## 0.1.0\n\nFirst, revised.\n"), "{last}");

        // A heading in a code block is not a section; CRLF stays CRLF.
        let fenced = "# Changelog\r\n\n```md\r\n## 0.2.0\r\n```\r\n\r\n## 0.1.0 \r\n\r\nFirst.\r\n";
        let updated = insert_section(fenced, "## 0.2.0\n\nSecond.\n");
        assert_eq!(
            updated,
            "# Changelog\r\n\r\n```md\r\n## 0.2.0\r\n```\r\n\r\n## 0.2.0\r\n\r\nSecond.\r\n\r\n## 0.1.0 \r\n\r\nFirst.\r\n"
        );
        // A heading with trailing spaces is the same section.
        let replaced = insert_section(&updated, "## 0.1.0\n\nFirst, revised.\n");
        assert!(
            replaced.ends_with("## 0.1.0\r\n\r\nFirst, revised.\r\n"),
            "{replaced:?}"
        );

        // Keep a Changelog: `## [x] - date` headings, `Unreleased` first, link definitions last.
        let kac = "# Changelog\n\n## [Unreleased]\n\n- wip\n\n## [0.1.0] - 2026-11-01\n\nFirst.\n\n[Unreleased]: https://e/compare\n[0.1.0]: https://e/0.1.0\n";
        let added = insert_section(kac, "## 0.2.0\n\nSecond.\n");
        assert_eq!(
            added,
            "# Changelog\n\n## [Unreleased]\n\n- wip\n\n## 0.2.0\n\nSecond.\n\n## [0.1.0] - 2026-11-01\n\nFirst.\n\n[Unreleased]: https://e/compare\n[0.1.0]: https://e/0.1.0\n"
        );
        let replaced = insert_section(&added, "## 0.1.0\n\nFirst, revised.\n");
        assert_eq!(
            replaced,
            "# Changelog\n\n## [Unreleased]\n\n- wip\n\n## 0.2.0\n\nSecond.\n\n## 0.1.0\n\nFirst, revised.\n\n[Unreleased]: https://e/compare\n[0.1.0]: https://e/0.1.0\n"
        );
        assert_eq!(heading_version("## [0.2.0] - 2026-12-01"), Some("0.2.0"));
        assert_eq!(heading_version("## 0.2.0  "), Some("0.2.0"));

        let no_sections = insert_section("# Changelog\n\nIntro.", "## 0.1.0\n\nFirst.\n");
        assert_eq!(no_sections, "# Changelog\n\nIntro.\n\n## 0.1.0\n\nFirst.\n");
    }
}
