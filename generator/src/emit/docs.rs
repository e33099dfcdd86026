//! Doc comments from the spec: English first, then Chinese, escaped for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Docs;

/// `#[doc]` attributes for paragraphs, separated by blank doc lines.
pub fn doc_paragraphs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc]` attributes (module docs) in both languages.
pub fn inner_docs(docs: &Docs) -> TokenStream {
    let (en, zh) = (escape(&docs.en), escape(&docs.zh));
    let lines = doc_lines([en.as_str(), zh.as_str()]);
    quote! { #(#![doc = #lines])* }
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

/// The docs of an item: the English text, then the Chinese text, then extra paragraphs.
pub fn bilingual(docs: &Docs, extra: &[String]) -> TokenStream {
    let en = escape(&docs.en);
    let zh = escape(&docs.zh);
    doc_paragraphs(
        std::iter::once(en.as_str())
            .chain(extra.iter().map(String::as_str))
            .chain(std::iter::once(zh.as_str())),
    )
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
    fn escapes_outside_code_only() {
        assert_eq!(escape("a [b] <c> `[d]`"), "a \\[b\\] \\<c\\> `[d]`");
    }
}
