//! The type graph: shapes that would contain themselves, what each action's input and result
//! reach, and the module each shape is emitted in.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::shapes::{Repr, ShapeDraft};
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::{ActionModel, EnumModel, Home, StringModel, Ty, Usage};

/// A shape that holds itself other than through a list would be infinitely large. Each cycle
/// is reported once, at the field of its first shape that starts it, with the fields that
/// close it.
pub(super) fn recursion(shapes: &[ShapeDraft], sink: &mut Sink) {
    /// The fields of a shape that hold another shape directly: (field index, shape index).
    fn direct(shape: &ShapeDraft) -> impl Iterator<Item = (usize, usize)> + '_ {
        shape
            .fields
            .iter()
            .enumerate()
            .filter_map(|(j, f)| match f.ty {
                Some(Ty::Shape(s)) => Some((j, s)),
                _ => None,
            })
    }
    let mut reported = BTreeSet::new();
    for (start, shape) in shapes.iter().enumerate() {
        if reported.contains(&start) {
            continue;
        }
        // Breadth first, so that the shortest cycle is the one shown.
        let mut came_from: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        let mut closing = None;
        'search: while let Some(node) = queue.pop_front() {
            for (field, next) in shapes.get(node).into_iter().flat_map(direct) {
                if next == start {
                    closing = Some((node, field));
                    break 'search;
                }
                if let std::collections::btree_map::Entry::Vacant(entry) = came_from.entry(next) {
                    entry.insert((node, field));
                    queue.push_back(next);
                }
            }
        }
        let Some(mut edge) = closing else { continue };
        // The cycle's fields, from `start` round to `start`.
        let mut cycle = vec![edge];
        while edge.0 != start {
            let Some(previous) = came_from.get(&edge.0) else {
                break;
            };
            edge = *previous;
            cycle.push(edge);
        }
        cycle.reverse();
        reported.extend(cycle.iter().map(|(s, _)| *s));
        let through: Vec<String> = cycle
            .iter()
            .filter_map(|(s, f)| {
                let s = shapes.get(*s)?;
                Some(format!("`{}.{}`", s.name, s.fields.get(*f)?.wire))
            })
            .collect();
        let first_field = cycle.first().map_or(0, |(_, f)| *f);
        let message = if cycle.len() == 1 {
            format!(
                "shape `{}` contains itself through its field {}, so it would be infinitely large",
                shape.name,
                through.join("")
            )
        } else {
            format!(
                "shape `{}` contains itself through {}, so it would be infinitely large",
                shape.name,
                through.join(" -> ")
            )
        };
        sink.push(
            Diagnostic::new(
                format!("shapes[{start}].fields[{first_field}].type"),
                message,
            )
            .with_hint("hold the inner value in a `List<...>` field, which may be empty"),
        );
    }
}

/// What the actions reach, per type, and the module of each shape.
#[derive(Debug)]
pub(super) struct Reach {
    pub shapes: Vec<Usage>,
    pub enums: Vec<Usage>,
    pub strings: Vec<Usage>,
    pub homes: Vec<Home>,
}

/// Marks what inputs and results reach (serialized, deserialized), and puts every shape in
/// the module of the one action that uses it, or in `types`.
pub(super) fn usage(
    actions: &[ActionModel],
    shapes: &[ShapeDraft],
    enums: usize,
    strings: usize,
) -> Reach {
    let mut reach = Reach {
        shapes: vec![Usage::default(); shapes.len()],
        enums: vec![Usage::default(); enums],
        strings: vec![Usage::default(); strings],
        homes: Vec::new(),
    };
    let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); shapes.len()];
    for (a, action) in actions.iter().enumerate() {
        for (root, output) in [(Some(action.input), false), (action.result, true)] {
            let Some(root) = root else { continue };
            let mut stack = vec![Ty::Shape(root)];
            let mut seen = BTreeSet::new();
            while let Some(ty) = stack.pop() {
                let usage = match ty {
                    Ty::List(inner) => {
                        stack.push(*inner);
                        continue;
                    }
                    Ty::Enum(e) => reach.enums.get_mut(e),
                    Ty::Str(s) => reach.strings.get_mut(s),
                    Ty::Shape(s) => {
                        if let Some(users) = users.get_mut(s) {
                            users.insert(a);
                        }
                        if seen.insert(s) {
                            let fields = shapes.get(s).into_iter().flat_map(|s| &s.fields);
                            stack.extend(fields.filter_map(|f| f.ty.clone()));
                        }
                        reach.shapes.get_mut(s)
                    }
                    Ty::String | Ty::Boolean | Ty::Integer => None,
                };
                if let Some(usage) = usage {
                    if output {
                        usage.output = true;
                    } else {
                        usage.input = true;
                    }
                }
            }
        }
    }
    reach.homes = users
        .iter()
        .map(|users| match users.iter().collect::<Vec<_>>().as_slice() {
            [only] => Home::Action(**only),
            _ => Home::Types,
        })
        .collect();
    reach
}

/// What usage rules out: enum-represented and flattened shapes in results, and types no action
/// uses (reported only when every name resolved, since usage is incomplete otherwise).
pub(super) fn usage_constraints(
    reach: &Reach,
    complete: bool,
    shapes: &[ShapeDraft],
    enums: &[EnumModel],
    strings: &[StringModel],
    sink: &mut Sink,
) {
    for (i, (shape, usage)) in shapes.iter().zip(&reach.shapes).enumerate() {
        let enum_represented = matches!(shape.repr, Some(Repr::OneOf(_) | Repr::Switch(_)));
        if enum_represented && usage.output {
            sink.error(
                format!("shapes[{i}].representation"),
                format!(
                    "`{}` is an enum-represented shape, which only requests can use; a result reaches it",
                    shape.name
                ),
            );
        }
        for (j, field) in shape.fields.iter().enumerate() {
            if field.flatten && usage.output {
                sink.error(
                    format!("shapes[{i}].fields[{j}].flatten"),
                    "flattened fields are for requests; a result reaches this one",
                );
            }
        }
        if complete && *usage == Usage::default() {
            sink.push(unused(format!("shapes[{i}].name"), "shape", &shape.name));
        }
    }
    if !complete {
        return;
    }
    for (i, (e, usage)) in enums.iter().zip(&reach.enums).enumerate() {
        if *usage == Usage::default() {
            sink.push(unused(format!("enums[{i}].name"), "enum", &e.name));
        }
    }
    for (i, (s, usage)) in strings.iter().zip(&reach.strings).enumerate() {
        if *usage == Usage::default() {
            sink.push(unused(format!("strings[{i}].name"), "string type", &s.name));
        }
    }
}

fn unused(path: String, what: &str, name: &str) -> Diagnostic {
    Diagnostic::new(path, format!("{what} `{name}` is not used by any action"))
        .with_hint("remove it, or use it in a field")
}
