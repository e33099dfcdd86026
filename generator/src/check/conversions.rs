//! Read-modify-write: how a value as results carry it becomes a request's. Every decoded twin
//! converts into its request shape; a result shape's `into` declares conversions into request
//! shapes' builders, fields matched by wire name (through flattened one_of and switch groups).

use super::Sink;
use crate::diag::Diagnostic;
use crate::model::{Conversion, Convert, FieldModel, FieldSource, Form, ShapeModel, Ty};
use crate::spec;

/// Plans every conversion and records it on its target (and, for declared ones, on the
/// source); a declaration that cannot be met is reported.
pub(super) fn plan(spec: &spec::Spec, shapes: &mut [ShapeModel], sink: &mut Sink) {
    let mut planned: Vec<(usize, Conversion)> = Vec::new();
    for (index, shape) in shapes.iter().enumerate() {
        if let Form::Request(form) = &shape.form {
            if form.decoded.is_some() {
                let fields = shape
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| FieldSource::Field {
                        source: i,
                        convert: same(shapes, &f.ty, f.sensitive, f.sensitive),
                    })
                    .collect();
                planned.push((
                    index,
                    Conversion {
                        source: index,
                        into_builder: false,
                        fields,
                        dropped: Vec::new(),
                    },
                ));
            }
        }
    }
    for (index, declared) in spec.shapes.iter().enumerate() {
        for (n, target) in declared.into.iter().enumerate() {
            let path = format!("shapes[{index}].into[{n}]");
            let Some(to) = shapes.iter().position(|s| s.name == *target) else {
                sink.error(
                    path,
                    format!("`into` names `{target}`, which is not a shape"),
                );
                continue;
            };
            if let Some(conversion) = declared_conversion(shapes, index, to, &path, sink) {
                planned.push((to, conversion));
            }
        }
    }
    for (to, conversion) in planned {
        let source = conversion.source;
        if conversion.into_builder {
            if let Some(s) = shapes.get_mut(source) {
                s.into.push(to);
            }
        }
        if let Some(Form::Request(form)) = shapes.get_mut(to).map(|s| &mut s.form) {
            form.conversions.push(conversion);
        }
    }
}

/// The conversion of a twin's field into its own type: identity, item by item.
fn same(shapes: &[ShapeModel], ty: &Ty, to_secret: bool, from_secret: bool) -> Convert {
    match ty {
        Ty::Str(i) => Convert::Str(*i),
        Ty::Shape(i) if has_twin(shapes, *i) => Convert::Twin(*i),
        Ty::List(inner) => Convert::List(Box::new(same(shapes, inner, to_secret, from_secret))),
        Ty::Map(inner) => Convert::Map(Box::new(same(shapes, inner, to_secret, from_secret))),
        _ => secret(to_secret, from_secret),
    }
}

fn secret(to: bool, from: bool) -> Convert {
    match (to, from) {
        (true, false) => Convert::Wrap,
        (false, true) => Convert::Unwrap,
        _ => Convert::Clone,
    }
}

fn has_twin(shapes: &[ShapeModel], index: usize) -> bool {
    matches!(
        shapes.get(index).map(|s| &s.form),
        Some(Form::Request(form)) if form.decoded.is_some()
    )
}

