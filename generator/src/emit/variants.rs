//! The enums that turn rules into types: one variant per member of an exactly-one-of group
//! (`one_of`), or one per value of a Boolean switch.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_paragraphs;
use super::fields::{field_docs, field_init, param_and_store, rename, serde_attr, shape_docs};
use super::names::{ident, stored_type, Side};
use super::uses::Uses;
use super::EmitError;
use crate::model::{FieldModel, Model, OneOfVariant, ShapeModel, SwitchForm, SwitchVariant};
use crate::text::code_span;

/// The fields of one variant: `(field, required)`.
type VariantFields<'s> = Vec<(&'s FieldModel, bool)>;

fn variant_fields(
    shape: &ShapeModel,
    present: impl Iterator<Item = (usize, bool)>,
) -> Result<VariantFields<'_>, EmitError> {
    present
        .map(|(i, required)| {
            shape.fields.get(i).map(|f| (f, required)).ok_or_else(|| {
                EmitError::invariant(
                    &shape.name,
                    format!("a variant holds field #{i}, which the shape does not have"),
                )
            })
        })
        .collect()
}

/// The fields of a variant; with `serde`, each with the attribute that names it on the wire.
fn variant_body(
    model: &Model,
    fields: &[(&FieldModel, bool)],
    serde: bool,
) -> Result<TokenStream, EmitError> {
    let items = fields
        .iter()
        .map(|(field, required)| {
            let docs = field_docs(field);
            let name = ident(&field.ident);
            let ty = stored_type(model, field, Side::Request)?;
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
            Ok(quote!(#docs #attr #name: #ty))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    Ok(quote!({ #(#items,)* }))
}

/// A constructor per variant, taking the variant's required fields.
fn variant_constructor(
    model: &Model,
    variant: &str,
    constructor: &str,
    fields: &[(&FieldModel, bool)],
    docs: &str,
) -> Result<TokenStream, EmitError> {
    let fn_name = ident(constructor);
    let variant = ident(variant);
    let params = fields
        .iter()
        .filter(|(_, required)| *required)
        .map(|(field, _)| {
            let name = ident(&field.ident);
            let (ty, _) = param_and_store(model, field)?;
            Ok(quote!(#name: #ty))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let inits = fields
        .iter()
        .map(|(field, required)| {
            if *required {
                field_init(model, field)
            } else {
                let name = ident(&field.ident);
                Ok(quote!(#name: None))
            }
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let docs = doc_paragraphs([docs]);
    Ok(quote! {
        #docs
        #[inline]
        pub fn #fn_name(#(#params),*) -> Self {
            Self::#variant { #(#inits),* }
        }
    })
}

/// `Vhost` / `Domain`: an untagged enum, each variant written as its fields alone, as if they
/// were the shape's.
pub fn one_of(
    model: &Model,
    shape: &ShapeModel,
    variants: &[OneOfVariant],
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    if shape.fields.iter().any(|f| f.sensitive) {
        uses.add("volc_runtime::Sensitive");
    }
    uses.add("serde::Serialize");
    let name = ident(&shape.rust_name);
    let eq = shape.eq.then(|| quote!(Eq,));
    let mut defs = Vec::new();
    let mut constructors = Vec::new();
    for variant in variants {
        let fields = variant_fields(
            shape,
            std::iter::once((variant.member, true))
                .chain(variant.others.iter().map(|&i| (i, false))),
        )?;
        let member = fields.first().map_or("", |(f, _)| f.wire.as_str());
        let v = ident(&variant.name);
        let docs = doc_paragraphs([format!("Sends {}.", code_span(member)).as_str()]);
        let body = variant_body(model, &fields, true)?;
        defs.push(quote!(#docs #v #body));
        let others: Vec<String> = fields
            .iter()
            .filter(|(_, r)| !r)
            .map(|(f, _)| code_span(&f.wire))
            .collect();
        let text = if others.is_empty() {
            format!("[`Self::{}`] from its {}.", variant.name, code_span(member))
        } else {
            format!(
                "[`Self::{}`] from its `{member}`, without {}.",
                variant.name,
                others.join(" or ")
            )
        };
        constructors.push(variant_constructor(
            model,
            &variant.name,
            &variant.constructor,
            &fields,
            &text,
        )?);
    }
    let docs = shape_docs(shape, &[]);
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #eq Serialize)]
        #[serde(untagged, rename_all_fields = "PascalCase")]
        pub enum #name {
            #(#defs,)*
        }

        impl #name {
            #(#constructors)*
        }
    })
}

/// `AuthEnable` / `AuthKeyPrimary`: an enum over a Boolean field, serialized by hand so that
/// each variant sends the Boolean too.
pub fn switch(
    model: &Model,
    shape: &ShapeModel,
    switch: &SwitchForm,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let name = ident(&shape.rust_name);
    let eq = shape.eq.then(|| quote!(Eq,));
    let switch_field = shape.fields.get(switch.field).ok_or_else(|| {
        EmitError::invariant(&shape.name, "the switch field is not a field of the shape")
    })?;
    let others: Vec<usize> = (0..shape.fields.len())
        .filter(|&i| i != switch.field)
        .collect();
    let on_fields = variant_fields(
        shape,
        others.iter().map(|&i| (i, switch.required_on.contains(&i))),
    )?;
    let off_fields = variant_fields(shape, others.iter().map(|&i| (i, false)))?;
    let wire = &switch_field.wire;
    let mut defs = Vec::new();
    let mut arms = Vec::new();
    let mut constructors = Vec::new();
    let cases: [(&SwitchVariant, bool, &VariantFields); 2] = [
        (&switch.on, true, &on_fields),
        (&switch.off, false, &off_fields),
    ];
    for (variant, value, fields) in cases {
        let v = ident(&variant.name);
        let (wire_shown, value_shown) = (code_span(wire), code_span(&value.to_string()));
        let shown = format!("Sends {wire_shown} = {value_shown}.");
        let docs = doc_paragraphs([format!("{shown} {wire_shown} 为 {value_shown}。").as_str()]);
        let body = variant_body(model, fields, false)?;
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
            .map(|(f, _)| code_span(&f.wire))
            .collect();
        let text = if optional.is_empty() {
            format!("[`Self::{}`]. {shown}", variant.name)
        } else {
            format!(
                "[`Self::{}`] without {}. {shown}",
                variant.name,
                optional.join(" or ")
            )
        };
        constructors.push(variant_constructor(
            model,
            &variant.name,
            &variant.constructor,
            fields,
            &text,
        )?);
    }
    if shape.fields.iter().any(|f| f.sensitive) {
        uses.add("volc_runtime::Sensitive");
    }
    uses.add("serde::Serialize");
    uses.add("serde::Serializer");
    uses.add("serde::ser::SerializeMap");
    let docs = shape_docs(shape, &[]);
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #eq)]
        pub enum #name {
            #(#defs,)*
        }

        impl #name {
            #(#constructors)*
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                match self {
                    #(#arms)*
                }
                map.end()
            }
        }
    })
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
