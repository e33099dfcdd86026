//! Tokens to text: each file is parsed by `syn` and printed by `prettyplease`.
//!
//! prettyplease prints a file's items without blank lines between them, so the file is printed
//! one top-level item at a time and the items are joined with a blank line; `use` lines and
//! `mod` declarations stay together in their groups.

use proc_macro2::TokenStream;

use super::EmitError;

/// The formatted text of one file's tokens.
pub fn file(tokens: TokenStream, path: &str) -> Result<String, EmitError> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| EmitError::Unparsable {
        file: path.to_owned(),
        reason: e.to_string(),
    })?;
    let print = |attrs: Vec<syn::Attribute>, items: Vec<syn::Item>| {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs,
            items,
        })
    };
    let mut out = String::new();
    if !file.attrs.is_empty() {
        out.push_str(&print(file.attrs, Vec::new()));
    }
    let mut previous = None;
    for item in file.items {
        let group = group(&item);
        if !out.is_empty() && (group.is_none() || group != previous) {
            out.push('\n');
        }
        out.push_str(&print(Vec::new(), vec![item]));
        previous = group;
    }
    Ok(out)
}

/// Items printed without a blank line between them: consecutive `use` items, and consecutive
/// `mod name;` declarations.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Group {
    Use,
    ModDeclaration,
}

fn group(item: &syn::Item) -> Option<Group> {
    match item {
        syn::Item::Use(_) => Some(Group::Use),
        syn::Item::Mod(m) if m.content.is_none() => Some(Group::ModDeclaration),
        _ => None,
    }
}
