//! Where a JSON path is in the spec text, so that a diagnostic can point at the line.
//!
//! Runs only when there is something to report, on text that already parsed as JSON, so it is
//! lenient: it stops quietly at anything unexpected.

use std::collections::HashMap;
use std::ops::Range;

/// Nesting beyond this is not located (serde_json refuses deeper documents anyway).
const MAX_DEPTH: usize = 256;

/// Byte spans of the values in a JSON document, by JSON path (`shapes[3].fields[1].type`).
#[derive(Debug, Default)]
pub struct Locations {
    spans: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
}

impl Locations {
    /// Scans `text`.
    pub fn new(text: &str) -> Self {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            at: 0,
            spans: HashMap::new(),
            keys: HashMap::new(),
        };
        scanner.value(String::new(), 0);
        Self {
            spans: scanner.spans,
            keys: scanner.keys,
        }
    }

    /// The span of the key (with its quotes) of the object member at `path`.
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        self.keys.get(path).cloned()
    }

    /// The span of the value at `path`, or of its nearest located ancestor. A value that spans
    /// several lines is cut to its first line, which is what a reader needs to find it.
    pub fn span(&self, text: &str, path: &str) -> Option<Range<usize>> {
        let mut path = path;
        loop {
            if let Some(span) = self.spans.get(path) {
                let first_line = text.get(span.clone()).and_then(|s| s.find('\n'));
                let end = first_line.map_or(span.end, |n| span.start + n);
                return Some(span.start..end.max((span.start + 1).min(text.len())));
            }
            path = parent(path)?;
        }
    }
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The span of the character just before `offset`, when there is one on the same line.
pub fn char_before(text: &str, offset: usize) -> Option<Range<usize>> {
    let before = text.get(..offset.min(text.len()))?;
    let (start, c) = before.char_indices().next_back()?;
    (c != '\n').then(|| start..start + c.len_utf8())
}

/// The byte offset of a 1-based line and column (in characters), as serde_json reports them.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, content) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within = content
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(content.len(), |(i, _)| i);
            return (offset + within).min(text.len());
        }
        offset += content.len();
    }
    text.len()
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    spans: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
}

impl Scanner<'_> {
    fn skip_whitespace(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn value(&mut self, path: String, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_whitespace();
        let start = self.at;
        match self.bytes.get(self.at)? {
            b'{' => self.object(&path, depth)?,
            b'[' => self.array(&path, depth)?,
            b'"' => {
                self.string()?;
            }
            _ => {
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
            }
        }
        self.spans.insert(path, start..self.at);
        Some(())
    }

    /// A string token; returns its raw content (escapes are kept as written).
    fn string(&mut self) -> Option<String> {
        let start = self.at + 1;
        self.at += 1;
        loop {
            match self.bytes.get(self.at)? {
                b'\\' => self.at += 2,
                b'"' => break,
                _ => self.at += 1,
            }
        }
        let content = String::from_utf8_lossy(self.bytes.get(start..self.at)?).into_owned();
        self.at += 1;
        Some(content)
    }

    fn object(&mut self, path: &str, depth: usize) -> Option<()> {
        self.at += 1;
        loop {
            self.skip_whitespace();
            match self.bytes.get(self.at)? {
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                b',' => self.at += 1,
                b'"' => {
                    let key_start = self.at;
                    let key = self.string()?;
                    let key_span = key_start..self.at;
                    self.skip_whitespace();
                    if self.bytes.get(self.at) != Some(&b':') {
                        return None;
                    }
                    self.at += 1;
                    let child = if path.is_empty() {
                        key
                    } else {
                        format!("{path}.{key}")
                    };
                    self.keys.insert(child.clone(), key_span);
                    self.value(child, depth + 1)?;
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, path: &str, depth: usize) -> Option<()> {
        self.at += 1;
        let mut index = 0;
        loop {
            self.skip_whitespace();
            match self.bytes.get(self.at)? {
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                b',' => self.at += 1,
                _ => {
                    self.value(format!("{path}[{index}]"), depth + 1)?;
                    index += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"shapes\": [\n    {\"name\": \"A\", \"fields\": [{\"type\": \"Strng\"}]}\n  ],\n  \"x\": 1\n}\n";

    #[test]
    fn finds_values_by_path() {
        let locations = Locations::new(TEXT);
        let span = locations.span(TEXT, "shapes[0].fields[0].type");
        assert_eq!(span.and_then(|s| TEXT.get(s)), Some("\"Strng\""));
        assert_eq!(
            locations.span(TEXT, "x").and_then(|s| TEXT.get(s)),
            Some("1")
        );
        // Unknown paths fall back to the nearest ancestor, multi-line values to their first line.
        let span = locations
            .span(TEXT, "shapes[0].fields[0].nope")
            .and_then(|s| TEXT.get(s));
        assert_eq!(span, Some("{\"type\": \"Strng\"}"));
        assert_eq!(
            locations.span(TEXT, "shapes").and_then(|s| TEXT.get(s)),
            Some("[")
        );
    }

    #[test]
    fn positions_round_trip() {
        let text = "ab\n中文x\n";
        let offset = offset_of(text, 2, 3);
        assert_eq!(&text[offset..offset + 1], "x");
        assert_eq!(line_column(text, offset), (2, 3));
    }

    #[test]
    fn survives_broken_text() {
        for text in ["", "{", "{\"a\"", "[1,", "{\"a\": [\"\\", "\"", "}{"] {
            let _ = Locations::new(text).span(text, "a[0]");
        }
    }
}