/// `from` (as results carry it) into the builder of `to`.
fn declared_conversion(
    shapes: &[ShapeModel],
    from: usize,
    to: usize,
    path: &str,
    sink: &mut Sink,
) -> Option<Conversion> {
    let (source, target) = (shapes.get(from)?, shapes.get(to)?);
    let decoded = match &source.form {
        Form::Response => true,
        Form::Request(form) => form.decoded.is_some(),
        Form::OneOf(_) | Form::Switch(_) => false,
    };
    if !decoded {
        sink.error(
            path,
            format!(
                "`{}` converts from what results carry, and no result holds `{}`",
                target.name, source.name
            ),
        );
        return None;
    }
    let Form::Request(form) = &target.form else {
        sink.error(
            path,
            format!(
                "`{}` is not a request shape: nothing is built from it",
                target.name
            ),
        );
        return None;
    };
    if form.construction.builder().is_none() {
        sink.push(
            Diagnostic::new(
                path,
                format!("`{}` has no builder to fill in", target.name),
            )
            .with_hint("a conversion makes the target's builder; only request shapes built field by field have one (an action's input always does)"),
        );
        return None;
    }
    let mut used = vec![false; source.fields.len()];
    let mut ok = true;
    let mut fields = Vec::with_capacity(target.fields.len());
    for field in &target.fields {
        let planned = match (&field.ty, field.flatten) {
            (Ty::Shape(g), true) => {
                let group = shapes.get(*g)?;
                if !matches!(group.form, Form::OneOf(_) | Form::Switch(_)) {
                    sink.error(
                        path,
                        format!(
                            "`{}` flattens `{}`, a struct: a conversion fills one_of and switch groups only",
                            target.name, group.name
                        ),
                    );
                    ok = false;
                    continue;
                }
                let members = group
                    .fields
                    .iter()
                    .map(|g| plain(shapes, source, g, &mut used, path, sink))
                    .collect::<Option<Vec<_>>>();
                match members {
                    Some(fields) => FieldSource::Group { shape: *g, fields },
                    None => {
                        ok = false;
                        continue;
                    }
                }
            }
            _ => match plain(shapes, source, field, &mut used, path, sink) {
                Some(FieldSource::Unset) if field.required => {
                    sink.error(
                        path,
                        format!(
                            "`{}` has no `{}`, which `{}` requires",
                            source.name, field.wire, target.name
                        ),
                    );
                    ok = false;
                    continue;
                }
                Some(planned) => planned,
                None => {
                    ok = false;
                    continue;
                }
            },
        };
        fields.push(planned);
    }
    let dropped = source
        .fields
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(f, _)| f.wire.clone())
        .collect();
    ok.then_some(Conversion {
        source: from,
        into_builder: true,
        fields,
        dropped,
    })
}

/// A target field from the source's field of the same wire name; `None` when the types do
/// not convert (reported).
fn plain(
    shapes: &[ShapeModel],
    source: &ShapeModel,
    field: &FieldModel,
    used: &mut [bool],
    path: &str,
    sink: &mut Sink,
) -> Option<FieldSource> {
    let Some(i) = source.fields.iter().position(|f| f.wire == field.wire) else {
        return Some(FieldSource::Unset);
    };
    let from = source.fields.get(i)?;
    if let Some(slot) = used.get_mut(i) {
        *slot = true;
    }
    match convert(shapes, &field.ty, &from.ty, field.sensitive, from.sensitive) {
        Some(convert) => Some(FieldSource::Field { source: i, convert }),
        None => {
            sink.error(
                path,
                format!(
                    "`{}.{}` ({}) does not convert into the target's `{}` ({})",
                    source.name,
                    from.wire,
                    type_text(shapes, &from.ty),
                    field.wire,
                    type_text(shapes, &field.ty)
                ),
            );
            None
        }
    }
}

/// How a source value of type `from` becomes a target value of type `to`.
fn convert(
    shapes: &[ShapeModel],
    to: &Ty,
    from: &Ty,
    to_secret: bool,
    from_secret: bool,
) -> Option<Convert> {
    Some(match (to, from) {
        (Ty::Str(t), Ty::Str(f)) if t == f => Convert::Str(*t),
        (Ty::Str(t), Ty::String) if !from_secret => Convert::Str(*t),
        (Ty::Shape(t), Ty::Shape(f)) if t == f && has_twin(shapes, *t) => Convert::Twin(*t),
        (Ty::List(t), Ty::List(f)) => {
            Convert::List(Box::new(convert(shapes, t, f, to_secret, from_secret)?))
        }
        (Ty::Map(t), Ty::Map(f)) => {
            Convert::Map(Box::new(convert(shapes, t, f, to_secret, from_secret)?))
        }
        (Ty::String, Ty::String) => secret(to_secret, from_secret),
        (Ty::Boolean, Ty::Boolean)
        | (Ty::Integer, Ty::Integer)
        | (Ty::Float, Ty::Float)
        | (Ty::Json, Ty::Json) => Convert::Clone,
        (Ty::Enum(t), Ty::Enum(f)) if t == f => Convert::Clone,
        _ => return None,
    })
}

