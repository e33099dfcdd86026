//! The type graph: shapes that would contain themselves, what each action's input and result
//! reach, and the module each shape is emitted in.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::shapes::{Repr, ShapeDraft};
use super::Sink;
use crate::diag::Diagnostic;
use crate::model::{ActionModel, EventsModel, Home, Ty, Usage};

/// A shape that holds itself through fields a value must have (required fields of a shape
/// requests build, or flattened ones) would be infinitely large: no value of it can be built.
/// Each such cycle is reported once, at the field of its first shape that starts it, with the
/// fields that close it. Cycles through an optional field are fine: the fields inside a cycle
/// are boxed (see [`boxed_fields`]).
pub(super) fn recursion(shapes: &[ShapeDraft], reach: &Reach, sink: &mut Sink) {
    // The fields of a shape that hold another shape and must be present: (field, shape).
    let must_hold = |index: usize| -> Vec<(usize, usize)> {
        let Some(shape) = shapes.get(index) else {
            return Vec::new();
        };
        let built = reach.shapes.get(index).is_some_and(|u| u.input);
        shape
            .fields
            .iter()
            .enumerate()
            .filter_map(|(j, f)| match f.ty {
                Some(Ty::Shape(s)) if f.flatten || (f.required && built) => Some((j, s)),
                _ => None,
            })
            .collect()
    };
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
            for (field, next) in must_hold(node) {
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
                "shape `{}` contains itself through its field {}, which every value must have, so no value can be built: it would be infinitely large",
                shape.name,
                through.join("")
            )
        } else {
            format!(
                "shape `{}` contains itself through {}, fields every value must have, so no value can be built: it would be infinitely large",
                shape.name,
                through.join(" -> ")
            )
        };
        sink.push(
            Diagnostic::new(
                format!("shapes[{start}].fields[{first_field}].type"),
                message,
            )
            .with_hint("make one of these fields optional (not flattened): an optional field in a cycle holds its value in a `Box`"),
        );
    }
}

