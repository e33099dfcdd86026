//! Doc comments from the spec: English first, then Chinese, escaped for rustdoc.
//!
//! Doc text does not travel through the token streams: each block of doc lines is kept in a
//! per-file table and the tokens carry only a short placeholder attribute, `#[doc = "\u{1}N"]`.
//! After prettyplease has printed the file, [`expand`] puts the lines back in place of each
//! `///\u{1}N` (or `//!\u{1}N`) line, with its indentation. The output is the same as with the
//! text in the tokens, without escaping every character into a string literal, parsing it back
//! and printing it again (which was a fifth of the generator's time).

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Docs;

/// Marks a placeholder doc attribute; never part of real doc text.
const MARK: char = '\u{1}';

thread_local! {
    static TABLE: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `emit` with an empty doc table and returns what it built with the table it filled.
pub fn collect<T>(emit: impl FnOnce() -> T) -> (T, Vec<Vec<String>>) {
    let saved = TABLE.with(|t| std::mem::take(&mut *t.borrow_mut()));
    let value = emit();
    let table = TABLE.with(|t| std::mem::replace(&mut *t.borrow_mut(), saved));
    (value, table)
}

fn placeholder(lines: Vec<String>) -> String {
    TABLE.with(|t| {
        let mut table = t.borrow_mut();
        table.push(lines);
        format!("{MARK}{}", table.len() - 1)
    })
}

/// `#[doc]` attributes for paragraphs, separated by blank doc lines.
pub fn doc_paragraphs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let lines = doc_lines(paragraphs);
    if lines.is_empty() {
        return TokenStream::new();
    }
    let text = placeholder(lines);
    quote! { #[doc = #text] }
}

/// `#![doc]` attributes (module docs) in both languages.
pub fn inner_docs(docs: &Docs) -> TokenStream {
    let (en, zh) = (escape(&docs.en), escape(&docs.zh));
    let lines = doc_lines([en.as_str(), zh.as_str()]);
    if lines.is_empty() {
        return TokenStream::new();
    }
    let text = placeholder(lines);
    quote! { #![doc = #text] }
}

/// Replaces every placeholder line of `text` (as printed by prettyplease) with its doc lines,
/// appending to `out`.
pub fn expand(text: &str, table: &[Vec<String>], out: &mut String) {
    for line in text.split_inclusive('\n') {
        let Some(at) = line.find(MARK) else {
            out.push_str(line);
            continue;
        };
        let (prefix, rest) = line.split_at(at);
        let index = rest[MARK.len_utf8()..].trim_end();
        match index.parse::<usize>().ok().and_then(|i| table.get(i)) {
            Some(lines) => {
                for doc in lines {
                    out.push_str(prefix);
                    out.push_str(doc.trim_end_matches(' '));
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
}

fn doc_lines<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        if paragraph.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(paragraph.lines().map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        }));
    }
    lines
}

/// Docs up to this wide (a Chinese character counts twice) fit on one line.
const ONE_LINE: usize = 100;

/// The docs of an item: the English text followed by the extra facts (each a sentence or two),
/// then the Chinese text; on one line when both are short, else in two paragraphs.
pub fn bilingual(docs: &Docs, extra: &[String]) -> TokenStream {
    let mut en = escape(&docs.en);
    for fact in extra.iter().filter(|f| !f.is_empty()) {
        if !en.is_empty() {
            en.push(' ');
        }
        en.push_str(fact);
    }
    let zh = escape(&docs.zh);
    let width = |text: &str| {
        text.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let single = |text: &str| !text.contains('\n');
    if !en.is_empty()
        && !zh.is_empty()
        && single(&en)
        && single(&zh)
        && width(&en) + 1 + width(&zh) <= ONE_LINE
    {
        doc_paragraphs([format!("{en} {zh}").as_str()])
    } else {
        doc_paragraphs([en.as_str(), zh.as_str()])
    }
}

/// Escapes what rustdoc would read as links or HTML outside code spans.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && matches!(c, '[' | ']' | '<' | '>' | '*') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_expand_to_their_lines() {
        let (tokens, table) = collect(|| doc_paragraphs(["first\nsecond", "third"]));
        assert_eq!(table.len(), 1);
        let printed = format!(
            "    ///{}\n    fn f();\n",
            tokens
                .to_string()
                .split('"')
                .nth(1)
                .map_or(String::new(), |s| s.replace("\\u{1}", "\u{1}"))
        );
        let mut out = String::new();
        expand(&printed, &table, &mut out);
        assert_eq!(
            out,
            "    /// first\n    /// second\n    ///\n    /// third\n    fn f();\n"
        );
    }

    #[test]
    fn escapes_outside_code_only() {
        assert_eq!(escape("a [b] <c> `[d]`"), "a \\[b\\] \\<c\\> `[d]`");
    }
}
