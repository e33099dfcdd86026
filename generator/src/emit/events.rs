//! The `events` module: the envelope and event-type structs, the `Event` enum with a variant
//! per known event type and one that keeps unknown events whole, and its `CallbackEvent` impl,
//! which the runtime's `Verifier` decodes verified deliveries with.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{doc_paragraphs, escape};
use super::modules::shape;
use super::names::ident;
use super::uses::Uses;
use super::EmitError;
use crate::model::{EventsModel, Home, Model, WireValue};
use crate::text::code_span;

/// The tokens of `src/events.rs`.
pub fn events_rs(model: &Model, runtime: &TokenStream) -> Result<TokenStream, EmitError> {
    let events = model
        .events
        .as_ref()
        .ok_or_else(|| EmitError::invariant("the events module", "the spec has no events"))?;
    let mut uses = Uses::default();
    let mut items = Vec::new();
    for s in model.shapes.iter().filter(|s| s.home == Home::Events) {
        items.push(shape(model, s, Home::Events, &mut uses)?);
    }
    let event = event_enum(model, events, &mut uses)?;
    let uses = uses.to_tokens(runtime);
    Ok(quote! {
        #uses

        pub use #runtime::callback::{CallbackError, CallbackEvent, CallbackKey, EventObject, Verifier};

        #(#items)*

        #event
    })
}

fn event_enum(
    model: &Model,
    events: &EventsModel,
    uses: &mut Uses,
) -> Result<TokenStream, EmitError> {
    let envelope = model
        .shapes
        .get(events.envelope)
        .ok_or_else(|| EmitError::invariant("Event", "the envelope shape does not exist"))?;
    uses.add_type(
        model,
        &crate::model::Ty::Shape(events.envelope),
        false,
        Home::Events,
        super::names::Side::Decoded,
    )?;
    uses.add("volc_runtime::callback::EventParts");
    uses.add("volc_runtime::callback::JsonError");
    let common = ident(&envelope.rust_name);
    let message_enum = events.message_types.and_then(|e| model.enums.get(e));
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut names = Vec::new();
    let mut message_arms = Vec::new();
    for t in &events.types {
        let v = variant(model, t, &common, message_enum, uses)?;
        variants.push(v.declaration);
        arms.push(v.arm);
        message_arms.push(v.message_arm);
        names.push(v.name);
    }
    // With no known type there is nothing to tell apart, and no message type to give.
    let message_enum = message_enum.filter(|_| !events.types.is_empty());
    let message_type = message_enum.map(|e| {
        let enum_name = ident(&e.name);
        // Enums live in `types`.
        uses.add(&format!("super::types::{}", e.name));
        quote! {
            /// The message type of the callback configurations that send this event, when the
            /// event type is known.
            pub fn message_type(&self) -> Option<#enum_name> {
                match self {
                    #(#message_arms,)*
                    Self::Unknown { .. } => None,
                }
            }
        }
    });
    let unknown = quote! {
        Self::Unknown {
            common,
            raw: parts.into_object(),
        }
    };
    let dispatch = if arms.is_empty() {
        quote!(Ok(#unknown))
    } else {
        quote! {
            Ok(match parts.event_type() {
                #(#arms)*
                _ => #unknown,
            })
        }
    };
    let eq = events.eq.then(|| quote!(Eq,));
    Ok(quote! {
        /// A callback event, verified and decoded: `Verifier::verify::<Event>(body)`. Each known
        /// event type has a variant with its fields (read leniently: missing fields are `None`,
        /// unknown ones ignored); every other type is kept whole in [`Event::Unknown`], so a new
        /// event type on the server never fails a delivery. The fields every event carries are
        /// read forgivingly: one whose value does not fit (a `stream` that is an object) is
        /// `None`, and the raw object of an unknown type still holds it.
        #[derive(Debug, Clone, PartialEq, #eq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants,)*
            /// An event type this version of the crate does not know, kept whole.
            Unknown {
                /// The fields every event carries (`event_type` among them).
                common: #common,
                /// The whole event object as received, without `sign`.
                raw: EventObject,
            },
        }

        impl Event {
            /// The fields every event carries.
            pub fn common(&self) -> &#common {
                match self {
                    #(Self::#names { common, .. } |)* Self::Unknown { common, .. } => common,
                }
            }

            /// The event's `event_type` as received.
            pub fn event_type(&self) -> Option<&str> {
                self.common().event_type.as_deref()
            }

            #message_type
        }

        impl CallbackEvent for Event {
            fn from_event_object(object: EventObject) -> Result<Self, JsonError> {
                let parts = EventParts::new(object);
                let common: #common = parts.decode_envelope();
                #dispatch
            }
        }
    })
}

/// The parts of the event enum one known event type gives.
struct EventVariant {
    /// The variant, with its docs.
    declaration: TokenStream,
    /// Its arm of the `event_type` dispatch.
    arm: TokenStream,
    /// Its arm of `message_type()`.
    message_arm: TokenStream,
    /// The variant's name.
    name: proc_macro2::Ident,
}

fn variant(
    model: &Model,
    t: &crate::model::EventTypeModel,
    common: &proc_macro2::Ident,
    message_enum: Option<&crate::model::EnumModel>,
    uses: &mut Uses,
) -> Result<EventVariant, EmitError> {
    let fields = model
        .shapes
        .get(t.shape)
        .ok_or_else(|| EmitError::invariant("Event", "an event type's shape does not exist"))?;
    uses.add_type(
        model,
        &crate::model::Ty::Shape(t.shape),
        false,
        Home::Events,
        super::names::Side::Decoded,
    )?;
    let variant = ident(&t.name);
    let fields_ty = ident(&fields.rust_name);
    let (message_arm, linked) = match (message_enum, t.message_type) {
        (Some(e), Some(v)) => {
            let value = e.values.get(v).ok_or_else(|| {
                EmitError::invariant("Event", "an event type's message type does not exist")
            })?;
            let (enum_name, value_name) = (ident(&e.name), ident(&value.name));
            let shown = match &value.wire {
                WireValue::String(s) => s.clone(),
                WireValue::Integer(n) => n.to_string(),
            };
            (
                quote!(Self::#variant { .. } => Some(#enum_name::#value_name)),
                format!(
                    " Sent for callback configurations of `{}` {}.",
                    e.name,
                    code_span(&shown)
                ),
            )
        }
        _ => (quote!(Self::#variant { .. } => None), String::new()),
    };
    let docs = doc_paragraphs([
        format!(
            "{}: {}{linked}",
            code_span(&t.event_type),
            escape(&t.docs.en)
        )
        .as_str(),
        escape(&t.docs.zh).as_str(),
    ]);
    let declaration = quote! {
        #docs
        #variant {
            /// The fields every event carries.
            common: #common,
            /// The fields of this event type (boxed: variants stay small whatever a type
            /// holds).
            fields: Box<#fields_ty>,
        }
    };
    let wire = Literal::string(&t.event_type);
    let arm = quote! {
        Some(#wire) => Self::#variant {
            fields: parts.decode_with_detail()?,
            common,
        },
    };
    Ok(EventVariant {
        declaration,
        arm,
        message_arm,
        name: variant,
    })
}
