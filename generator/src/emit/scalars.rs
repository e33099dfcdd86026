//! Enums and constrained string types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{bilingual, doc_paragraphs, escape};
use super::names::ident;
use crate::model::{EnumKind, EnumModel, StringModel, WireValue};

/// An enum that keeps values it does not know in an `Unknown` variant; its conversions and
/// serde impls come from the `string_enum!` or `integer_enum!` macro of `support.rs`.
pub fn enumeration(e: &EnumModel) -> TokenStream {
    let name = ident(&e.name);
    let docs = bilingual(&e.docs, &[]);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = e.values.iter().map(|v| {
        let wire = match &v.wire {
            WireValue::String(s) => s.clone(),
            WireValue::Integer(n) => n.to_string(),
        };
        let line = format!("`{wire}`: {} {}", escape(&v.docs.en), escape(&v.docs.zh));
        doc_paragraphs([line.trim_end()])
    });
    let mut serde = Vec::new();
    if e.usage.input {
        serde.push(quote!(Serialize));
    }
    if e.usage.output {
        serde.push(quote!(Deserialize));
    }
    let (unknown_ty, derive_copy, wires, mac) = match e.kind {
        EnumKind::String => {
            let wires: Vec<_> = e
                .values
                .iter()
                .map(|v| match &v.wire {
                    WireValue::String(s) => Literal::string(s),
                    WireValue::Integer(n) => Literal::string(&n.to_string()),
                })
                .collect();
            (quote!(String), quote!(), wires, quote!(string_enum))
        }
        EnumKind::Integer => {
            let wires: Vec<_> = e
                .values
                .iter()
                .map(|v| match &v.wire {
                    WireValue::Integer(n) => Literal::i64_unsuffixed(*n),
                    WireValue::String(_) => Literal::i64_unsuffixed(0),
                })
                .collect();
            (quote!(i64), quote!(Copy,), wires, quote!(integer_enum))
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version of the crate does not know, kept as the server sent it.
            Unknown(#unknown_ty),
        }

        support::#mac!(#name, [#(#serde),*], #(#variants(#wires)),*);
    }
}

/// A newtype that can only hold a string meeting the type's constraints. `new` states the
/// checks; the accessors and trait impls come from the `string_type!` macro of `support.rs`.
pub fn string_type(s: &StringModel) -> TokenStream {
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
        facts.push(format!("Pattern: `{pattern}`."));
    }
    if let Some(example) = &s.example {
        facts.push(format!("Example: `{example}`."));
    }
    let docs = bilingual(&s.docs, &[facts.join(" ")]);

    let length_check = (s.min_length.is_some() || s.max_length.is_some()).then(|| {
        let min = s.min_length.unwrap_or(0) as usize;
        let max = s.max_length.map_or(quote!(usize::MAX), |m| {
            let m = Literal::usize_unsuffixed(m as usize);
            quote!(#m)
        });
        let min = Literal::usize_unsuffixed(min);
        quote! {
            let value = support::length(#type_name, value.into(), #min, #max)?;
        }
    });
    let into = length_check
        .is_none()
        .then(|| quote!(let value = value.into();));
    let pattern_check = s.pattern.as_ref().map(|(pattern, ranges)| {
        let arms = ranges.iter().map(|(start, end)| {
            if start == end {
                quote!(#start)
            } else {
                quote!(#start..=#end)
            }
        });
        quote! {
            let value = support::pattern(#type_name, value, #pattern, |c| matches!(c, #(#arms)|*))?;
        }
    });
    let new_docs = doc_paragraphs([format!(
        "Checks `value` and wraps it: [`ValidationError::Length`] or [`ValidationError::Pattern`] when it is not a valid `{type_name}`."
    )
    .as_str()]);
    let serde_attr = s
        .usage
        .output
        .then(|| quote!(#[serde(try_from = "String")]));
    let derives = match (s.usage.input, s.usage.output) {
        (true, true) => quote!(Serialize, Deserialize),
        (true, false) => quote!(Serialize),
        (false, true) => quote!(Deserialize),
        (false, false) => quote!(),
    };
    let mac_args = if s.usage.output {
        quote!(#name, TryFrom)
    } else {
        quote!(#name)
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derives)]
        #serde_attr
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

        support::string_type!(#mac_args);
    }
}
