//! Bounded, one-line text for error messages.
//!
//! Every value a server or a caller supplies (codes, messages, RequestIds, body excerpts, rejected
//! values) reaches a `Display` through [`Clean`], which replaces control and line-breaking
//! characters and caps the value; and every error's `Display` writes through [`bounded`], which
//! applies the same cleaning to the whole line and cuts it at [`MAX_DISPLAY_BYTES`]. A server
//! therefore cannot flood logs or forge log lines through our errors.

use std::fmt::{self, Write};

/// The most bytes any error's `Display` writes.
pub(crate) const MAX_DISPLAY_BYTES: usize = 1024;

/// Caps, in bytes, for the values that appear in messages.
pub(crate) const CODE_BYTES: usize = 64;
pub(crate) const MESSAGE_BYTES: usize = 256;
pub(crate) const REQUEST_ID_BYTES: usize = 96;
pub(crate) const REASON_BYTES: usize = 320;
pub(crate) const VALUE_BYTES: usize = 64;
pub(crate) const PATH_BYTES: usize = 200;

/// Characters that must not reach a log line as they are: C0/C1 controls (newlines, ANSI
/// escapes), Unicode line and paragraph separators, and the bidirectional overrides that can
/// make a line read differently from what it holds.
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// Displays `text` cleaned (unsafe characters become spaces) and cut to at most `max` bytes
/// on a character boundary; a cut value ends with `…` and its full length in bytes.
pub(crate) struct Clean<'a> {
    text: &'a str,
    max: usize,
}

impl<'a> Clean<'a> {
    pub(crate) fn new(text: &'a str, max: usize) -> Self {
        Self { text, max }
    }
}

impl fmt::Display for Clean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = 0;
        for c in self.text.chars() {
            if written + c.len_utf8() > self.max {
                return write!(f, "…({} bytes)", self.text.len());
            }
            written += c.len_utf8();
            f.write_char(if is_unsafe(c) { ' ' } else { c })?;
        }
        Ok(())
    }
}

/// Writes `args` to `f` as one clean line of at most [`MAX_DISPLAY_BYTES`] bytes, whatever
/// the pieces hold: the safety net behind every error's `Display`.
pub(crate) fn bounded(f: &mut fmt::Formatter<'_>, args: fmt::Arguments<'_>) -> fmt::Result {
    let mut out = Bounded {
        f,
        written: 0,
        cut: false,
        failed: false,
    };
    let result = out.write_fmt(args);
    match (result, out.cut, out.failed) {
        (_, _, true) => Err(fmt::Error),
        (_, true, false) => Ok(()),
        (result, false, false) => result,
    }
}

struct Bounded<'a, 'b> {
    f: &'a mut fmt::Formatter<'b>,
    written: usize,
    cut: bool,
    failed: bool,
}

impl Write for Bounded<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        const ELLIPSIS: &str = "…";
        if self.cut {
            return Err(fmt::Error);
        }
        for c in s.chars() {
            if self.written + c.len_utf8() > MAX_DISPLAY_BYTES - ELLIPSIS.len() {
                self.cut = true;
                if self.f.write_str(ELLIPSIS).is_err() {
                    self.failed = true;
                }
                // Stops the formatting machinery; `bounded` turns it back into success.
                return Err(fmt::Error);
            }
            self.written += c.len_utf8();
            let c = if is_unsafe(c) { ' ' } else { c };
            if self.f.write_char(c).is_err() {
                self.failed = true;
                return Err(fmt::Error);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Show<'a>(&'a str);

    impl fmt::Display for Show<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            bounded(f, format_args!("value: {}", self.0))
        }
    }

    #[test]
    fn clean_replaces_and_caps() {
        assert_eq!(Clean::new("a\nb\x1b[31mc", 64).to_string(), "a b [31mc");
        assert_eq!(Clean::new("a\u{2028}b\u{202e}c", 64).to_string(), "a b c");
        assert_eq!(Clean::new("abcdef", 3).to_string(), "abc…(6 bytes)");
        // A cut never splits a character.
        assert_eq!(Clean::new("直直", 4).to_string(), "直…(6 bytes)");
        assert_eq!(Clean::new("", 0).to_string(), "");
    }

    #[test]
    fn bounded_is_one_line_and_capped() {
        let huge = "x\n".repeat(1 << 20);
        let shown = Show(&huge).to_string();
        assert!(shown.len() <= MAX_DISPLAY_BYTES, "{}", shown.len());
        assert!(!shown.contains('\n'));
        assert!(shown.ends_with('…'));
        assert_eq!(Show("short").to_string(), "value: short");
        let wide = "直".repeat(2000);
        assert!(Show(&wide).to_string().len() <= MAX_DISPLAY_BYTES);
    }
}
