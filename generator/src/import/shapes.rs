//! One shape per structure, and a short name for each.
//!
//! **Structure.** Two Go structs are one shape when they have the same fields: the same wire
//! names, each with the same type and the same `required`, where the shapes inside are the same
//! shape in turn (found by partition refinement, so structures that hold themselves compare
//! too). Docs do not count: the shape keeps the docs of its member with the smallest Go name.
//! Each action's input stays its own shape (`{Action}Request`), and so does each result
//! (`{Action}Result`).
//!
//! **Names.** The Go model names a nested struct by its position
//! (`UpdateCallbackBodyCallbackDetailListItem`). A shape is named instead by the field that
//! holds it, in UpperCamelCase without a trailing `List` (`CallbackDetailList` ->
//! `CallbackDetail`); when it is held by several fields, by the most frequent name (the
//! smallest on a tie). When two shapes would take one name, or the name is taken (an input, a
//! result, a name the generated crate uses), each of them is named by its parent's name and
//! the field's (`DescribeCallbackCallbackDetail`); when that collides too, by the shortest Go
//! name of its members (unique in the model). So a name changes only when the shape's own
//! fields or uses change, or when a shape that wanted the same name appears or goes.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use heck::ToUpperCamelCase;

use super::convert::{Raw, RawShape, RawTy};

/// A node of the structure graph: a Go struct reached by some action.
struct Node<'r> {
    shape: &'r RawShape,
    /// The result of these actions (never merged with other shapes).
    result_of: Option<String>,
}

/// Where a class is used: by an input (the action's name) or by another class, in a field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Parent {
    Input(String),
    Class(usize),
}

/// The classes of structurally identical structs and their names.
pub(super) struct Shapes<'r> {
    nodes: Vec<Node<'r>>,
    /// Go name -> node index.
    index: BTreeMap<&'r str, usize>,
    /// Node -> class.
    class: Vec<usize>,
    /// Class -> its members (node indices, Go names ascending).
    members: Vec<Vec<usize>>,
    /// Class -> its name.
    pub names: Vec<String>,
}

