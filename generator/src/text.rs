//! Text helpers shared by the generated docs and the Markdown change report.

/// Text on one line: every control character (newlines included) becomes a space.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A value as a Markdown code span on one line, whatever it holds: `""` when empty, fenced with
/// more backticks than it holds when it holds some.
pub(crate) fn code_span(text: &str) -> String {
    if text.is_empty() {
        return "`\"\"`".to_owned();
    }
    let text = one_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 {
        format!("`{text}`")
    } else {
        let fence = "`".repeat(longest + 1);
        format!("{fence} {text} {fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_value() {
        assert_eq!(code_span("live"), "`live`");
        assert_eq!(code_span(""), "`\"\"`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("``"), "``` `` ```");
        assert_eq!(code_span("x\ny"), "`x y`");
    }
}
