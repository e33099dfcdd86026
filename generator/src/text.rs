//! Text helpers shared by the generated docs, the Markdown change report and messages.

/// A name from an input as a message quotes it: control characters become spaces, and at most
/// 96 bytes of it are kept (then `…`), so that a message stays one short line.
pub(crate) fn clip(text: &str) -> String {
    const MAX: usize = 96;
    let mut out = String::with_capacity(text.len().min(MAX + 3));
    for c in text.chars() {
        if out.len() + c.len_utf8() > MAX {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

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

/// Markdown text from `text` in which only well-formed code spans stay code: a run of backticks
/// opens a span only when the same number of backticks closes it later in the paragraph (as
/// CommonMark reads them); every other backtick is escaped. Outside the spans, `escape` says
/// what each character becomes, given the characters before and after it (`None` keeps it).
pub(crate) fn escape_outside_code(
    text: &str,
    escape: impl Fn(char, Option<char>, Option<char>) -> Option<&'static str>,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let run_at = |i: usize| chars[i..].iter().take_while(|c| **c == '`').count();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' {
            let n = run_at(i);
            if let Some(close) = closing_run(&chars, i + n, n) {
                out.extend(&chars[i..close + n]);
                i = close + n;
            } else {
                for _ in 0..n {
                    out.push_str("\\`");
                }
                i += n;
            }
            continue;
        }
        let (before, after) = (
            i.checked_sub(1).map(|b| chars[b]),
            chars.get(i + 1).copied(),
        );
        match escape(chars[i], before, after) {
            Some(escaped) => out.push_str(escaped),
            None => out.push(chars[i]),
        }
        i += 1;
    }
    out
}

/// Where a run of exactly `n` backticks starts at or after `from`, before the paragraph ends.
fn closing_run(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '\n' && chars.get(i + 1) == Some(&'\n') {
            return None;
        }
        if chars[i] == '`' {
            let len = chars[i..].iter().take_while(|c| **c == '`').count();
            if len == n {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brackets(c: char, _: Option<char>, _: Option<char>) -> Option<&'static str> {
        match c {
            '<' => Some("\\<"),
            '>' => Some("\\>"),
            _ => None,
        }
    }

    #[test]
    fn only_closed_code_spans_stay_code() {
        assert_eq!(escape_outside_code("a `<b>` c", brackets), "a `<b>` c");
        assert_eq!(escape_outside_code("a <b>", brackets), "a \\<b\\>");
        // An unclosed backtick is text, and what follows it is escaped.
        assert_eq!(
            escape_outside_code("x` <img onerror=y>", brackets),
            "x\\` \\<img onerror=y\\>"
        );
        // A run closes only on a run of the same length.
        assert_eq!(
            escape_outside_code("``a`b`` <c> `", brackets),
            "``a`b`` \\<c\\> \\`"
        );
        // A value with a backtick inside single backticks: no span can hide the markup.
        assert_eq!(escape_outside_code("`a` x` <i>`", brackets), "`a` x` <i>`");
        // Code spans end at a paragraph break.
        assert_eq!(
            escape_outside_code("`a\n\n<b>`", brackets),
            "\\`a\n\n\\<b\\>\\`"
        );
    }

    #[test]
    fn code_spans_hold_any_value() {
        assert_eq!(code_span("live"), "`live`");
        assert_eq!(code_span(""), "`\"\"`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("``"), "``` `` ```");
        assert_eq!(code_span("x\ny"), "`x y`");
    }
}