impl<'r> Shapes<'r> {
    /// Partitions the structs of `raw` (each struct a class of its own unless `merge`) and
    /// names the classes; `taken` are names the shapes may not use (inputs, results, reserved
    /// names).
    pub fn new(raw: &'r Raw, taken: &BTreeSet<String>, merge: bool) -> Self {
        let mut result_of: BTreeMap<&str, String> = BTreeMap::new();
        for action in &raw.actions {
            if let Some(RawTy::Shape(name)) = &action.result {
                result_of
                    .entry(name.as_str())
                    .or_insert_with(|| action.api.name.clone());
            }
        }
        let nodes: Vec<Node> = raw
            .shapes
            .values()
            .map(|shape| Node {
                shape,
                result_of: result_of.get(shape.go_name.as_str()).cloned(),
            })
            .collect();
        let index: BTreeMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.shape.go_name.as_str(), i))
            .collect();
        let class = if merge {
            partition(&nodes, &index)
        } else {
            (0..nodes.len()).collect()
        };
        let count = class.iter().copied().max().map_or(0, |m| m + 1);
        let mut members = vec![Vec::new(); count];
        for (node, c) in class.iter().enumerate() {
            members[*c].push(node);
        }
        let mut shapes = Self {
            nodes,
            index,
            class,
            members,
            names: Vec::new(),
        };
        shapes.names = shapes.name_classes(raw, taken);
        shapes
    }

    /// The class of a Go struct.
    pub fn class_of(&self, go_name: &str) -> Option<usize> {
        self.index.get(go_name).map(|n| self.class[*n])
    }

    /// The shape name a Go struct is imported as.
    pub fn name_of(&self, go_name: &str) -> Option<&str> {
        self.class_of(go_name)
            .and_then(|c| self.names.get(c))
            .map(String::as_str)
    }

    /// The struct whose fields and docs a class keeps: its smallest Go name.
    pub fn representative(&self, class: usize) -> Option<&'r RawShape> {
        let first = *self.members.get(class)?.first()?;
        Some(self.nodes[first].shape)
    }

    /// How many classes there are.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    fn name_classes(&self, raw: &Raw, taken: &BTreeSet<String>) -> Vec<String> {
        let classes = self.members.len();
        // Every place a class is held, as (parent, field wire name).
        let mut uses: Vec<BTreeSet<(Parent, String)>> = vec![BTreeSet::new(); classes];
        for action in &raw.actions {
            for field in &action.input.fields {
                if let Some(c) = field.ty.shape().and_then(|s| self.class_of(s)) {
                    uses[c].insert((Parent::Input(action.api.name.clone()), field.wire.clone()));
                }
            }
            // The items of a list (or map) result are held by the action's `Result`.
            if let Some(RawTy::List(_) | RawTy::Map(_)) = &action.result {
                if let Some(c) = action
                    .result
                    .as_ref()
                    .and_then(|r| r.shape())
                    .and_then(|s| self.class_of(s))
                {
                    uses[c].insert((Parent::Input(action.api.name.clone()), "Result".to_owned()));
                }
            }
        }
        for (n, node) in self.nodes.iter().enumerate() {
            for field in &node.shape.fields {
                if let Some(c) = field.ty.shape().and_then(|s| self.class_of(s)) {
                    uses[c].insert((Parent::Class(self.class[n]), field.wire.clone()));
                }
            }
        }
        let mut names: Vec<Option<String>> = vec![None; classes];
        // Results keep their action's name.
        for (c, members) in self.members.iter().enumerate() {
            if let Some(action) = members
                .iter()
                .find_map(|n| self.nodes[*n].result_of.as_ref())
            {
                names[c] = Some(format!("{action}Result"));
            }
        }
        // Level 1: the field's name.
        let wanted: Vec<Option<String>> = (0..classes)
            .map(|c| {
                if names[c].is_some() {
                    return None;
                }
                let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                for (_, wire) in &uses[c] {
                    *counts.entry(base_name(wire)).or_default() += 1;
                }
                let best = counts.values().copied().max()?;
                counts
                    .into_iter()
                    .find(|(_, n)| *n == best)
                    .map(|(name, _)| name)
            })
            .collect();
        let mut used: BTreeSet<String> = taken.clone();
        used.extend(names.iter().flatten().cloned());
        settle(&mut names, &wanted, &mut used);
        // Level 2: the parent's own wanted name (or its action's) and the field's, decided
        // the same way among the shapes still unnamed.
        // The parent a name is made from: among the uses that gave the wanted name, the one
        // whose parent has the smallest name (a stable choice: indices are not).
        let stable = |parent: &Parent| -> String {
            match parent {
                Parent::Input(action) => action.clone(),
                Parent::Class(p) => wanted[*p]
                    .clone()
                    .or_else(|| names[*p].clone())
                    .unwrap_or_default(),
            }
        };
        let parents: Vec<Option<Parent>> = (0..classes)
            .map(|c| {
                let base = wanted[c].as_deref()?;
                uses[c]
                    .iter()
                    .filter(|(_, wire)| base_name(wire) == base)
                    .min_by_key(|(parent, wire)| (stable(parent), wire.clone()))
                    .map(|(parent, _)| parent.clone())
            })
            .collect();
        let parent_of = |c: usize| -> Option<&Parent> { parents[c].as_ref() };
        let second: Vec<Option<String>> = (0..classes)
            .map(|c| {
                if names[c].is_some() {
                    return None;
                }
                let stem = match parent_of(c)? {
                    Parent::Input(action) => action.clone(),
                    Parent::Class(p) => match (&wanted[*p], &names[*p]) {
                        (Some(want), _) => want.clone(),
                        (None, Some(name)) => result_stem(name),
                        (None, None) => return None,
                    },
                };
                Some(format!("{stem}{}", wanted[c].as_deref().unwrap_or("")))
            })
            .collect();
        settle(&mut names, &second, &mut used);
        // Level 3: the parent's final name and the field's, parents first; then the shortest
        // Go name of the shape's members.
        for c in self.breadth_first(&uses) {
            if names[c].is_some() {
                continue;
            }
            // The parent's whole name here (a result's too: `GetXResultExtra` beside the
            // request's `GetXExtra`).
            let third = match parent_of(c) {
                Some(Parent::Input(action)) => Some(action.clone()),
                Some(Parent::Class(p)) => names[*p].clone(),
                None => None,
            }
            .map(|stem| format!("{stem}{}", wanted[c].as_deref().unwrap_or("")));
            let name = match third.filter(|n| !used.contains(n)) {
                Some(n) => n,
                None => self.fallback(c, &used),
            };
            used.insert(name.clone());
            names[c] = Some(name);
        }
        names
            .into_iter()
            .enumerate()
            .map(|(c, n)| n.unwrap_or_else(|| self.fallback(c, &BTreeSet::new())))
            .collect()
    }

    /// The class's shortest Go name (unique in the model), numbered if even that is taken.
    fn fallback(&self, class: usize, used: &BTreeSet<String>) -> String {
        let go = self.members[class]
            .iter()
            .map(|n| self.nodes[*n].shape.go_name.as_str())
            .min_by_key(|name| (name.len(), *name))
            .unwrap_or("Shape")
            .to_owned();
        if !used.contains(&go) {
            return go;
        }
        (2..)
            .map(|k| format!("{go}{k}"))
            .find(|n| !used.contains(n))
            .unwrap_or(go)
    }

    /// Classes in breadth-first order from the inputs and results.
    fn breadth_first(&self, uses: &[BTreeSet<(Parent, String)>]) -> Vec<usize> {
        let classes = self.members.len();
        let mut children: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); classes];
        let mut queue = VecDeque::new();
        let mut seen = vec![false; classes];
        for (c, places) in uses.iter().enumerate() {
            for (parent, _) in places {
                match parent {
                    Parent::Input(_) => {
                        if !seen[c] {
                            seen[c] = true;
                            queue.push_back(c);
                        }
                    }
                    Parent::Class(p) => {
                        children[*p].insert(c);
                    }
                }
            }
        }
        for (c, members) in self.members.iter().enumerate() {
            if !seen[c] && members.iter().any(|n| self.nodes[*n].result_of.is_some()) {
                seen[c] = true;
                queue.push_back(c);
            }
        }
        let mut order = Vec::with_capacity(classes);
        while let Some(c) = queue.pop_front() {
            order.push(c);
            for child in &children[c] {
                if !seen[*child] {
                    seen[*child] = true;
                    queue.push_back(*child);
                }
            }
        }
        // Whatever no root reaches (none, in a model read from its roots), last.
        order.extend((0..classes).filter(|c| !seen[*c]));
        order
    }
}

