//! Shapes: request structs with builders, lenient response structs, and the enums that turn
//! exactly-one-of and switch rules into types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{bilingual, doc_paragraphs};
use super::names::{ident, rust_type, snake_ident};
use super::uses::Uses;
use crate::model::{
    Check, FieldModel, Home, Model, OneOfVariant, Repr, RuleValue, ShapeModel, Ty, WireValue,
};

/// Emits one shape for the module `here`.
pub fn shape(model: &Model, shape: &ShapeModel, here: Home, uses: &mut Uses) -> TokenStream {
    for field in &shape.fields {
        uses.add_type(model, &field.ty, field.sensitive, here);
    }
    match &shape.repr {
        Repr::Struct if shape.usage.input => input_struct(model, shape, uses),
        Repr::Struct => output_struct(model, shape, uses),
        Repr::OneOf { variants } => one_of(model, shape, variants, uses),
        Repr::Switch {
            field,
            on,
            off,
            required_on,
        } => switch(model, shape, *field, on, off, required_on, uses),
    }
}

/// The docs of a field: its text and notes, its wire name, example and secrecy, then the Chinese.
fn field_docs(field: &FieldModel) -> TokenStream {
    let mut docs = field.docs.clone();
    for note in &field.notes {
        docs.en = format!("{} {}", docs.en, note.en);
        docs.zh = format!("{}{}", docs.zh, note.zh);
    }
    let mut extra = Vec::new();
    if !field.flatten {
        let mut line = format!("Wire name: `{}`.", field.wire);
        if let Some(example) = &field.example {
            let shown = match example {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            line.push_str(&format!(" Example: `{shown}`."));
        }
        extra.push(line);
    }
    if field.sensitive {
        extra.push("Secret: `Debug` prints it as `***`.".to_owned());
    }
    bilingual(&docs, &extra)
}

/// One line pointing to the item that carries a field's full docs.
fn see_docs(field: &FieldModel, target: &str) -> TokenStream {
    let what = if field.flatten { "group" } else { "field" };
    doc_paragraphs([format!("The `{}` {what}; see [`{target}`].", field.wire).as_str()])
}

fn shape_docs(shape: &ShapeModel, extra: &[String]) -> TokenStream {
    let mut docs = shape.docs.clone();
    for rule in &shape.rule_docs {
        docs.en = format!("{} {}", docs.en, rule.en);
        docs.zh = format!("{}{}", docs.zh, rule.zh);
    }
    bilingual(&docs, extra)
}

/// The wire name serde gives a field under `rename_all = "PascalCase"` (serde's own rule).
fn pascal_name(ident: &str) -> String {
    let mut out = String::with_capacity(ident.len());
    let mut capitalize = true;
    for c in ident.trim_start_matches("r#").chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `rename_all = "PascalCase"` names this field right, so it needs no `rename`.
fn pascal_fits(field: &FieldModel) -> bool {
    !field.flatten && pascal_name(&field.ident) == field.wire
}

/// `rename = "Wire"`, unless `rename_all = "PascalCase"` already names the field right.
fn rename(field: &FieldModel) -> Option<TokenStream> {
    let wire = &field.wire;
    (!pascal_fits(field)).then(|| quote!(rename = #wire))
}

/// A `#[serde(...)]` attribute with these parts, or nothing.
fn serde_attr(parts: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let parts: Vec<TokenStream> = parts.into_iter().collect();
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

fn serde_derives(shape: &ShapeModel, uses: &mut Uses) -> TokenStream {
    let mut derives = Vec::new();
    if shape.usage.input {
        uses.add("serde::Serialize");
        derives.push(quote!(Serialize));
    }
    if shape.usage.output {
        uses.add("serde::Deserialize");
        derives.push(quote!(Deserialize));
    }
    quote!(#(#derives),*)
}

/// How a builder setter takes a value, and how it stores it.
fn setter_parts(model: &Model, field: &FieldModel) -> (TokenStream, TokenStream) {
    let name = ident(&field.ident);
    match &field.ty {
        Ty::String if field.sensitive => (
            quote!(impl Into<String>),
            quote!(Sensitive::new(#name.into())),
        ),
        Ty::String => (quote!(impl Into<String>), quote!(#name.into())),
        Ty::List(inner) => {
            let item = rust_type(model, inner, field.sensitive);
            (
                quote!(impl IntoIterator<Item = #item>),
                quote!(#name.into_iter().collect()),
            )
        }
        ty => (rust_type(model, ty, field.sensitive), quote!(#name)),
    }
}

/// `name: value` in a struct expression, shortened to `name` when the value is the parameter.
fn field_init(model: &Model, field: &FieldModel) -> TokenStream {
    let name = ident(&field.ident);
    let (_, value) = setter_parts(model, field);
    if name == value.to_string() {
        quote!(#name)
    } else {
        quote!(#name: #value)
    }
}

/// How a getter returns a stored value.
fn getter_parts(model: &Model, field: &FieldModel) -> (TokenStream, TokenStream) {
    let name = ident(&field.ident);
    let ty = rust_type(model, &field.ty, field.sensitive);
    let copy = matches!(field.ty, Ty::Boolean | Ty::Integer);
    match (&field.ty, field.required) {
        (Ty::String, true) if !field.sensitive => (quote!(&str), quote!(&self.#name)),
        (Ty::String, false) if !field.sensitive => {
            (quote!(Option<&str>), quote!(self.#name.as_deref()))
        }
        (Ty::List(inner), required) => {
            let item = rust_type(model, inner, field.sensitive);
            if required {
                (quote!(&[#item]), quote!(&self.#name))
            } else {
                (quote!(Option<&[#item]>), quote!(self.#name.as_deref()))
            }
        }
        (_, true) if copy => (ty, quote!(self.#name)),
        (_, false) if copy => (quote!(Option<#ty>), quote!(self.#name)),
        (_, true) => (quote!(&#ty), quote!(&self.#name)),
        (_, false) => (quote!(Option<&#ty>), quote!(self.#name.as_ref())),
    }
}

fn input_struct(model: &Model, shape: &ShapeModel, uses: &mut Uses) -> TokenStream {
    let name = ident(&shape.name);
    let derives = serde_derives(shape, uses);
    let simple = shape.checks.is_empty() && shape.fields.iter().all(|f| f.required && !f.flatten);
    let builder_name = format!("{}Builder", shape.name);
    // The fields are private: their docs are on the setters (or, without a builder, the getters).
    let fields = shape.fields.iter().map(|field| {
        let field_name = ident(&field.ident);
        let ty = rust_type(model, &field.ty, field.sensitive);
        let attr = match (field.flatten, field.required) {
            (true, _) => quote!(#[serde(flatten)]),
            (false, true) => serde_attr(rename(field)),
            (false, false) => serde_attr(
                rename(field)
                    .into_iter()
                    .chain([quote!(skip_serializing_if = "Option::is_none")]),
            ),
        };
        let ty = if field.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote!(#attr #field_name: #ty)
    });
    let getters = shape.fields.iter().map(|field| {
        let docs = if simple {
            field_docs(field)
        } else {
            see_docs(
                field,
                &format!("{builder_name}::{}", field.ident.trim_start_matches("r#")),
            )
        };
        let field_name = ident(&field.ident);
        let (ret, body) = getter_parts(model, field);
        quote! {
            #docs
            pub fn #field_name(&self) -> #ret {
                #body
            }
        }
    });
    let construct = if simple {
        constructor(model, shape, uses)
    } else {
        uses.add("volc_runtime::ValidationError");
        let builder = ident(&builder_name);
        let docs =
            doc_paragraphs([format!("Returns an empty builder; see [`{builder}`].").as_str()]);
        quote! {
            #docs
            pub fn builder() -> #builder {
                #builder::default()
            }
        }
    };
    let builder = (!simple).then(|| builder(model, shape, uses));
    let docs = shape_docs(shape, &[]);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, #derives)]
        #[serde(rename_all = "PascalCase")]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #construct
            #(#getters)*
        }

        #builder
    }
}

/// `new` for a struct whose fields are all required and unconstrained: it cannot fail.
fn constructor(model: &Model, shape: &ShapeModel, uses: &mut Uses) -> TokenStream {
    let params = shape.fields.iter().map(|field| {
        let name = ident(&field.ident);
        let (ty, _) = setter_parts(model, field);
        quote!(#name: #ty)
    });
    let inits = shape.fields.iter().map(|field| field_init(model, field));
    if shape.fields.iter().any(|f| f.sensitive) {
        uses.add("volc_runtime::Sensitive");
    }
    let docs = doc_paragraphs([format!("A `{}` with every field set.", shape.name).as_str()]);
    quote! {
        #docs
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

fn builder(model: &Model, shape: &ShapeModel, uses: &mut Uses) -> TokenStream {
    let target = ident(&shape.name);
    let name = ident(&format!("{}Builder", shape.name));
    let shape_name = &shape.name;
    let fields = shape.fields.iter().map(|field| {
        let field_name = ident(&field.ident);
        let ty = rust_type(model, &field.ty, field.sensitive);
        quote!(#field_name: Option<#ty>)
    });
    let setters = shape.fields.iter().map(|field| {
        let docs = field_docs(field);
        let field_name = ident(&field.ident);
        let (arg, value) = setter_parts(model, field);
        quote! {
            #docs
            pub fn #field_name(mut self, #field_name: #arg) -> Self {
                self.#field_name = Some(#value);
                self
            }
        }
    });
    let inits = shape.fields.iter().map(|field| {
        let field_name = ident(&field.ident);
        let wire = &field.wire;
        if field.required {
            quote!(#field_name: support::required(self.#field_name, SHAPE, #wire)?)
        } else {
            quote!(#field_name: self.#field_name)
        }
    });
    if shape.fields.iter().any(|f| f.required) || !shape.checks.is_empty() {
        uses.add("crate::support");
    }
    let shape_const = (shape.fields.iter().any(|f| f.required) || !shape.checks.is_empty())
        .then(|| quote!(const SHAPE: &str = #shape_name;));
    let checks = shape
        .checks
        .iter()
        .map(|check| check_tokens(model, shape, check));
    let required: Vec<String> = shape
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("`{}`", f.wire))
        .collect();
    let mut errors = Vec::new();
    if !required.is_empty() {
        errors.push(format!(
            "- [`ValidationError::MissingField`] when {} is not set.",
            join_or(&required)
        ));
    }
    errors.extend(shape.checks.iter().map(|check| check_doc(shape, check)));
    let build_docs = if errors.is_empty() {
        doc_paragraphs(["Builds the value; every field is optional, so this cannot fail."])
    } else {
        let text = format!(
            "Builds the value, checking the rules first.\n\n# Errors\n\n{}",
            errors.join("\n")
        );
        doc_paragraphs([text.as_str()])
    };
    let docs = doc_paragraphs([
        format!("Builds a [`{}`]; `build` checks the rules.", shape.name).as_str(),
    ]);
    quote! {
        #docs
        #[derive(Debug, Clone, Default)]
        #[must_use]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #(#setters)*

            #build_docs
            pub fn build(self) -> Result<#target, ValidationError> {
                #shape_const
                let value = #target {
                    #(#inits,)*
                };
                #(#checks)*
                Ok(value)
            }
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Whether a field is set, as an expression over `value`; `None` when it always is.
fn presence(field: &FieldModel) -> Option<TokenStream> {
    let name = ident(&field.ident);
    (!field.required).then(|| quote!(value.#name.is_some()))
}

fn check_tokens(model: &Model, shape: &ShapeModel, check: &Check) -> TokenStream {
    let shape_name = quote!(SHAPE);
    let wire = |i: usize| shape.fields.get(i).map_or("", |f| f.wire.as_str());
    match check {
        Check::ExactlyOneOf(members) => {
            let names: Vec<&str> = members.iter().map(|&i| wire(i)).collect();
            let set = members.iter().map(|&i| {
                shape
                    .fields
                    .get(i)
                    .and_then(presence)
                    .unwrap_or_else(|| quote!(true))
            });
            quote! {
                support::exactly_one_of(#shape_name, &[#(#names),*], &[#(#set),*])?;
            }
        }
        Check::Forbids { field, forbidden } => {
            let (Some(f), Some(g)) = (shape.fields.get(*field), shape.fields.get(*forbidden))
            else {
                return quote!();
            };
            let condition = match (presence(f), presence(g)) {
                (Some(a), Some(b)) => quote!(#a && #b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => quote!(true),
            };
            let (field_wire, forbidden_wire) = (&f.wire, &g.wire);
            quote! {
                support::forbids(#shape_name, #field_wire, #forbidden_wire, #condition)?;
            }
        }
        Check::RequiredIf {
            field,
            when,
            equals,
        } => {
            let (Some(f), Some(w)) = (shape.fields.get(*field), shape.fields.get(*when)) else {
                return quote!();
            };
            if f.required {
                // A required field is always there; the rule holds by construction.
                return quote!();
            }
            let field_name = ident(&f.ident);
            let missing = quote!(value.#field_name.is_none());
            let when_name = ident(&w.ident);
            let (expected, shown) = match (equals, &w.ty) {
                (RuleValue::Bool(b), _) => (quote!(#b), b.to_string()),
                (RuleValue::Variant(v), Ty::Enum(e)) => {
                    let Some(value) = model.enums.get(*e).and_then(|e| e.values.get(*v)) else {
                        return quote!();
                    };
                    let enum_name = ident(&model.enums[*e].name);
                    let variant = ident(&value.name);
                    let shown = match &value.wire {
                        WireValue::String(s) => s.clone(),
                        WireValue::Integer(n) => n.to_string(),
                    };
                    (quote!(#enum_name::#variant), shown)
                }
                (RuleValue::Variant(_), _) => return quote!(),
            };
            let matches = if w.required {
                quote!(value.#when_name == #expected)
            } else {
                quote!(value.#when_name == Some(#expected))
            };
            let (field_wire, when_wire) = (&f.wire, &w.wire);
            let shown = Literal::string(&shown);
            quote! {
                support::required_if(#shape_name, #field_wire, #when_wire, #shown, #matches && #missing)?;
            }
        }
        Check::MinItems { field, min } => {
            let Some(f) = shape.fields.get(*field) else {
                return quote!();
            };
            let name = ident(&f.ident);
            let field_wire = &f.wire;
            let min = Literal::usize_unsuffixed(*min as usize);
            let len = if f.required {
                quote!(value.#name.len())
            } else {
                quote!(value.#name.as_ref().map_or(#min, Vec::len))
            };
            quote! {
                support::min_items(#shape_name, #field_wire, #min, #len)?;
            }
        }
    }
}

fn check_doc(shape: &ShapeModel, check: &Check) -> String {
    let wire = |i: &usize| shape.fields.get(*i).map_or("", |f| f.wire.as_str());
    match check {
        Check::ExactlyOneOf(members) => {
            let names: Vec<String> = members.iter().map(|i| format!("`{}`", wire(i))).collect();
            format!(
                "- [`ValidationError::ExactlyOneOf`] unless exactly one of {} is set.",
                names.join(", ")
            )
        }
        Check::Forbids { field, forbidden } => format!(
            "- [`ValidationError::Forbidden`] when `{}` is set together with `{}`.",
            wire(forbidden),
            wire(field)
        ),
        Check::RequiredIf { field, when, .. } => format!(
            "- [`ValidationError::RequiredIf`] when `{}` is missing although `{}` demands it.",
            wire(field),
            wire(when)
        ),
        Check::MinItems { field, min } => format!(
            "- [`ValidationError::TooFewItems`] when `{}` has fewer than {min} item(s).",
            wire(field)
        ),
    }
}

fn output_struct(model: &Model, shape: &ShapeModel, uses: &mut Uses) -> TokenStream {
    let name = ident(&shape.name);
    uses.add("serde::Deserialize");
    let fields = shape.fields.iter().map(|field| {
        let docs = field_docs(field);
        let field_name = ident(&field.ident);
        let ty = rust_type(model, &field.ty, field.sensitive);
        if field.ty.is_list() {
            uses.add("volc_runtime::de::null_as_default");
            let attr = serde_attr(rename(field).into_iter().chain([
                quote!(default),
                quote!(deserialize_with = "null_as_default"),
            ]));
            quote! {
                #docs
                #attr
                pub #field_name: #ty
            }
        } else {
            let attr = serde_attr(rename(field));
            quote! {
                #docs
                #attr
                pub #field_name: Option<#ty>
            }
        }
    });
    let docs = shape_docs(shape, &["Decoded leniently: every field may be missing, and fields this crate does not know are ignored.".to_owned()]);
    quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }
    }
}

/// The fields of an enum variant: `(field, required)`.
fn variant_fields(
    shape: &ShapeModel,
    present: impl Iterator<Item = (usize, bool)>,
) -> Vec<(&FieldModel, bool)> {
    present
        .filter_map(|(i, required)| shape.fields.get(i).map(|f| (f, required)))
        .collect()
}

/// The fields of a variant; with `serde`, each with the attribute that names it on the wire.
fn variant_body(model: &Model, fields: &[(&FieldModel, bool)], serde: bool) -> TokenStream {
    let items = fields.iter().map(|(field, required)| {
        let docs = field_docs(field);
        let name = ident(&field.ident);
        let ty = rust_type(model, &field.ty, field.sensitive);
        let attr = match (serde, *required) {
            (false, _) => quote!(),
            (true, true) => serde_attr(rename(field)),
            (true, false) => serde_attr(
                rename(field)
                    .into_iter()
                    .chain([quote!(skip_serializing_if = "Option::is_none")]),
            ),
        };
        let ty = if *required { ty } else { quote!(Option<#ty>) };
        quote!(#docs #attr #name: #ty)
    });
    quote!({ #(#items,)* })
}

/// `map.serialize_entry` for every field of a variant, in wire order.
fn serialize_entries(fields: &[(&FieldModel, bool)]) -> TokenStream {
    let entries = fields.iter().map(|(field, required)| {
        let name = ident(&field.ident);
        let wire = &field.wire;
        if *required {
            quote!(map.serialize_entry(#wire, #name)?;)
        } else {
            quote! {
                if let Some(#name) = #name {
                    map.serialize_entry(#wire, #name)?;
                }
            }
        }
    });
    quote!(#(#entries)*)
}

fn variant_constructor(
    model: &Model,
    variant: &str,
    fields: &[(&FieldModel, bool)],
    docs: &str,
) -> TokenStream {
    let fn_name = snake_ident(variant);
    let variant = ident(variant);
    let params = fields
        .iter()
        .filter(|(_, required)| *required)
        .map(|(field, _)| {
            let name = ident(&field.ident);
            let (ty, _) = setter_parts(model, field);
            quote!(#name: #ty)
        });
    let inits = fields.iter().map(|(field, required)| {
        if *required {
            field_init(model, field)
        } else {
            let name = ident(&field.ident);
            quote!(#name: None)
        }
    });
    let docs = doc_paragraphs([docs]);
    quote! {
        #docs
        pub fn #fn_name(#(#params),*) -> Self {
            Self::#variant { #(#inits),* }
        }
    }
}

fn serialize_impl(name: &TokenStream, arms: TokenStream, uses: &mut Uses) -> TokenStream {
    uses.add("serde::Serialize");
    uses.add("serde::Serializer");
    uses.add("serde::ser::SerializeMap");
    quote! {
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                match self {
                    #arms
                }
                map.end()
            }
        }
    }
}

fn one_of(
    model: &Model,
    shape: &ShapeModel,
    variants: &[OneOfVariant],
    uses: &mut Uses,
) -> TokenStream {
    if shape.fields.iter().any(|f| f.sensitive) {
        uses.add("volc_runtime::Sensitive");
    }
    let name = ident(&shape.name);
    let mut defs = Vec::new();
    let mut constructors = Vec::new();
    for variant in variants {
        let Some(member) = shape.fields.get(variant.member) else {
            continue;
        };
        let fields = variant_fields(
            shape,
            std::iter::once((variant.member, true))
                .chain(variant.others.iter().map(|&i| (i, false))),
        );
        let v = ident(&variant.name);
        let docs = doc_paragraphs([format!("Sends `{}`.", member.wire).as_str()]);
        let body = variant_body(model, &fields, true);
        defs.push(quote!(#docs #v #body));
        let others: Vec<String> = fields
            .iter()
            .filter(|(_, r)| !r)
            .map(|(f, _)| format!("`{}`", f.wire))
            .collect();
        let text = if others.is_empty() {
            format!("[`Self::{}`] from its `{}`.", variant.name, member.wire)
        } else {
            format!(
                "[`Self::{}`] from its `{}`, without {}.",
                variant.name,
                member.wire,
                others.join(" or ")
            )
        };
        constructors.push(variant_constructor(model, &variant.name, &fields, &text));
    }
    uses.add("serde::Serialize");
    let docs = shape_docs(shape, &[]);
    // Untagged: each variant is written as its fields alone, as if they were the shape's.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(untagged, rename_all_fields = "PascalCase")]
        pub enum #name {
            #(#defs,)*
        }

        impl #name {
            #(#constructors)*
        }
    }
}

fn switch(
    model: &Model,
    shape: &ShapeModel,
    field: usize,
    on: &str,
    off: &str,
    required_on: &[usize],
    uses: &mut Uses,
) -> TokenStream {
    let name = ident(&shape.name);
    let name_tokens = quote!(#name);
    let Some(switch_field) = shape.fields.get(field) else {
        return quote!();
    };
    let others: Vec<usize> = (0..shape.fields.len()).filter(|&i| i != field).collect();
    let on_fields = variant_fields(shape, others.iter().map(|&i| (i, required_on.contains(&i))));
    let off_fields = variant_fields(shape, others.iter().map(|&i| (i, false)));
    let wire = &switch_field.wire;
    let mut defs = Vec::new();
    let mut arms = Vec::new();
    let mut constructors = Vec::new();
    for (variant, value, fields) in [(on, true, &on_fields), (off, false, &off_fields)] {
        let v = ident(variant);
        let shown = format!("Sends `{wire}` = `{value}`.");
        let docs = doc_paragraphs([format!("{shown} `{wire}` 为 `{value}`。").as_str()]);
        let body = variant_body(model, fields, false);
        defs.push(quote!(#docs #v #body));
        let bindings = fields.iter().map(|(f, _)| ident(&f.ident));
        let entries = serialize_entries(fields);
        arms.push(quote!(Self::#v { #(#bindings),* } => {
            map.serialize_entry(#wire, &#value)?;
            #entries
        }));
        let optional: Vec<String> = fields
            .iter()
            .filter(|(_, r)| !r)
            .map(|(f, _)| format!("`{}`", f.wire))
            .collect();
        let text = if optional.is_empty() {
            format!("[`Self::{variant}`]. {shown}")
        } else {
            format!(
                "[`Self::{variant}`] without {}. {shown}",
                optional.join(" or ")
            )
        };
        constructors.push(variant_constructor(model, variant, fields, &text));
    }
    if shape.fields.iter().any(|f| f.sensitive) {
        uses.add("volc_runtime::Sensitive");
    }
    let serialize = serialize_impl(&name_tokens, quote!(#(#arms)*), uses);
    let docs = shape_docs(shape, &[]);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #name {
            #(#defs,)*
        }

        impl #name {
            #(#constructors)*
        }

        #serialize
    }
}
