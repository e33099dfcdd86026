//! Doc comments from the spec: English first, then Chinese, escaped for rustdoc.
//!
//! Each doc line becomes its own `#[doc = " line"]` attribute, which prettyplease prints as a
//! `///` line. The string literals are written directly (only `"`, `\` and control characters
//! need escaping): `proc_macro2::Literal::string` would escape every non-ASCII character it
//! cannot prove printable, which for Chinese text cost a fifth of the generator's time.

use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::model::Docs;
use crate::text::escape_outside_code;

/// A raw string literal for a doc line (`r"..."`, with as many `#` as the text needs; doc lines
/// hold no control characters, see [`doc_lines`]).
///
/// syn and prettyplease read a raw literal's value by slicing it, where an escaped one is
/// decoded character by character (twice: once when syn parses the token, once when prettyplease
/// prints the comment); for the Chinese half of every doc that was a tenth of the generator's
/// time.
fn doc_literal(text: &str) -> Literal {
    // Enough `#` that no `"#...` inside the text closes the literal early.
    let mut hashes = 0;
    let mut run: Option<usize> = None;
    for c in text.chars() {
        run = match (c, run) {
            ('"', _) => Some(0),
            ('#', Some(n)) => Some(n + 1),
            _ => None,
        };
        if let Some(n) = run {
            hashes = hashes.max(n + 1);
        }
    }
    let fence = "#".repeat(hashes);
    let repr = format!("r{fence}\"{text}\"{fence}");
    Literal::from_str(&repr).unwrap_or_else(|_| Literal::string(text))
}

/// The lines of paragraphs separated by blank lines; each non-empty line starts with a space,
/// as `///` comments do. A plain line right after a list item starts a paragraph of its own
/// (the API docs write "* a\n说明"), which Markdown would otherwise fold into the item.
fn doc_lines<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        if paragraph.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let mut in_list = false;
        for line in paragraph.lines() {
            // A control character has no place in a comment (a lone CR does not compile).
            let line: String = line
                .trim_end()
                .chars()
                .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
                .collect();
            if line.is_empty() {
                in_list = false;
                lines.push(line);
                continue;
            }
            let item = is_list_item(&line);
            if in_list && !item && !line.starts_with([' ', '\t']) {
                lines.push(String::new());
            }
            in_list = item || (in_list && line.starts_with([' ', '\t']));
            lines.push(format!(" {line}"));
        }
    }
    lines
}

/// Whether a line starts a Markdown list item: `* `, `- `, `+ `, or `1. ` / `1) `.
fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ") {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

/// `#[doc]` attributes for paragraphs, separated by blank doc lines.
pub fn doc_paragraphs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let lines = doc_lines(paragraphs).into_iter().map(|l| doc_literal(&l));
    quote! { #(#[doc = #lines])* }
}

/// `#![doc]` attributes (module docs) in both languages.
#[cfg(feature = "crate")]
pub fn inner_docs(docs: &Docs) -> TokenStream {
    let (en, zh) = (escape(&docs.en), escape(&docs.zh));
    let lines = doc_lines([en.as_str(), zh.as_str()])
        .into_iter()
        .map(|l| doc_literal(&l));
    quote! { #(#![doc = #lines])* }
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

/// Escapes what rustdoc would read as links, emphasis or HTML outside code spans; a backtick
/// that does not close a span is escaped too, so spec text cannot open one. A bare URL
/// outside code becomes an autolink (`<https://...>`), as rustdoc wants it.
pub fn escape(text: &str) -> String {
    // The URLs outside code spans (an even number of backticks before them).
    let mut wrap = Vec::new();
    let mut at = 0;
    while let Some((start, end)) = next_url(&text[at..]) {
        let (start, end) = (at + start, at + end);
        if text[..start].matches('`').count() % 2 == 0 {
            wrap.push((start, end));
        }
        at = end;
    }
    let mut out = String::with_capacity(text.len() + 2 * wrap.len());
    let mut from = 0;
    for (start, end) in wrap {
        out.push_str(&escape_markup(&text[from..start]));
        out.push('<');
        out.push_str(&text[start..end]);
        out.push('>');
        from = end;
    }
    out.push_str(&escape_markup(&text[from..]));
    out
}

fn escape_markup(text: &str) -> String {
    escape_outside_code(text, |c, _, _| match c {
        '[' => Some("\\["),
        ']' => Some("\\]"),
        '<' => Some("\\<"),
        '>' => Some("\\>"),
        '*' => Some("\\*"),
        '\\' => Some("\\\\"),
        _ => None,
    })
}

/// The byte range of the first `http://` or `https://` URL in `text`: ASCII characters a URL
/// may hold, without the punctuation that usually ends a sentence after it.
fn next_url(text: &str) -> Option<(usize, usize)> {
    let start = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| text.find(scheme))
        .min()?;
    let tail = &text[start..];
    let mut end = tail
        .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~:/?#@!$&'()*+,;=%".contains(c)))
        .unwrap_or(tail.len());
    while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', ')', '\'', '!', '?']) {
        end -= 1;
    }
    Some((start, start + end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_attribute_per_line() {
        let tokens = doc_paragraphs(["first\nsecond", "third \"quoted\" \\ 直"]);
        let file: syn::File = syn::parse_quote!(#tokens fn f() {});
        let printed = prettyplease::unparse(&file);
        assert_eq!(
            printed,
            "/// first\n/// second\n///\n/// third \"quoted\" \\ 直\nfn f() {}\n"
        );
    }

    #[test]
    fn escapes_outside_code_only() {
        assert_eq!(escape("a [b] <c> `[d]`"), "a \\[b\\] \\<c\\> `[d]`");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            escape("见 [https://www.volcengine.com/docs/6469/1133973]。"),
            "见 \\[<https://www.volcengine.com/docs/6469/1133973>\\]。"
        );
        assert_eq!(escape("see http://a.b/c."), "see <http://a.b/c>.");
        assert_eq!(escape("`https://in.code` x"), "`https://in.code` x");
        assert_eq!(escape("no url"), "no url");
    }

    #[test]
    fn doc_lines_are_raw_literals_that_print_as_written() {
        assert_eq!(doc_literal("直 a").to_string(), "r\"直 a\"");
        assert_eq!(doc_literal("say \"hi\"").to_string(), "r#\"say \"hi\"\"#");
        assert_eq!(doc_literal("a \"## b").to_string(), "r###\"a \"## b\"###");
        for (text, shown) in [
            ("plain", "plain"),
            ("with \"quotes\" and \\", "with \"quotes\" and \\"),
            ("\"#\"##", "\"#\"##"),
            ("tab\there", "tab\there"),
            ("\u{7}bell\rcr", " bell cr"),
        ] {
            let tokens = doc_paragraphs([text]);
            let file: syn::File = syn::parse_quote!(#tokens fn f() {});
            let printed = prettyplease::unparse(&file);
            let doc = printed.lines().next().unwrap_or_default();
            assert_eq!(doc.strip_prefix("/// "), Some(shown), "{printed}");
        }
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;

    #[test]
    fn a_plain_line_after_a_list_item_is_a_paragraph() {
        assert_eq!(
            doc_lines(["取值：\n* a：一\n* b：二\n说明\n更多"]),
            [" 取值：", " * a：一", " * b：二", "", " 说明", " 更多"]
        );
        assert_eq!(
            doc_lines(["1. one\n   wrapped\nnext"]),
            [" 1. one", "    wrapped", "", " next"]
        );
        assert!(is_list_item("- x") && is_list_item("12) x") && !is_list_item("-x"));
    }
}
