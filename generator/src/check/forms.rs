//! The emission decisions: with every check passed and usage known, each shape draft becomes
//! a [`ShapeModel`] whose [`Form`] says how it is emitted.

use super::shapes::{needs_rename, Repr, ShapeDraft};
use crate::model::{Check, Construction, FieldModel, Form, Home, RequestForm, ShapeModel, Usage};

/// What the graph passes worked out about a shape.
pub(super) struct Decided {
    pub usage: Usage,
    pub home: Home,
    /// Per field, whether it is boxed.
    pub boxed: Vec<bool>,
    /// The decoded twin's name, for a struct requests and results both reach.
    pub twin: Option<String>,
    /// Whether its types can derive `Eq`.
    pub eq: bool,
    /// It is a POST action's input, some of whose fields travel in the query string.
    pub post_query: bool,
    /// It is an action's input (its fluent call sets it field by field).
    pub action_input: bool,
}

/// The model of a shape; `None` if a part is missing, which only a checker bug can cause
/// (every missing part was reported, and the model is not built after a problem).
pub(super) fn decide(draft: ShapeDraft, decided: Decided) -> Option<ShapeModel> {
    let Decided {
        usage,
        home,
        boxed,
        twin,
        eq,
        post_query,
        action_input,
    } = decided;
    let fields = draft
        .fields
        .into_iter()
        .zip(boxed)
        .map(|(f, boxed)| {
            let rename = needs_rename(&f);
            Some(FieldModel {
                rename,
                boxed,
                ty: f.ty?,
                wire: f.wire,
                ident: f.ident,
                required: f.required,
                sensitive: f.sensitive,
                flatten: f.flatten,
                location: f.location.filter(|_| post_query),
                docs: f.docs,
                example: f.example,
                notes: f.notes,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let checks = draft.checks?;
    let (form, rules) = match draft.repr? {
        Repr::Struct if usage.input => {
            let form = RequestForm {
                construction: construction(&draft.rust_name, &fields, &checks, action_input),
                checks: build_checks(&fields, &checks),
                decoded: twin,
                conversions: Vec::new(),
            };
            (Form::Request(form), checks)
        }
        Repr::Struct => (Form::Response, checks),
        // The enum forms encode their rules in their variants.
        Repr::OneOf(variants) => (Form::OneOf(variants), Vec::new()),
        Repr::Switch(switch) => (Form::Switch(switch), Vec::new()),
    };
    Some(ShapeModel {
        name: draft.name,
        rust_name: draft.rust_name,
        eq,
        docs: draft.docs,
        fields,
        form,
        rules,
        rule_docs: draft.rule_docs,
        usage,
        home,
        into: Vec::new(),
        features: Vec::new(),
    })
}

/// `new` when it cannot fail: every field required, none flattened, no rule to check; and a
/// builder beside it for an action's input with fields, which its fluent call fills in.
fn construction(
    name: &str,
    fields: &[FieldModel],
    checks: &[Check],
    action_input: bool,
) -> Construction {
    let builder = format!("{name}Builder");
    if checks.is_empty() && fields.iter().all(|f| f.required && !f.flatten) {
        if action_input && !fields.is_empty() {
            Construction::NewAndBuilder { name: builder }
        } else {
            Construction::New
        }
    } else {
        Construction::Builder { name: builder }
    }
}

/// The rules `build()` checks: a `required_if` on a field that is always required holds by
/// construction.
fn build_checks(fields: &[FieldModel], checks: &[Check]) -> Vec<Check> {
    checks
        .iter()
        .filter(|check| match check {
            Check::RequiredIf { field, .. } => !fields.get(*field).is_some_and(|f| f.required),
            _ => true,
        })
        .cloned()
        .collect()
}
