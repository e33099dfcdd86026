//! Stage 1 -> 2: checks a parsed `Spec` and builds the `Model`, collecting every problem.
//!
//! One module per concern, each a pass over the spec that reports into one `Sink`:
//!
//! - `names`: identifiers, reserved words, the one namespace of type names;
//! - `service`: the service, its endpoints and the crate name;
//! - `scalars`: enums and constrained string types;
//! - `shapes`: fields and their types (a draft per shape, a placeholder per field whose type
//!   did not resolve, so indices always match the spec);
//! - `rules`: rules attached to field indices, and rules that together refuse every request;
//! - `repr`: representations (struct, one_of, switch) checked against the rules;
//! - `actions`: actions, their inputs and results;
//! - `events`: the callback events, their envelope and known types;
//! - `graph`: recursion, usage (what inputs, results and events reach) and module homes;
//! - `forms`: the emission decisions, made once everything else is known.
//!
//! Each pass returns what it could make (`Option` where it could not); later passes skip what
//! an earlier one could not make, so one mistake is reported once.

mod actions;
mod conversions;
mod errors;
mod events;
mod features;
mod forms;
mod graph;
pub(crate) mod names;
mod repr;
mod rules;
mod scalars;
mod service;
mod shapes;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::spec::Spec;

/// Checks `spec` and builds the model, or returns every problem found.
pub fn check(spec: &Spec, source: &str) -> Result<Model, Diagnostics> {
    let mut sink = Sink::default();
    if spec.format != 1 {
        sink.push(
            Diagnostic::new("format", format!("unsupported spec format {}", spec.format))
                .with_hint("this generator reads format 1"),
        );
    }
    let service = service::check(&spec.service, &mut sink);
    let namespace = names::type_names(spec, &mut sink);
    let mut enums = scalars::enums(&spec.enums, &mut sink);
    let mut strings = scalars::strings(&spec.strings, &mut sink);
    let mut shapes = shapes::resolve(&spec.shapes, &namespace, &mut sink);
    for (index, (draft, shape)) in shapes.iter_mut().zip(&spec.shapes).enumerate() {
        rules::attach(index, shape, draft, &enums, &mut sink);
        repr::choose(index, shape, draft, &mut sink);
    }
    let (error_codes, action_errors) = errors::check(spec, &mut sink);
    let mut actions = actions::check(
        &spec.actions,
        &spec.service.version,
        &namespace,
        &shapes,
        &mut sink,
    );
    if spec.service.action_features {
        features::assign(&mut actions, &mut sink);
    }
    let events = spec
        .events
        .as_ref()
        .map(|events| events::check(events, &namespace, &shapes, &enums, &mut sink));
    let reach = graph::usage(
        &actions,
        events.as_ref().and_then(Option::as_ref),
        &shapes,
        enums.len(),
        strings.len(),
    );
    graph::recursion(&shapes, &reach, &mut sink);
    graph::usage_constraints(&reach, &shapes, &mut sink);
    let shared: Vec<bool> = shapes
        .iter()
        .zip(&reach.shapes)
        .map(|(s, u)| u.input && u.output && s.repr == Some(shapes::Repr::Struct))
        .collect();
    let twins = names::twin_names(spec, &shared, &namespace, &mut sink);
    if !sink.items.is_empty() {
        return Err(sink.into_diagnostics(source));
    }
    for (e, usage) in enums.iter_mut().zip(&reach.enums) {
        e.usage = *usage;
    }
    for (s, usage) in strings.iter_mut().zip(&reach.strings) {
        s.usage = *usage;
    }
    for (action, errors) in actions.iter_mut().zip(action_errors) {
        action.errors = errors;
    }
    let boxed = graph::boxed_fields(&shapes);
    let post_query: Vec<bool> = (0..shapes.len())
        .map(|i| {
            actions.iter().any(|a| {
                a.input == i
                    && a.method == crate::model::MethodSpec::Post
                    && a.parameters != crate::model::Parameters::JsonBody
            })
        })
        .collect();
    let floats = graph::holds_floats(&shapes);
    let shapes = shapes
        .into_iter()
        .zip(twins)
        .enumerate()
        .map(|(i, (draft, twin))| {
            let decided = forms::Decided {
                usage: reach.shapes.get(i).copied()?,
                home: reach.homes.get(i).copied()?,
                boxed: boxed.get(i)?.clone(),
                twin,
                eq: !*floats.get(i)?,
                post_query: *post_query.get(i)?,
                action_input: actions.iter().any(|a| a.input == i),
            };
            forms::decide(draft, decided)
        })
        .collect::<Option<Vec<_>>>();
    // `Some(None)`: the spec has events, but they could not be read (reported).
    let events = match events {
        None => Some(None),
        Some(events) => events.map(Some),
    };
    let (Some(service), Some(mut shapes), Some(events)) = (service, shapes, events) else {
        // Every part that could not be made reported why; reaching this is a checker bug.
        sink.push(Diagnostic::new(
            "",
            "internal error: the spec passed every check but could not be modelled; please report it with the spec",
        ));
        return Err(sink.into_diagnostics(source));
    };
    conversions::plan(spec, &mut shapes, &mut sink);
    if spec.service.action_features {
        features::gate_types(&actions, &mut shapes, &mut enums, &mut strings, &reach);
    }
    if !sink.items.is_empty() {
        return Err(sink.into_diagnostics(source));
    }
    let events = events.map(|mut events| {
        // The event enum derives `Eq` when every shape it holds does.
        events.eq = std::iter::once(events.envelope)
            .chain(events.types.iter().map(|t| t.shape))
            .all(|i| shapes.get(i).is_some_and(|s| s.eq));
        events
    });
    Ok(Model {
        source: source.to_owned(),
        service,
        actions,
        shapes,
        enums,
        strings,
        events,
        error_codes,
    })
}

/// Where every pass reports its problems.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    items: Vec<Diagnostic>,
}

impl Sink {
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub(crate) fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.items.push(Diagnostic::new(path, message));
    }

    fn into_diagnostics(self, source: &str) -> Diagnostics {
        Diagnostics {
            file: source.to_owned(),
            items: self.items,
        }
    }
}