/// For every field of every shape, whether it is boxed: it holds (directly, not through a
/// list or map) a shape of its own shape's cycle. Cycles are the strongly connected components
/// of the graph of such fields.
pub(super) fn boxed_fields(shapes: &[ShapeDraft]) -> Vec<Vec<bool>> {
    let edges: Vec<Vec<usize>> = shapes
        .iter()
        .map(|s| {
            s.fields
                .iter()
                .filter_map(|f| match f.ty {
                    Some(Ty::Shape(t)) => Some(t),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    shapes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.fields
                .iter()
                .map(|f| match f.ty {
                    Some(Ty::Shape(t)) => component.get(t) == component.get(i),
                    _ => false,
                })
                .collect()
        })
        .collect()
}

/// The strongly connected component of every node (Tarjan's algorithm, iterative so that a
/// long chain of shapes cannot overflow the stack). A node alone in its component without a
/// self-edge gets a component of its own too; `boxed_fields` only compares components of
/// the two ends of an edge, which for such a node never match another.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut at)) = work.last_mut() {
            if let Some(&next) = edges[node].get(*at) {
                *at += 1;
                if next >= n {
                    continue;
                }
                if index[next] == UNSEEN {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// What the actions reach, per type, and the module of each shape.
#[derive(Debug)]
pub(super) struct Reach {
    pub shapes: Vec<Usage>,
    pub enums: Vec<Usage>,
    pub strings: Vec<Usage>,
    pub homes: Vec<Home>,
    /// Who uses each shape, enum and string type: actions by index, the events as
    /// `actions.len()`.
    pub shape_users: Vec<BTreeSet<usize>>,
    pub enum_users: Vec<BTreeSet<usize>>,
    pub string_users: Vec<BTreeSet<usize>>,
}

/// Marks what inputs and results reach (serialized, deserialized), and puts every shape in
/// the module of the one action that uses it, or in `types`.
pub(super) fn usage(
    actions: &[ActionModel],
    events: Option<&EventsModel>,
    shapes: &[ShapeDraft],
    enums: usize,
    strings: usize,
) -> Reach {
    let mut reach = Reach {
        shapes: vec![Usage::default(); shapes.len()],
        enums: vec![Usage::default(); enums],
        strings: vec![Usage::default(); strings],
        homes: Vec::new(),
        shape_users: Vec::new(),
        enum_users: vec![BTreeSet::new(); enums],
        string_users: vec![BTreeSet::new(); strings],
    };
    // Who uses each shape: an action by its index, the events as one more user.
    let events_user = actions.len();
    let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); shapes.len()];
    // (root type, decoded, user)
    let mut roots: Vec<(Ty, bool, usize)> = Vec::new();
    for (a, action) in actions.iter().enumerate() {
        roots.push((Ty::Shape(action.input), false, a));
        roots.extend(action.result.clone().map(|r| (r, true, a)));
    }
    if let Some(events) = events {
        roots.extend(
            events
                .message_types
                .map(|e| (Ty::Enum(e), true, events_user)),
        );
        roots.push((Ty::Shape(events.envelope), true, events_user));
        roots.extend(
            events
                .types
                .iter()
                .map(|t| (Ty::Shape(t.shape), true, events_user)),
        );
    }
    for (root, output, user) in roots {
        let mut stack = vec![root];
        let mut seen = BTreeSet::new();
        while let Some(ty) = stack.pop() {
            let usage = match ty {
                Ty::List(inner) | Ty::Map(inner) => {
                    stack.push(*inner);
                    continue;
                }
                Ty::Enum(e) => {
                    if let Some(users) = reach.enum_users.get_mut(e) {
                        users.insert(user);
                    }
                    reach.enums.get_mut(e)
                }
                Ty::Str(s) => {
                    if let Some(users) = reach.string_users.get_mut(s) {
                        users.insert(user);
                    }
                    reach.strings.get_mut(s)
                }
                Ty::Shape(s) => {
                    if let Some(users) = users.get_mut(s) {
                        users.insert(user);
                    }
                    if seen.insert(s) {
                        let fields = shapes.get(s).into_iter().flat_map(|s| &s.fields);
                        stack.extend(fields.filter_map(|f| f.ty.clone()));
                    }
                    reach.shapes.get_mut(s)
                }
                Ty::String | Ty::Boolean | Ty::Integer | Ty::Float | Ty::Json => None,
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
    reach.homes = users
        .iter()
        .map(|users| match users.iter().collect::<Vec<_>>().as_slice() {
            [only] if **only == events_user => Home::Events,
            [only] => Home::Action(**only),
            _ => Home::Types,
        })
        .collect();
    reach.shape_users = users;
    reach
}

/// What usage rules out: enum-represented and flattened shapes in results. (A type no action
/// uses is not a problem: it is emitted in `types`, with no serde impls.)
pub(super) fn usage_constraints(reach: &Reach, shapes: &[ShapeDraft], sink: &mut Sink) {
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
    }
}

/// Whether each shape holds a float anywhere inside (through lists, maps and other shapes):
/// such a shape cannot derive `Eq`.
pub(super) fn holds_floats(shapes: &[ShapeDraft]) -> Vec<bool> {
    fn direct(ty: &Ty, inner: &mut Vec<usize>) -> bool {
        match ty {
            Ty::Float => true,
            Ty::List(t) | Ty::Map(t) => direct(t, inner),
            Ty::Shape(s) => {
                inner.push(*s);
                false
            }
            _ => false,
        }
    }
    let mut floats = vec![false; shapes.len()];
    let mut holds: Vec<Vec<usize>> = vec![Vec::new(); shapes.len()];
    for (i, shape) in shapes.iter().enumerate() {
        for field in &shape.fields {
            if let Some(ty) = &field.ty {
                floats[i] |= direct(ty, &mut holds[i]);
            }
        }
    }
    // Until nothing changes: a shape holding a shape that holds a float holds one too.
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..shapes.len() {
            if !floats[i]
                && holds[i]
                    .iter()
                    .any(|&s| floats.get(s).copied().unwrap_or(false))
            {
                floats[i] = true;
                changed = true;
            }
        }
    }
    floats
}