fn type_text(shapes: &[ShapeModel], ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Boolean => "Boolean".to_owned(),
        Ty::Integer => "Integer".to_owned(),
        Ty::Float => "Float".to_owned(),
        Ty::Json => "Json".to_owned(),
        Ty::List(inner) => format!("List<{}>", type_text(shapes, inner)),
        Ty::Map(inner) => format!("Map<{}>", type_text(shapes, inner)),
        Ty::Shape(i) => shapes
            .get(*i)
            .map_or_else(|| "a shape".to_owned(), |s| s.name.clone()),
        Ty::Enum(_) => "an enum".to_owned(),
        Ty::Str(_) => "a string type".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    /// A spec with `Item` (what `Describe` returns) declaring `into`, and `Update`'s input.
    fn spec(item_fields: serde_json::Value, into: &str) -> String {
        serde_json::json!({
            "format": 1,
            "service": {"name": "demo", "version": "2020-01-01", "crate_version": "0.1.0",
                "endpoints": [{"provider": "volcengine", "url": "https://demo.example", "region": "r"}]},
            "actions": [
                {"name": "Describe", "method": "POST", "input": "DescribeRequest", "result": "Item"},
                {"name": "Update", "method": "POST", "input": "UpdateRequest"}
            ],
            "shapes": [
                {"name": "DescribeRequest", "fields": []},
                {"name": "Item", "fields": item_fields, "into": [into]},
                {"name": "UpdateRequest", "fields": [
                    {"name": "Name", "type": "String", "required": true},
                    {"name": "Size", "type": "Integer"}
                ]}
            ]
        })
        .to_string()
    }

    fn problems(text: &str) -> Vec<String> {
        match crate::check_spec(text, "demo.json") {
            Ok(_) => Vec::new(),
            Err(d) => d
                .items
                .iter()
                .map(|i| format!("{}: {}", i.path, i.message))
                .collect(),
        }
    }

    #[test]
    fn a_declared_conversion_plans_fields_by_wire_name() {
        let text = spec(
            serde_json::json!([
                {"name": "Name", "type": "String"},
                {"name": "Size", "type": "Integer"},
                {"name": "CreatedAt", "type": "String"}
            ]),
            "UpdateRequest",
        );
        let model = match crate::check_spec(&text, "demo.json") {
            Ok(model) => model,
            Err(d) => panic!("{d}"),
        };
        let item = model.shapes.iter().position(|s| s.name == "Item");
        let update = model.shapes.iter().find(|s| s.name == "UpdateRequest");
        let Some(crate::model::Form::Request(form)) = update.map(|s| &s.form) else {
            panic!("no request form");
        };
        let [conversion] = form.conversions.as_slice() else {
            panic!("{:?}", form.conversions);
        };
        assert_eq!(Some(conversion.source), item);
        assert!(conversion.into_builder);
        assert_eq!(conversion.dropped, ["CreatedAt"]);
    }

    #[test]
    fn conversions_that_cannot_be_made_are_reported() {
        let wrong_type = spec(
            serde_json::json!([{"name": "Name", "type": "String"}, {"name": "Size", "type": "String"}]),
            "UpdateRequest",
        );
        assert_eq!(
            problems(&wrong_type),
            ["shapes[1].into[0]: `Item.Size` (String) does not convert into the target's `Size` (Integer)"]
        );
        let missing = spec(
            serde_json::json!([{"name": "Size", "type": "Integer"}]),
            "UpdateRequest",
        );
        assert_eq!(
            problems(&missing),
            ["shapes[1].into[0]: `Item` has no `Name`, which `UpdateRequest` requires"]
        );
        let nowhere = spec(serde_json::json!([]), "UpdateRequst");
        assert_eq!(
            problems(&nowhere),
            ["shapes[1].into[0]: `into` names `UpdateRequst`, which is not a shape"]
        );
        let not_a_request = spec(serde_json::json!([]), "Item");
        assert_eq!(
            problems(&not_a_request),
            ["shapes[1].into[0]: `Item` is not a request shape: nothing is built from it"]
        );
    }
}