/// Gives each unnamed class its wanted name when no other unnamed class wants it and it is not
/// used yet.
fn settle(names: &mut [Option<String>], wanted: &[Option<String>], used: &mut BTreeSet<String>) {
    let mut demand: BTreeMap<&str, usize> = BTreeMap::new();
    for (c, want) in wanted.iter().enumerate() {
        if let (None, Some(want)) = (&names[c], want) {
            *demand.entry(want).or_default() += 1;
        }
    }
    let mut granted = Vec::new();
    for (c, want) in wanted.iter().enumerate() {
        if let (None, Some(want)) = (&names[c], want) {
            if demand.get(want.as_str()) == Some(&1) && !used.contains(want) {
                granted.push((c, want.clone()));
            }
        }
    }
    for (c, name) in granted {
        used.insert(name.clone());
        names[c] = Some(name);
    }
}

/// A name as the first part of its children's: without a result's `Result`.
fn result_stem(name: &str) -> String {
    name.strip_suffix("Result")
        .filter(|s| !s.is_empty())
        .unwrap_or(name)
        .to_owned()
}

/// A field's wire name as a type name: UpperCamelCase, without a trailing `List`.
fn base_name(wire: &str) -> String {
    let camel = if wire.starts_with(|c: char| c.is_ascii_uppercase())
        && wire.chars().all(|c| c.is_ascii_alphanumeric())
    {
        wire.to_owned()
    } else {
        wire.to_upper_camel_case()
    };
    let camel = if camel.starts_with(|c: char| c.is_ascii_uppercase()) {
        camel
    } else {
        format!("Field{camel}")
    };
    match camel.strip_suffix("List") {
        Some(stem) if !stem.is_empty() => stem.to_owned(),
        _ => camel,
    }
}

/// Partition refinement: classes of structs with the same fields, whose shapes are in the same
/// classes in turn. Results are each a class of their own.
fn partition(nodes: &[Node], index: &BTreeMap<&str, usize>) -> Vec<usize> {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    struct Local {
        result_of: Option<String>,
        fields: Vec<(String, String, bool)>,
    }
    let refs: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            let mut fields: Vec<_> = n.shape.fields.iter().collect();
            fields.sort_by(|a, b| a.wire.cmp(&b.wire));
            fields
                .iter()
                .filter_map(|f| f.ty.shape().and_then(|s| index.get(s).copied()))
                .collect()
        })
        .collect();
    let locals: Vec<Local> = nodes
        .iter()
        .map(|n| {
            let mut fields: Vec<(String, String, bool)> = n
                .shape
                .fields
                .iter()
                .map(|f| (f.wire.clone(), shape_of(&f.ty), f.required))
                .collect();
            fields.sort();
            Local {
                result_of: n.result_of.clone(),
                fields,
            }
        })
        .collect();
    let mut ids: BTreeMap<&Local, usize> = BTreeMap::new();
    let mut class: Vec<usize> = locals
        .iter()
        .map(|l| {
            let next = ids.len();
            *ids.entry(l).or_insert(next)
        })
        .collect();
    loop {
        let mut ids: BTreeMap<(usize, Vec<usize>), usize> = BTreeMap::new();
        let next: Vec<usize> = (0..nodes.len())
            .map(|n| {
                let key = (class[n], refs[n].iter().map(|r| class[*r]).collect());
                let id = ids.len();
                *ids.entry(key).or_insert(id)
            })
            .collect();
        let before = class.iter().copied().collect::<BTreeSet<_>>().len();
        if ids.len() == before {
            return next;
        }
        class = next;
    }
}

/// A type with its shapes left as holes (`List<#>`), for comparing structures.
fn shape_of(ty: &RawTy) -> String {
    match ty {
        RawTy::String => "S".to_owned(),
        RawTy::Boolean => "B".to_owned(),
        RawTy::Integer => "I".to_owned(),
        RawTy::Float => "F".to_owned(),
        RawTy::Json => "J".to_owned(),
        RawTy::List(inner) => format!("L<{}>", shape_of(inner)),
        RawTy::Map(inner) => format!("M<{}>", shape_of(inner)),
        RawTy::Shape(_) => "#".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_names() {
        assert_eq!(base_name("CallbackDetailList"), "CallbackDetail");
        assert_eq!(base_name("List"), "List");
        assert_eq!(base_name("Data"), "Data");
        assert_eq!(base_name("Field_54958"), "Field54958");
        assert_eq!(base_name("snake_case"), "SnakeCase");
        assert_eq!(base_name("2nd"), "Field2nd");
    }
}
