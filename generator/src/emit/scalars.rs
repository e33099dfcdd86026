//! Enums and constrained string types. The types are written out; their conversions come from
//! the runtime's `string_enum!`, `integer_enum!` and `string_type!` macros, the same for every
//! type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{bilingual, doc_paragraphs, escape};
use super::names::ident;
use super::uses::Uses;
use crate::model::{EnumKind, EnumModel, StringModel, WireValue};
use crate::text::code_span;

/// An enum that keeps values it does not know in an `Unknown` variant.
pub fn enumeration(e: &EnumModel, uses: &mut Uses) -> TokenStream {
    uses.add("volc_runtime::UnknownValue");
    let name = ident(&e.name);
    let docs = bilingual(&e.docs, &[]);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = e.values.iter().map(|v| {
        let line = format!(
            "`{}`: {} {}",
            v.wire.text(),
            escape(&v.docs.en),
            escape(&v.docs.zh)
        );
        doc_paragraphs([line.trim_end()])
    });
    let mut serde = Vec::new();
    if e.usage.input {
        serde.push(quote!(Serialize));
    }
    if e.usage.output {
        serde.push(quote!(Deserialize));
    }
    let literal = |wire: &WireValue| match wire {
        WireValue::String(s) => Literal::string(s),
        WireValue::Integer(n) => Literal::i64_unsuffixed(*n),
    };
    // The wire value, then the spellings accepted on decode: `Http("http" | "HTTP")`.
    let wires = e.values.iter().map(|v| {
        let wire = literal(&v.wire);
        let aliases = v.aliases.iter().map(literal);
        quote!(#wire #(| #aliases)*)
    });
    let (unknown, copy, mac) = match e.kind {
        EnumKind::String => (quote!(String), quote!(), "string_enum"),
        EnumKind::Integer => (quote!(i64), quote!(Copy,), "integer_enum"),
    };
    uses.add(&format!("volc_runtime::{mac}"));
    let mac = ident(mac);
    quote! {
        #docs
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version of the crate does not know, kept as the server sent it.
            Unknown(UnknownValue<#unknown>),
        }

        #mac!(#name, [#(#serde),*], #(#variants(#wires)),*);
    }
}

/// A newtype that can only hold a string meeting the type's constraints: `new` states the
/// checks; the accessors and trait impls come from the runtime's `string_type!`.
pub fn string_type(s: &StringModel, uses: &mut Uses) -> TokenStream {
    uses.add("volc_runtime::ValidationError");
    uses.add("volc_runtime::string_type");
    if s.min_length.is_some() || s.max_length.is_some() || s.pattern.is_some() {
        uses.add("volc_runtime::validate");
    }
    let name = ident(&s.name);
    let type_name = &s.name;
    let mut facts = Vec::new();
    match (s.min_length, s.max_length) {
        (Some(min), Some(max)) => facts.push(format!("Length: {min} to {max} characters.")),
        (Some(min), None) => facts.push(format!("Length: at least {min} characters.")),
        (None, Some(max)) => facts.push(format!("Length: at most {max} characters.")),
        (None, None) => {}
    }
    if let Some((pattern, _)) = &s.pattern {
        facts.push(format!("Pattern: {}.", code_span(pattern)));
    }
    if let Some(example) = &s.example {
        facts.push(format!("Example: {}.", code_span(example)));
    }
    let docs = bilingual(&s.docs, &[facts.join(" ")]);

    let length_check = (s.min_length.is_some() || s.max_length.is_some()).then(|| {
        let min = Literal::usize_unsuffixed(s.min_length.unwrap_or(0) as usize);
        let max = s.max_length.map_or(quote!(usize::MAX), |m| {
            let m = Literal::usize_unsuffixed(m as usize);
            quote!(#m)
        });
        quote! {
            let value = validate::length(#type_name, value.into(), #min, #max)?;
        }
    });
    let into = length_check
        .is_none()
        .then(|| quote!(let value = value.into();));
    let pattern_check = s.pattern.as_ref().map(|(pattern, ranges)| {
        let allowed = allowed_chars(ranges);
        quote! {
            let value = validate::pattern(#type_name, value, #pattern, #allowed)?;
        }
    });
    let new_docs = doc_paragraphs([format!(
        "Checks `value` and wraps it: [`ValidationError::Length`] or [`ValidationError::Pattern`] when it is not a valid `{type_name}`."
    )
    .as_str()]);
    // Results keep constrained strings as sent (plain `String`s): only requests need the type.
    let serde = s.usage.input.then(|| quote!(Serialize));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct #name(String);

        impl #name {
            #new_docs
            pub fn new(value: impl Into<String>) -> Result<Self, ValidationError> {
                #into
                #length_check
                #pattern_check
                Ok(Self(value))
            }
        }

        string_type!(#name, [#serde]);
    }
}

/// The test of a pattern's character class: `char`'s own method for the classes it has one
/// for (which is what clippy asks for), else a `matches!` over the ranges.
fn allowed_chars(ranges: &[(char, char)]) -> TokenStream {
    match ranges {
        [('a', 'z')] => quote!(|c| c.is_ascii_lowercase()),
        [('A', 'Z')] => quote!(|c| c.is_ascii_uppercase()),
        [('0', '9')] => quote!(|c| c.is_ascii_digit()),
        _ => {
            let arms = ranges.iter().map(|(start, end)| {
                if start == end {
                    quote!(#start)
                } else {
                    quote!(#start..=#end)
                }
            });
            quote!(|c| matches!(c, #(#arms)|*))
        }
    }
}
