//! How a field is emitted: its docs, serde attributes, and the parameter, getter and storage
//! forms of its type. One place for every shape form.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{bilingual, doc_paragraphs};
use super::names::{ident, rust_type, Side};
use super::EmitError;
use crate::model::{FieldModel, Location, Model, ShapeModel, Ty};
use crate::text::code_span;

/// The docs of a field: its text and notes, its wire name, example and secrecy, then the Chinese.
pub fn field_docs(field: &FieldModel) -> TokenStream {
    let mut docs = field.docs.clone();
    for note in &field.notes {
        docs.en = format!("{} {}", docs.en, note.en);
        docs.zh = format!("{}{}", docs.zh, note.zh);
    }
    let mut extra = Vec::new();
    if !field.flatten {
        let mut line = format!("Wire name: {}.", code_span(&field.wire));
        if let Some(example) = &field.example {
            let shown = match example {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            line.push_str(&format!(" Example: {}.", code_span(&shown)));
        }
        extra.push(line);
    }
    match field.location {
        Some(Location::Query) => {
            extra.push("Sent in the query string, not the JSON body.".to_owned());
        }
        Some(Location::QueryAndBody) => {
            extra.push("Sent in the query string and in the JSON body.".to_owned());
        }
        None => {}
    }
    if field.sensitive {
        extra.push("Secret: `Debug` prints it as `***`.".to_owned());
    }
    bilingual(&docs, &extra)
}

/// One line pointing to the item that carries a field's full docs.
pub fn see_docs(field: &FieldModel, target: &str) -> TokenStream {
    let what = if field.flatten { "group" } else { "field" };
    doc_paragraphs([format!("The {} {what}; see [`{target}`].", code_span(&field.wire)).as_str()])
}

/// The docs of a shape's type: its text, the rules it states, extra facts, then the Chinese.
pub fn shape_docs(shape: &ShapeModel, extra: &[String]) -> TokenStream {
    let mut docs = shape.docs.clone();
    for rule in shape.documented_rules() {
        docs.en = format!("{} {}", docs.en, rule.en);
        docs.zh = format!("{}{}", docs.zh, rule.zh);
    }
    bilingual(&docs, extra)
}

/// A `#[serde(...)]` attribute with these parts, or nothing.
pub fn serde_attr(parts: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let parts: Vec<TokenStream> = parts.into_iter().collect();
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// `rename = "Wire"` when `rename_all = "PascalCase"` does not name the field right.
pub fn rename(field: &FieldModel) -> Option<TokenStream> {
    let wire = &field.wire;
    field.rename.then(|| quote!(rename = #wire))
}

/// The serde attribute of a serialized field: flattened, or renamed, and skipped when absent.
pub fn serialize_attr(field: &FieldModel, required: bool) -> TokenStream {
    if field.flatten {
        return quote!(#[serde(flatten)]);
    }
    let skip = (!required).then(|| quote!(skip_serializing_if = "Option::is_none"));
    serde_attr(rename(field).into_iter().chain(skip))
}

/// How a setter or constructor takes a value, and how it stores it.
pub fn param_and_store(
    model: &Model,
    field: &FieldModel,
) -> Result<(TokenStream, TokenStream), EmitError> {
    let name = ident(&field.ident);
    let (param, store) = match &field.ty {
        Ty::String if field.sensitive => (
            quote!(impl Into<String>),
            quote!(Sensitive::new(#name.into())),
        ),
        Ty::String => (quote!(impl Into<String>), quote!(#name.into())),
        Ty::Json => (quote!(impl Into<JsonValue>), quote!(#name.into())),
        Ty::List(inner) => {
            let item = rust_type(model, inner, field.sensitive, Side::Request)?;
            (
                quote!(impl IntoIterator<Item = #item>),
                quote!(#name.into_iter().collect()),
            )
        }
        Ty::Map(inner) => {
            let value = rust_type(model, inner, field.sensitive, Side::Request)?;
            (
                quote!(impl IntoIterator<Item = (String, #value)>),
                quote!(#name.into_iter().collect()),
            )
        }
        ty => (
            rust_type(model, ty, field.sensitive, Side::Request)?,
            quote!(#name),
        ),
    };
    Ok(if field.boxed {
        (param, quote!(Box::new(#store)))
    } else {
        (param, store)
    })
}

/// The name of the setter taking an `Option`: `set_` and the field's (`set_type` for `r#type`).
pub fn set_ident(field: &FieldModel) -> String {
    format!("set_{}", field.ident.trim_start_matches("r#"))
}

/// The docs of the `Option` setter: one line pointing to the plain one.
pub fn set_docs(field: &FieldModel) -> TokenStream {
    let plain = field.ident.trim_start_matches("r#");
    doc_paragraphs([format!(
        "Sets {} from an `Option`: `None` clears it (see [`{plain}`](Self::{plain})).",
        code_span(&field.wire)
    )
    .as_str()])
}

/// How the `Option` setter takes a value (the owned type, a secret as a plain `String`) and
/// how it stores it.
pub fn set_param_and_store(
    model: &Model,
    field: &FieldModel,
) -> Result<(TokenStream, TokenStream), EmitError> {
    let name = ident(&field.ident);
    // A secret is taken plain and wrapped; the wrapping is known for a string and for lists
    // and maps of strings, otherwise the stored type is taken as it is.
    let (plain, wrap) = match (&field.ty, field.sensitive) {
        (Ty::String, true) => (true, quote!(.map(Sensitive::new))),
        (Ty::List(inner), true) if **inner == Ty::String => (
            true,
            quote!(.map(|items| items.into_iter().map(Sensitive::new).collect())),
        ),
        (Ty::Map(inner), true) if **inner == Ty::String => (
            true,
            quote!(.map(|entries| entries.into_iter().map(|(k, v)| (k, Sensitive::new(v))).collect())),
        ),
        _ => (false, quote!()),
    };
    let ty = rust_type(model, &field.ty, field.sensitive && !plain, Side::Request)?;
    let boxed = field.boxed.then(|| quote!(.map(Box::new)));
    Ok((quote!(Option<#ty>), quote!(#name #wrap #boxed)))
}

/// `name: value` in a struct expression, shortened to `name` when the value is the parameter.
pub fn field_init(model: &Model, field: &FieldModel) -> Result<TokenStream, EmitError> {
    let name = ident(&field.ident);
    let (_, value) = param_and_store(model, field)?;
    Ok(if name == value.to_string() {
        quote!(#name)
    } else {
        quote!(#name: #value)
    })
}

/// How a getter returns a stored value: its return type and body.
pub fn getter(model: &Model, field: &FieldModel) -> Result<(TokenStream, TokenStream), EmitError> {
    let name = ident(&field.ident);
    let ty = rust_type(model, &field.ty, field.sensitive, Side::Request)?;
    let copy = matches!(field.ty, Ty::Boolean | Ty::Integer | Ty::Float);
    Ok(match (&field.ty, field.required) {
        (Ty::String, true) if !field.sensitive => (quote!(&str), quote!(&self.#name)),
        (Ty::String, false) if !field.sensitive => {
            (quote!(Option<&str>), quote!(self.#name.as_deref()))
        }
        (Ty::List(inner), required) => {
            let item = rust_type(model, inner, field.sensitive, Side::Request)?;
            if required {
                (quote!(&[#item]), quote!(&self.#name))
            } else {
                (quote!(Option<&[#item]>), quote!(self.#name.as_deref()))
            }
        }
        (_, true) if copy => (ty, quote!(self.#name)),
        (_, false) if copy => (quote!(Option<#ty>), quote!(self.#name)),
        // A boxed value is handed out as a plain reference.
        (_, true) => (quote!(&#ty), quote!(&self.#name)),
        (_, false) if field.boxed => (quote!(Option<&#ty>), quote!(self.#name.as_deref())),
        (_, false) => (quote!(Option<&#ty>), quote!(self.#name.as_ref())),
    })
}
