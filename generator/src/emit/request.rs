//! Request structs: private fields, getters, and `new` or a builder whose `build()` checks the
//! rules through the runtime's `validate` functions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::convert::conversion;
use super::docs::doc_paragraphs;
use super::fields::{
    field_docs, field_init, getter, param_and_store, see_docs, serialize_attr, set_docs, set_ident,
    set_param_and_store, shape_docs,
};
use super::modules::any_feature;
use super::names::{ident, stored_type, Side};
use super::response::decoded_struct;
use super::uses::Uses;
use super::EmitError;
use crate::model::{
    Bound, BoundValue, Check, Construction, Conversion, FieldModel, Home, Model, RequestForm,
    RuleValue, ShapeModel,
};
use crate::text::code_span;

/// A request struct with its constructor or builder.
pub fn request_struct(
    model: &Model,
    shape: &ShapeModel,
    form: &RequestForm,
    here: Home,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let name = ident(&shape.rust_name);
    uses.add("serde::Serialize");
    let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
    if shape.eq {
        derives.push(quote!(Eq));
    }
    if shape.fields.is_empty() {
        derives.push(quote!(Default));
    }
    derives.push(quote!(Serialize));
    // The fields are private: their docs are on the setters (or, with `new`, the getters).
    let fields = shape
        .fields
        .iter()
        .map(|field| {
            let field_name = ident(&field.ident);
            let ty = stored_type(model, field, Side::Request)?;
            let attr = serialize_attr(field, field.required);
            let ty = if field.required {
                ty
            } else {
                quote!(Option<#ty>)
            };
            Ok(quote!(#attr #field_name: #ty))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let getters = shape
        .fields
        .iter()
        .map(|field| {
            let docs = match &form.construction {
                Construction::New | Construction::NewAndBuilder { .. } => field_docs(field),
                Construction::Builder { name } => see_docs(
                    field,
                    &format!("{name}::{}", field.ident.trim_start_matches("r#")),
                ),
            };
            let field_name = ident(&field.ident);
            let (ret, body) = getter(model, field)?;
            Ok(quote! {
                #docs
                #[inline]
                pub fn #field_name(&self) -> #ret {
                    #body
                }
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let new = form
        .construction
        .has_new()
        .then(|| constructor(model, shape, uses))
        .transpose()?;
    let (construct, builder) = match form.construction.builder() {
        None => (None, None),
        Some(builder_name) => {
            let builder = ident(builder_name);
            let docs =
                doc_paragraphs([format!("Returns an empty builder; see [`{builder}`].").as_str()]);
            let construct = quote! {
                #docs
                #[inline]
                pub fn builder() -> #builder {
                    #builder::default()
                }
            };
            let builder = builder_struct(model, shape, form, builder_name, uses)?;
            (Some(construct), Some(builder))
        }
    };
    let twin = match &form.decoded {
        Some(twin) => Some(decoded_struct(model, shape, twin, uses)?),
        None => None,
    };
    let conversions = form
        .conversions
        .iter()
        .map(|c| gated_conversion(model, shape, c, here, uses))
        .collect::<Result<Vec<_>, EmitError>>()?;
    let docs = shape_docs(shape, &[]);
    Ok(quote! {
        #docs
        #[derive(#(#derives),*)]
        #[serde(rename_all = "PascalCase")]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #new
            #construct
            #(#getters)*
        }

        #builder

        #twin

        #(#conversions)*
    })
}

/// `new` for a struct whose fields are all required and unconstrained: it cannot fail.
fn constructor(
    model: &Model,
    shape: &ShapeModel,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let params = shape
        .fields
        .iter()
        .map(|field| {
            let name = ident(&field.ident);
            let (ty, _) = param_and_store(model, field)?;
            Ok(quote!(#name: #ty))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let inits = shape
        .fields
        .iter()
        .map(|field| field_init(model, field))
        .collect::<Result<Vec<_>, EmitError>>()?;
    if shape.fields.iter().any(|f| f.sensitive) {
        uses.add("volc_runtime::Sensitive");
    }
    let text = if shape.fields.is_empty() {
        format!("A `{}`: the action takes no parameters.", shape.rust_name)
    } else {
        format!("A `{}` with every field set.", shape.rust_name)
    };
    let docs = doc_paragraphs([text.as_str()]);
    Ok(quote! {
        #docs
        #[inline]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    })
}

fn builder_struct(
    model: &Model,
    shape: &ShapeModel,
    form: &RequestForm,
    builder_name: &str,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    uses.add("volc_runtime::ValidationError");
    let target = ident(&shape.rust_name);
    let name = ident(builder_name);
    let shape_name = &shape.rust_name;
    let fields = shape
        .fields
        .iter()
        .map(|field| {
            let field_name = ident(&field.ident);
            let ty = stored_type(model, field, Side::Request)?;
            Ok(quote!(#field_name: Option<#ty>))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    let setters = shape
        .fields
        .iter()
        .map(|field| {
            let docs = field_docs(field);
            let field_name = ident(&field.ident);
            let (param, store) = param_and_store(model, field)?;
            let set_name = ident(&set_ident(field));
            let (set_param, set_store) = set_param_and_store(model, field)?;
            let set_docs = set_docs(field);
            Ok(quote! {
                #docs
                #[inline]
                pub fn #field_name(mut self, #field_name: #param) -> Self {
                    self.#field_name = Some(#store);
                    self
                }

                #set_docs
                #[inline]
                pub fn #set_name(mut self, #field_name: #set_param) -> Self {
                    self.#field_name = #set_store;
                    self
                }
            })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    if shape.fields.iter().any(|f| f.sensitive) {
        uses.add("volc_runtime::Sensitive");
    }
    let any_required = shape.fields.iter().any(|f| f.required);
    if any_required || !form.checks.is_empty() {
        uses.add("volc_runtime::validate");
    }
    let inits = shape.fields.iter().map(|field| {
        let field_name = ident(&field.ident);
        let wire = &field.wire;
        if field.required {
            quote!(#field_name: validate::required(self.#field_name, SHAPE, #wire)?)
        } else {
            quote!(#field_name: self.#field_name)
        }
    });
    let required_const = any_required.then(|| quote!(const SHAPE: &str = #shape_name;));
    let checks = form
        .checks
        .iter()
        .map(|check| check_tokens(model, shape, check))
        .collect::<Result<Vec<_>, EmitError>>()?;
    let build_docs = build_docs(shape, form)?;
    let docs = doc_paragraphs([format!(
        "Builder of [`{}`]; `build` checks the rules.",
        shape.rust_name
    )
    .as_str()]);
    // With rules, `build()` is the unchecked build followed by the checks: the deliberately
    // named `build_without_rule_checks()` is the escape hatch for a rule the service relaxed
    // before the spec did (required fields and types still hold).
    let builds = if checks.is_empty() {
        quote! {
            #build_docs
            #[inline]
            pub fn build(self) -> Result<#target, ValidationError> {
                #required_const
                Ok(#target {
                    #(#inits,)*
                })
            }
        }
    } else {
        let unchecked_docs = doc_paragraphs([format!(
            "Builds the value without checking its rules (those `build` lists), only that every required field is set: for a request the service accepts although the spec's rule refuses it (a rule the service relaxed before the spec did). The service may refuse the request; prefer [`build`](Self::build).\n\n# Errors\n\n{}",
            if any_required {
                "[`ValidationError::MissingField`] when a required field is not set."
            } else {
                "None: every field is optional; the `Result` keeps the signature of `build`."
            }
        )
        .as_str()]);
        quote! {
            #build_docs
            #[inline]
            pub fn build(self) -> Result<#target, ValidationError> {
                const SHAPE: &str = #shape_name;
                let value = self.build_without_rule_checks()?;
                #(#checks)*
                Ok(value)
            }

            #unchecked_docs
            #[inline]
            pub fn build_without_rule_checks(self) -> Result<#target, ValidationError> {
                #required_const
                Ok(#target {
                    #(#inits,)*
                })
            }
        }
    };
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, Default)]
        #[must_use]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #(#setters)*

            #builds
        }
    })
}

/// The docs of `build()`: the errors it returns, one per rule.
fn build_docs(shape: &ShapeModel, form: &RequestForm) -> Result<TokenStream, EmitError> {
    let required: Vec<String> = shape
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| code_span(&f.wire))
        .collect();
    let mut errors = Vec::new();
    if !required.is_empty() {
        errors.push(format!(
            "- [`ValidationError::MissingField`] when {} is not set.",
            join_or(&required)
        ));
    }
    for check in &form.checks {
        errors.push(check_doc(shape, check)?);
    }
    Ok(if errors.is_empty() {
        doc_paragraphs(["Builds the value; every field is optional, so this cannot fail."])
    } else {
        let text = format!(
            "Builds the value, checking the rules first.\n\n# Errors\n\n{}",
            errors.join("\n")
        );
        doc_paragraphs([text.as_str()])
    })
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The field at `index` of the shape being emitted.
fn field_at(shape: &ShapeModel, index: usize) -> Result<&FieldModel, EmitError> {
    shape.fields.get(index).ok_or_else(|| {
        EmitError::invariant(
            &shape.name,
            format!("a rule names field #{index}, which the shape does not have"),
        )
    })
}

/// Whether a field is set, as an expression over `value`; `None` when it always is.
fn presence(field: &FieldModel) -> Option<TokenStream> {
    let name = ident(&field.ident);
    (!field.required).then(|| quote!(value.#name.is_some()))
}

fn check_tokens(
    model: &Model,
    shape: &ShapeModel,
    check: &Check,
) -> Result<TokenStream, EmitError> {
    Ok(match check {
        Check::ExactlyOneOf(members) => {
            let fields = members
                .iter()
                .map(|&i| field_at(shape, i))
                .collect::<Result<Vec<_>, EmitError>>()?;
            let names = fields.iter().map(|f| f.wire.as_str());
            let set = fields
                .iter()
                .map(|f| presence(f).unwrap_or_else(|| quote!(true)));
            quote! {
                validate::exactly_one_of(SHAPE, &[#(#names),*], &[#(#set),*])?;
            }
        }
        Check::Forbids { field, forbidden } => {
            let (f, g) = (field_at(shape, *field)?, field_at(shape, *forbidden)?);
            let condition = match (presence(f), presence(g)) {
                (Some(a), Some(b)) => quote!(#a && #b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => quote!(true),
            };
            let (field_wire, forbidden_wire) = (&f.wire, &g.wire);
            quote! {
                validate::forbids(SHAPE, #field_wire, #forbidden_wire, #condition)?;
            }
        }
        Check::RequiredIf {
            field,
            when,
            equals,
        } => {
            let (f, w) = (field_at(shape, *field)?, field_at(shape, *when)?);
            if f.required {
                return Err(EmitError::invariant(
                    &shape.name,
                    "a required_if rule on a required field reached build()",
                ));
            }
            let field_name = ident(&f.ident);
            let when_name = ident(&w.ident);
            let expected = match equals {
                RuleValue::Bool(b) => quote!(#b),
                RuleValue::Variant { enumeration, value } => {
                    let e = model.enums.get(*enumeration);
                    let v = e.and_then(|e| e.values.get(*value));
                    let (Some(e), Some(v)) = (e, v) else {
                        return Err(EmitError::invariant(
                            &shape.name,
                            "a required_if rule compares with an enum value that does not exist",
                        ));
                    };
                    let (enum_name, variant) = (ident(&e.name), ident(&v.name));
                    quote!(#enum_name::#variant)
                }
                RuleValue::Integer(n) => {
                    let n = Literal::i64_unsuffixed(*n);
                    quote!(#n)
                }
                RuleValue::String(s) => quote!(#s),
            };
            let shown = Literal::string(&model.rule_value_text(equals));
            let matches = match (equals, w.required) {
                (RuleValue::String(_), true) => quote!(value.#when_name == #expected),
                (RuleValue::String(_), false) => {
                    quote!(value.#when_name.as_deref() == Some(#expected))
                }
                (_, true) => quote!(value.#when_name == #expected),
                (_, false) => quote!(value.#when_name == Some(#expected)),
            };
            let (field_wire, when_wire) = (&f.wire, &w.wire);
            quote! {
                validate::required_if(SHAPE, #field_wire, #when_wire, #shown, #matches && value.#field_name.is_none())?;
            }
        }
        Check::Range { field, min, max } => {
            let f = field_at(shape, *field)?;
            let name = ident(&f.ident);
            let field_wire = &f.wire;
            let bound = |b: &Option<Bound>| match b {
                None => quote!(None),
                Some(Bound { value, text }) => {
                    let value = match value {
                        BoundValue::Integer(n) => Literal::i64_unsuffixed(*n),
                        BoundValue::Float(x) => Literal::f64_unsuffixed(*x),
                    };
                    quote!(Some((#value, #text)))
                }
            };
            let (min, max) = (bound(min), bound(max));
            if f.required {
                quote! {
                    validate::range(SHAPE, #field_wire, value.#name, #min, #max)?;
                }
            } else {
                quote! {
                    if let Some(number) = value.#name {
                        validate::range(SHAPE, #field_wire, number, #min, #max)?;
                    }
                }
            }
        }
        Check::MinItems { field, min } => {
            let f = field_at(shape, *field)?;
            let name = ident(&f.ident);
            let field_wire = &f.wire;
            let min = Literal::usize_unsuffixed(*min as usize);
            let len = if f.required {
                quote!(value.#name.len())
            } else {
                quote!(value.#name.as_ref().map_or(#min, Vec::len))
            };
            quote! {
                validate::min_items(SHAPE, #field_wire, #min, #len)?;
            }
        }
        Check::MaxItems { field, max } => {
            let f = field_at(shape, *field)?;
            let name = ident(&f.ident);
            let field_wire = &f.wire;
            let max = Literal::usize_unsuffixed(*max as usize);
            let len = if f.required {
                quote!(value.#name.len())
            } else {
                quote!(value.#name.as_ref().map_or(0, Vec::len))
            };
            quote! {
                validate::max_items(SHAPE, #field_wire, #max, #len)?;
            }
        }
        Check::Length { field, min, max } => {
            let f = field_at(shape, *field)?;
            let name = ident(&f.ident);
            let field_wire = &f.wire;
            let bound = |b: &Option<u32>| match b {
                Some(n) => {
                    let n = Literal::usize_unsuffixed(*n as usize);
                    quote!(Some(#n))
                }
                None => quote!(None),
            };
            let (min, max) = (bound(min), bound(max));
            // A secret is compared through `Sensitive`, never copied out.
            let text = if f.sensitive {
                quote!(text.expose())
            } else {
                quote!(text)
            };
            if f.required {
                let text = if f.sensitive {
                    quote!(value.#name.expose())
                } else {
                    quote!(&value.#name)
                };
                quote! {
                    validate::field_length(SHAPE, #field_wire, #text, #min, #max)?;
                }
            } else {
                quote! {
                    if let Some(text) = &value.#name {
                        validate::field_length(SHAPE, #field_wire, #text, #min, #max)?;
                    }
                }
            }
        }
    })
}

fn check_doc(shape: &ShapeModel, check: &Check) -> Result<String, EmitError> {
    let wire = |i: usize| field_at(shape, i).map(|f| f.wire.as_str());
    Ok(match check {
        Check::ExactlyOneOf(members) => {
            let names = members
                .iter()
                .map(|&i| wire(i).map(code_span))
                .collect::<Result<Vec<_>, EmitError>>()?;
            format!(
                "- [`ValidationError::ExactlyOneOf`] unless exactly one of {} is set.",
                names.join(", ")
            )
        }
        Check::Forbids { field, forbidden } => format!(
            "- [`ValidationError::Forbidden`] when `{}` is set together with `{}`.",
            wire(*forbidden)?,
            wire(*field)?
        ),
        Check::RequiredIf { field, when, .. } => format!(
            "- [`ValidationError::RequiredIf`] when `{}` is missing although `{}` demands it.",
            wire(*field)?,
            wire(*when)?
        ),
        Check::Range { field, min, max } => {
            let allowed = match (min, max) {
                (Some(min), Some(max)) => format!("outside {} to {}", min.text, max.text),
                (Some(min), None) => format!("below {}", min.text),
                (None, Some(max)) => format!("above {}", max.text),
                (None, None) => "out of range".to_owned(),
            };
            format!(
                "- [`ValidationError::OutOfRange`] when `{}` is {allowed}.",
                wire(*field)?
            )
        }
        Check::MinItems { field, min: 1 } => format!(
            "- [`ValidationError::TooFewItems`] when `{}` is empty.",
            wire(*field)?
        ),
        Check::MinItems { field, min } => format!(
            "- [`ValidationError::TooFewItems`] when `{}` has fewer than {min} items.",
            wire(*field)?
        ),
        Check::MaxItems { field, max } => format!(
            "- [`ValidationError::TooManyItems`] when `{}` has more than {max} item{}.",
            wire(*field)?,
            if *max == 1 { "" } else { "s" }
        ),
        Check::Length { field, min, max } => {
            let allowed = match (min, max) {
                (Some(min), Some(max)) => format!("shorter than {min} or longer than {max}"),
                (Some(min), None) => format!("shorter than {min}"),
                (None, Some(max)) => format!("longer than {max}"),
                (None, None) => "of any length".to_owned(),
            };
            format!(
                "- [`ValidationError::FieldLength`] when `{}` is {allowed} characters.",
                wire(*field)?
            )
        }
    })
}

/// A conversion, under the cargo features its source is compiled with when they are not its
/// target's: another action's module compiled only with its feature (`DescribeCallback`'s
/// `CallbackConfig` into `UpdateCallbackRequest`), or a type of `types` compiled only with some
/// features. It exists when both ends do, and so do the imports only it needs.
fn gated_conversion(
    model: &Model,
    target: &ShapeModel,
    planned: &Conversion,
    here: Home,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let Some(source) = model.shapes.get(planned.source) else {
        return conversion(model, target, planned, here, uses, None);
    };
    let features: Vec<String> = match source.home {
        Home::Action(_) if source.home != here => model
            .feature_of(source.home)
            .map(str::to_owned)
            .into_iter()
            .collect(),
        Home::Types if source.features != target.features => source.features.clone(),
        _ => Vec::new(),
    };
    if features.is_empty() {
        return conversion(model, target, planned, here, uses, None);
    }
    let mut own = Uses::default();
    let gate = any_feature(&features);
    let tokens = conversion(model, target, planned, here, &mut own, Some(gate))?;
    uses.merge_gated_any(own, &features);
    Ok(tokens)
}
