//! Read-modify-write conversions: `TryFrom<&Source>` for a request shape (from its decoded
//! twin) or its builder (from a result shape that declares it), as the model planned them.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::docs::doc_paragraphs;
use super::names::{decoded_name, ident, type_name, Side};
use super::uses::Uses;
use super::EmitError;
use crate::model::{
    Conversion, Convert, FieldModel, FieldSource, Form, Home, Model, ShapeModel, Ty,
};
use crate::text::code_span;

/// The `TryFrom` impl of one conversion into `target`, under `gate` (a `#[cfg]`) when given.
pub fn conversion(
    model: &Model,
    target: &ShapeModel,
    conversion: &Conversion,
    here: Home,
    uses: &mut Uses,
    gate: Option<TokenStream>,
) -> Result<TokenStream, EmitError> {
    let Form::Request(form) = &target.form else {
        return Err(EmitError::invariant(
            &target.name,
            "a conversion targets a shape that is not a request struct",
        ));
    };
    let source = shape_at(model, conversion.source)?;
    uses.add("volc_runtime::ValidationError");
    uses.add_type(
        model,
        &Ty::Shape(conversion.source),
        false,
        here,
        Side::Decoded,
    )?;
    let source_name = match &source.form {
        Form::Response => source.rust_name.as_str(),
        _ => decoded_name(model, &Ty::Shape(conversion.source))?,
    };
    let source_type = ident(source_name);
    let target_name = &target.rust_name;
    let mut emitter = Emitter {
        model,
        source,
        here,
        uses,
        needs_validate: false,
    };
    let values = target
        .fields
        .iter()
        .zip(&conversion.fields)
        .map(|(field, from)| Ok((field, emitter.optional(field, from)?)))
        .collect::<Result<Vec<_>, EmitError>>()?;
    let mut names_shape = false;
    let (made, body, docs) = match (conversion.into_builder, form.construction.builder()) {
        (true, Some(builder)) => {
            let inits = values.iter().map(|(field, value)| {
                let name = ident(&field.ident);
                quote!(#name: #value)
            });
            let dropped: Vec<String> = conversion.dropped.iter().map(|w| code_span(w)).collect();
            let left_out = if dropped.is_empty() {
                String::new()
            } else {
                format!(
                    " The target has no place for {}; they are left out.",
                    dropped.join(", ")
                )
            };
            let docs = format!(
                "Reads a [`{source_name}`] (as results carry it) into a builder of [`{target_name}`], for read-modify-write: change what you need, then `build()`. Fields are matched by wire name; an empty string leaves an optional field unset.{left_out}\n\n# Errors\n\nA [`ValidationError`] when a value does not fit the request's types: a string type's rule, a group with none or several of its members, a field a group requires missing. The request's own rules are checked by `build()`."
            );
            let builder = ident(builder);
            (quote!(#builder), quote!(Ok(#builder { #(#inits,)* })), docs)
        }
        (false, Some(builder)) => {
            let inits = values.iter().map(|(field, value)| {
                let name = ident(&field.ident);
                quote!(#name: #value)
            });
            let docs = format!(
                "Reads a [`{source_name}`] back into the request form, checking what `build()` checks.\n\n# Errors\n\nA [`ValidationError`] for a missing required field, a value that does not fit, or a broken rule."
            );
            let builder = ident(builder);
            (
                ident(target_name).into_token_stream(),
                quote!(#builder { #(#inits,)* }.build()),
                docs,
            )
        }
        (_, None) => {
            emitter.needs_validate = true;
            names_shape = true;
            let inits = values
                .iter()
                .map(|(field, value)| {
                    let name = ident(&field.ident);
                    let wire = &field.wire;
                    if field.required {
                        quote!(#name: validate::required(#value, SHAPE, #wire)?)
                    } else {
                        quote!(#name: #value)
                    }
                })
                .collect::<Vec<_>>();
            let docs = format!(
                "Reads a [`{source_name}`] back into the request form.\n\n# Errors\n\n[`ValidationError::MissingField`] when a required field is missing, or an error of a value that does not fit."
            );
            (
                ident(target_name).into_token_stream(),
                quote!(Ok(Self { #(#inits,)* })),
                docs,
            )
        }
    };
    if emitter.needs_validate {
        emitter.uses.add("volc_runtime::validate");
    }
    let shape_const = names_shape.then(|| quote!(const SHAPE: &str = #target_name;));
    let docs = doc_paragraphs([docs.as_str()]);
    Ok(quote! {
        #docs
        #gate
        impl TryFrom<&#source_type> for #made {
            type Error = ValidationError;

            fn try_from(value: &#source_type) -> Result<Self, ValidationError> {
                #shape_const
                #body
            }
        }
    })
}

/// `field: local` in a struct expression, shortened when they are the same name.
fn init(field: &FieldModel, local: &proc_macro2::Ident) -> TokenStream {
    let name = ident(&field.ident);
    if name == *local {
        quote!(#name)
    } else {
        quote!(#name: #local)
    }
}

fn shape_at(model: &Model, index: usize) -> Result<&ShapeModel, EmitError> {
    model
        .shapes
        .get(index)
        .ok_or_else(|| EmitError::invariant("a conversion", format!("no shape #{index}")))
}

struct Emitter<'a, 'u> {
    model: &'a Model,
    source: &'a ShapeModel,
    here: Home,
    uses: &'u mut Uses,
    /// Whether the code calls `validate::`.
    needs_validate: bool,
}

impl Emitter<'_, '_> {
    /// An expression of type `Option<stored type of field>` (using `?`).
    fn optional(
        &mut self,
        field: &FieldModel,
        from: &FieldSource,
    ) -> Result<TokenStream, EmitError> {
        match from {
            FieldSource::Unset => Ok(quote!(None)),
            FieldSource::Field { source, convert } => {
                let from_field = self.source.fields.get(*source).ok_or_else(|| {
                    EmitError::invariant(&self.source.name, "a conversion reads a field it lacks")
                })?;
                let value = self.field_value(field, from_field, convert)?;
                Ok(if field.boxed {
                    quote!(#value.map(Box::new))
                } else {
                    value
                })
            }
            FieldSource::Group { shape, fields } => self.group(field, *shape, fields),
        }
    }

    /// The source field's value as the target's `Option`: absent, empty strings and empty
    /// lists and maps (of an optional target) count as not set.
    fn field_value(
        &mut self,
        target: &FieldModel,
        from: &FieldModel,
        convert: &Convert,
    ) -> Result<TokenStream, EmitError> {
        let name = ident(&from.ident);
        match convert {
            Convert::List(inner) => {
                let collected = match inner.as_ref() {
                    Convert::Clone => quote!(value.#name.clone()),
                    Convert::Twin(s) => {
                        let ty = Ty::Shape(*s);
                        self.uses
                            .add_type(self.model, &ty, false, self.here, Side::Request)?;
                        let shape = ident(type_name(self.model, &ty)?);
                        quote!(value.#name.iter().map(#shape::try_from).collect::<Result<Vec<_>, _>>()?)
                    }
                    _ => {
                        let item = self.item(inner, &target.ty, quote!(item))?;
                        quote!(value.#name.iter().map(|item| -> Result<_, ValidationError> { Ok(#item) }).collect::<Result<Vec<_>, ValidationError>>()?)
                    }
                };
                Ok(if target.required {
                    quote!(Some(#collected))
                } else {
                    quote!(Some(#collected).filter(|items| !items.is_empty()))
                })
            }
            Convert::Map(inner) => {
                let item = self.item(inner, &target.ty, quote!(item))?;
                let collected = quote!(value.#name.iter().map(|(key, item)| -> Result<_, ValidationError> { Ok((key.clone(), #item)) }).collect::<Result<_, ValidationError>>()?);
                Ok(if target.required {
                    quote!(Some(#collected))
                } else {
                    quote!(Some(#collected).filter(|entries: &std::collections::BTreeMap<_, _>| !entries.is_empty()))
                })
            }
            _ => {
                // An empty string leaves an optional target unset; a required one keeps it.
                let empty = match (&from.ty, from.sensitive) {
                    _ if target.required => None,
                    (Ty::String | Ty::Str(_), false) => Some(quote!(item.is_empty())),
                    (Ty::String, true) => Some(quote!(item.expose().is_empty())),
                    _ => None,
                };
                if *convert == Convert::Clone {
                    let copy = self.model.is_copy(&from.ty);
                    return Ok(match empty {
                        Some(empty) => quote!(value.#name.clone().filter(|item| !#empty)),
                        None if copy && !from.boxed => quote!(value.#name),
                        None => quote!(value.#name.clone()),
                    });
                }
                let item = self.item(convert, &target.ty, quote!(item))?;
                let bind = from.boxed.then(|| quote!(let item = &**item;));
                Ok(match empty {
                    Some(empty) => quote!(match &value.#name {
                        Some(item) if !#empty => { #bind Some(#item) }
                        _ => None,
                    }),
                    None => quote!(match &value.#name {
                        Some(item) => { #bind Some(#item) }
                        None => None,
                    }),
                })
            }
        }
    }

    /// A target value from `item`, a reference to the source value (may use `?`).
    fn item(
        &mut self,
        convert: &Convert,
        ty: &Ty,
        item: TokenStream,
    ) -> Result<TokenStream, EmitError> {
        let inner = match ty {
            Ty::List(inner) | Ty::Map(inner) => inner.as_ref(),
            other => other,
        };
        Ok(match convert {
            Convert::Clone => quote!(#item.clone()),
            Convert::Wrap => {
                self.uses.add("volc_runtime::Sensitive");
                quote!(Sensitive::new(#item.clone()))
            }
            Convert::Unwrap => quote!(#item.expose().clone()),
            Convert::Str(s) => {
                let ty = Ty::Str(*s);
                self.uses
                    .add_type(self.model, &ty, false, self.here, Side::Request)?;
                let name = ident(type_name(self.model, &ty)?);
                quote!(#name::new(#item.as_str())?)
            }
            Convert::Twin(s) => {
                let ty = Ty::Shape(*s);
                self.uses
                    .add_type(self.model, &ty, false, self.here, Side::Request)?;
                let name = ident(type_name(self.model, &ty)?);
                quote!(#name::try_from(#item)?)
            }
            Convert::List(inner_convert) => {
                let each = self.item(inner_convert, inner, quote!(item))?;
                quote!(#item.iter().map(|item| -> Result<_, ValidationError> { Ok(#each) }).collect::<Result<Vec<_>, ValidationError>>()?)
            }
            Convert::Map(inner_convert) => {
                let each = self.item(inner_convert, inner, quote!(item))?;
                quote!(#item.iter().map(|(key, item)| -> Result<_, ValidationError> { Ok((key.clone(), #each)) }).collect::<Result<_, ValidationError>>()?)
            }
        })
    }

    /// A flattened one_of or switch group from the source's fields: `Option` of the enum.
    fn group(
        &mut self,
        field: &FieldModel,
        index: usize,
        sources: &[FieldSource],
    ) -> Result<TokenStream, EmitError> {
        let group = shape_at(self.model, index)?;
        self.uses.add_type(
            self.model,
            &Ty::Shape(index),
            false,
            self.here,
            Side::Request,
        )?;
        let group_name = &group.rust_name;
        let enum_name = ident(group_name);
        // Locals named after the group's fields; `value` is the source, so a field of that
        // name would hide it: then every local takes a prefix.
        let prefix = if group.fields.iter().any(|f| f.ident == "value") {
            "group_"
        } else {
            ""
        };
        let local =
            |f: &FieldModel| ident(&format!("{prefix}{}", f.ident.trim_start_matches("r#")));
        let mut lets = Vec::new();
        for (f, from) in group.fields.iter().zip(sources) {
            let name = local(f);
            let value = self.optional(f, from)?;
            lets.push(quote!(let #name = #value;));
        }
        self.needs_validate = true;
        let wire_of = |i: usize| group.fields.get(i).map(|f| f.wire.clone());
        let body = match &group.form {
            Form::OneOf(variants) => {
                let members: Vec<&FieldModel> = variants
                    .iter()
                    .filter_map(|v| group.fields.get(v.member))
                    .collect();
                let member_wires = members.iter().map(|f| f.wire.as_str());
                let present = members.iter().map(|f| {
                    let name = local(f);
                    quote!(#name.is_some())
                });
                let present_again = present.clone();
                let check = quote! {
                    validate::exactly_one_of(#group_name, &[#(#member_wires),*], &[#(#present),*])?;
                };
                let check = if field.required {
                    check
                } else {
                    quote!(if #(#present_again)||* { #check })
                };
                let mut forbids = Vec::new();
                let mut arms = Vec::new();
                for variant in variants {
                    let member = group.fields.get(variant.member).ok_or_else(|| {
                        EmitError::invariant(group_name, "a variant's member is not a field")
                    })?;
                    let member_local = local(member);
                    for (i, other) in group.fields.iter().enumerate() {
                        let is_member = variants.iter().any(|v| v.member == i);
                        if is_member || variant.others.contains(&i) {
                            continue;
                        }
                        let (m, o) = (&member.wire, wire_of(i).unwrap_or_default());
                        let other_local = local(other);
                        forbids.push(quote! {
                            validate::forbids(#group_name, #m, #o, #member_local.is_some() && #other_local.is_some())?;
                        });
                    }
                    let variant_name = ident(&variant.name);
                    let inits = std::iter::once(member)
                        .chain(variant.others.iter().filter_map(|i| group.fields.get(*i)))
                        .map(|f| init(f, &local(f)));
                    let pattern = members.iter().map(|m| {
                        if m.wire == member.wire {
                            quote!(Some(#member_local))
                        } else {
                            quote!(_)
                        }
                    });
                    arms.push(quote! {
                        (#(#pattern,)*) => Some(#enum_name::#variant_name { #(#inits,)* }),
                    });
                }
                let scrutinee = members.iter().map(|f| local(f));
                quote! {
                    #check
                    #(#forbids)*
                    match (#(#scrutinee,)*) {
                        #(#arms)*
                        _ => None,
                    }
                }
            }
            Form::Switch(switch) => {
                let switch_field = group.fields.get(switch.field).ok_or_else(|| {
                    EmitError::invariant(group_name, "the switch field is not a field")
                })?;
                let switch_local = local(switch_field);
                let others: Vec<(usize, &FieldModel)> = group
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != switch.field)
                    .collect();
                let on_fields = others.iter().map(|(i, f)| {
                    let (field_ident, l, wire) = (ident(&f.ident), local(f), &f.wire);
                    if switch.required_on.contains(i) {
                        quote!(#field_ident: validate::required(#l, #group_name, #wire)?)
                    } else {
                        init(f, &l)
                    }
                });
                let off_fields = others.iter().map(|(_, f)| init(f, &local(f)));
                let (on, off) = (ident(&switch.on.name), ident(&switch.off.name));
                quote! {
                    match #switch_local {
                        Some(true) => Some(#enum_name::#on { #(#on_fields,)* }),
                        Some(false) => Some(#enum_name::#off { #(#off_fields,)* }),
                        None => None,
                    }
                }
            }
            Form::Request(_) | Form::Response => {
                return Err(EmitError::invariant(
                    group_name,
                    "a conversion fills a group that is not a one_of or switch",
                ))
            }
        };
        Ok(quote!({
            #(#lets)*
            #body
        }))
    }
}
