//! Changes to shapes: their form, fields, rules and variants.

use std::collections::{BTreeMap, BTreeSet};

use super::prose::{
    home_name, range_change, removed_and_added, rule_infos, ty_name, variant_holders, wire_kind,
    FormView, RuleArg,
};
use super::{ChangeKind, Differ, Impact};
use crate::model::{FieldModel, Form, Home, Location, Model, ShapeModel};

impl<'m> Differ<'m> {
    pub(super) fn shapes(&mut self) {
        use ChangeKind as K;
        let olds: BTreeMap<&str, &ShapeModel> = self
            .old
            .shapes
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let news: BTreeMap<&str, &ShapeModel> = self
            .new
            .shapes
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let signature = |model: &Model, shape: &ShapeModel| {
            let form = FormView::of(shape);
            let fields: Vec<(String, String, bool)> = shape
                .fields
                .iter()
                .map(|f| (f.wire.clone(), ty_name(model, &f.ty), f.required))
                .collect();
            (format!("{form:?}"), fields)
        };
        let (removed, added) = removed_and_added(
            &olds,
            &news,
            |s| signature(self.old, s),
            |s| signature(self.new, s),
        );
        for (name, hint) in &removed {
            let builder = olds.get(name).is_some_and(|s| {
                matches!(FormView::of(s), FormView::Request { simple: false, .. })
            });
            let also = if builder {
                format!(" and `{name}Builder` are")
            } else {
                " is".to_owned()
            };
            self.push(
                format!("shapes.{name}"),
                K::ShapeRemoved,
                Impact::Breaking,
                format!("shape `{name}` removed{hint}: the type `{name}`{also} gone"),
            );
        }
        for (name, hint) in &added {
            let form = news.get(name).map_or("shape", |s| FormView::of(s).label());
            self.push(
                format!("shapes.{name}"),
                K::ShapeAdded,
                Impact::Addition,
                format!("new shape `{name}`{hint}: a {form}"),
            );
        }
        for (name, o) in &olds {
            if let Some(n) = news.get(name) {
                self.shape(o, n);
            }
        }
    }

    fn shape(&mut self, o: &'m ShapeModel, n: &'m ShapeModel) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let name = &n.name;
        let path = format!("shapes.{name}");
        let (old_form, new_form) = (FormView::of(o), FormView::of(n));
        if !old_form.same_category(new_form) {
            self.push(
                path.clone(),
                K::ShapeRepresentation,
                Breaking,
                format!(
                    "{} -> {}: {}",
                    old_form.label(),
                    new_form.label(),
                    match old_form {
                        FormView::Request { .. } => "its constructor, builder and getters are gone",
                        FormView::Response => "its public fields are gone",
                        FormView::OneOf | FormView::Switch =>
                            "code that builds or matches its variants breaks",
                    }
                ),
            );
        } else if let (
            FormView::Request {
                simple: old_simple,
                builder: old_builder,
                decodes: old_decodes,
            },
            FormView::Request {
                simple: new_simple,
                builder: new_builder,
                decodes: new_decodes,
            },
        ) = (old_form, new_form)
        {
            if old_simple && !new_simple {
                self.push(path.clone(), K::ShapeConstructor, Breaking, format!("`{name}::new` is replaced by `{name}::builder()` (a field is now optional or flattened, or a rule needs checking): calls of `new` break"));
            }
            if old_builder && !new_builder {
                let why = if n.fields.is_empty() {
                    "it has no field left"
                } else {
                    "every field is now required and no rule is left"
                };
                self.push(path.clone(), K::ShapeConstructor, Breaking, format!("`{name}::builder()` and `{name}Builder` are replaced by `{name}::new` ({why}): builder code breaks"));
            }
            if !old_builder && new_builder && new_simple {
                self.push(path.clone(), K::ShapeConstructor, Addition, format!("`{name}::builder()` and `{name}Builder` are new beside `{name}::new` (an action's input, which its fluent call fills in)"));
            }
            match (old_decodes, new_decodes) {
                (false, true) => self.push(
                    path.clone(),
                    K::ShapeDecoding,
                    Addition,
                    format!("now also decoded from responses: `{name}Decoded` is new, the form results carry it in"),
                ),
                (true, false) => self.push(
                    path.clone(),
                    K::ShapeDecoding,
                    Breaking,
                    format!(
                        "no longer decoded from responses: `{name}Decoded` is gone"
                    ),
                ),
                _ => {}
            }
        }
        if o.rust_name != n.rust_name {
            self.push(
                path.clone(),
                K::ShapeRustName,
                Breaking,
                format!(
                    "the type is `{}` in Rust instead of `{}`: code that names it breaks",
                    n.rust_name, o.rust_name
                ),
            );
        }
        if o.eq != n.eq {
            let (impact, what) = if n.eq {
                (
                    Addition,
                    "now implements `Eq` (no float is inside any more)",
                )
            } else {
                (Breaking, "no longer implements `Eq`: a float is now inside it, and code that needs `Eq` (a `HashSet`, `assert_eq!` on a type bound by `Eq`) breaks")
            };
            self.push(path.clone(), K::ShapeEq, impact, what);
        }
        let (oh, nh) = (home_name(self.old, o.home), home_name(self.new, n.home));
        if oh != nh {
            // Every module but `events` is re-exported at the crate root.
            let stays = if o.home == Home::Events || n.home == Home::Events {
                ""
            } else {
                " (the crate-root re-export stays)"
            };
            self.push(
                path.clone(),
                K::ShapeModule,
                Breaking,
                format!(
                    "moves from the module `{oh}` to `{nh}`: paths through `{oh}::` break{stays}"
                ),
            );
        }
        if o.docs != n.docs {
            self.push(path.clone(), K::ShapeDocs, Compatible, "docs changed");
        }
        if o.rule_docs != n.rule_docs {
            self.push(
                format!("{path}.rules"),
                K::RuleDocs,
                Compatible,
                "rule docs changed (shown in the type's docs)",
            );
        }
        self.fields(o, n, old_form, new_form);
        let is_struct = |s: &ShapeModel| matches!(s.form, Form::Request(_) | Form::Response);
        if is_struct(o) && is_struct(n) {
            self.rules(o, n, new_form);
        }
        self.variants(o, n);
    }

    fn fields(
        &mut self,
        o: &'m ShapeModel,
        n: &'m ShapeModel,
        old_form: FormView,
        new_form: FormView,
    ) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let name = &n.name;
        let path = format!("shapes.{name}.fields");
        let olds: BTreeMap<&str, &FieldModel> =
            o.fields.iter().map(|f| (f.wire.as_str(), f)).collect();
        let news: BTreeMap<&str, &FieldModel> =
            n.fields.iter().map(|f| (f.wire.as_str(), f)).collect();
        for (wire, f) in &olds {
            if news.contains_key(wire) {
                continue;
            }
            let why = match old_form {
                FormView::Response => format!("the public field `{}` is gone", f.ident),
                FormView::Request { .. } => {
                    "its getter and setter are gone, and requests no longer send it".to_owned()
                }
                FormView::OneOf | FormView::Switch => {
                    "the enum variants that held it change, which breaks their literals and patterns"
                        .to_owned()
                }
            };
            self.push(
                format!("{path}.{wire}"),
                K::FieldRemoved,
                Breaking,
                format!("field `{wire}` removed: {why}"),
            );
        }
        for (wire, f) in &news {
            if olds.contains_key(wire) {
                continue;
            }
            let ty = ty_name(self.new, &f.ty);
            let (impact, why) = match new_form {
                FormView::Response => (Addition, format!("a new public field of a `#[non_exhaustive]` response struct, `{}` when absent", if f.ty.is_list() { "empty" } else { "None" })),
                FormView::Request { simple: true, .. } => (Breaking, format!("`{name}::new` gains a parameter")),
                FormView::Request { simple: false, decodes, .. } if f.required => (Breaking, format!("required: requests built without it now fail with `ValidationError::MissingField`{}", if decodes { ", and responses without it no longer decode" } else { "" })),
                FormView::Request { simple: false, .. } => (Addition, "optional: a new builder setter and getter".to_owned()),
                FormView::OneOf | FormView::Switch => (Breaking, format!("{}: enum variants are exhaustive, so their literals and patterns break", variant_holders(n, wire))),
            };
            self.push(
                format!("{path}.{wire}"),
                K::FieldAdded,
                impact,
                format!("new field `{wire}` (`{ty}`): {why}"),
            );
        }
        for (wire, of) in &olds {
            if let Some(nf) = news.get(wire) {
                self.field(&format!("{path}.{wire}"), of, nf, old_form, new_form);
            }
        }
        // Field order: the order of JSON keys, and of `new`'s parameters.
        let old_order: Vec<&str> = o
            .fields
            .iter()
            .map(|f| f.wire.as_str())
            .filter(|w| news.contains_key(w))
            .collect();
        let new_order: Vec<&str> = n
            .fields
            .iter()
            .map(|f| f.wire.as_str())
            .filter(|w| olds.contains_key(w))
            .collect();
        if old_order != new_order {
            let positional = match (old_form, new_form) {
                (
                    FormView::Request { simple: true, .. },
                    FormView::Request { simple: true, .. },
                ) => Some(format!("the parameters of `{name}::new` follow it")),
                (FormView::Switch, FormView::Switch) => {
                    let required = |s: &'m ShapeModel| -> Vec<&'m str> {
                        match &s.form {
                            Form::Switch(switch) => switch
                                .required_on
                                .iter()
                                .filter_map(|&i| s.fields.get(i))
                                .map(|f| f.wire.as_str())
                                .filter(|w| olds.contains_key(w) && news.contains_key(w))
                                .collect(),
                            _ => Vec::new(),
                        }
                    };
                    (required(o) != required(n)).then(|| {
                        "the parameters of the on-variant's constructor follow it".to_owned()
                    })
                }
                _ => None,
            };
            let shown = format!("{} -> {}", old_order.join(", "), new_order.join(", "));
            match positional {
                Some(why) => self.push(
                    path,
                    K::FieldOrder,
                    Breaking,
                    format!("field order {shown}: {why}"),
                ),
                None => self.push(
                    path,
                    K::FieldOrder,
                    Compatible,
                    format!("field order {shown}: only the order of JSON keys and docs changes"),
                ),
            }
        }
    }

    fn field(
        &mut self,
        path: &str,
        o: &FieldModel,
        n: &FieldModel,
        old_form: FormView,
        new_form: FormView,
    ) {
        use ChangeKind as K;
        use Impact::{Breaking, Compatible};
        let (ot, nt) = (ty_name(self.old, &o.ty), ty_name(self.new, &n.ty));
        let public = if new_form == FormView::Response {
            "the public field changes"
        } else if new_form.is_request() {
            "its getter and setter change"
        } else {
            "the variant fields change"
        };
        if ot != nt {
            let (ow, nw) = (wire_kind(self.old, &o.ty), wire_kind(self.new, &n.ty));
            let json = if ow == nw {
                format!("(the JSON stays {nw})")
            } else {
                format!("and the JSON value is {nw} instead of {ow}")
            };
            self.push(
                path,
                K::FieldType,
                Breaking,
                format!("type `{ot}` -> `{nt}`: {public} type {json}"),
            );
        }
        if o.ident != n.ident {
            self.push(
                path,
                K::FieldRustName,
                Breaking,
                format!(
                    "the field is `{}` in Rust instead of `{}`: its getter, setter or public field is renamed",
                    n.ident, o.ident
                ),
            );
        }
        if o.boxed != n.boxed {
            let what = if n.boxed {
                "now boxed: it closes a cycle of shapes, so its Rust type holds the value in a `Box`"
            } else {
                "no longer boxed: its Rust type holds the value directly"
            };
            self.push(path, K::FieldBoxed, Breaking, what);
        }
        if o.flatten != n.flatten {
            let what = if n.flatten {
                "now flattened: its fields move to the top level of the JSON"
            } else {
                "no longer flattened: its fields move under its own key in the JSON"
            };
            self.push(path, K::FieldFlatten, Breaking, what);
        }
        if o.location != n.location {
            let place = |l: Option<Location>| match l {
                None => "the JSON body",
                Some(Location::Query) => "the query string",
                Some(Location::QueryAndBody) => "the query string and the JSON body",
            };
            self.push(
                path,
                K::FieldLocation,
                Breaking,
                format!(
                    "now sent in {} instead of {}: servers that read it where it was may no longer find it",
                    place(n.location),
                    place(o.location)
                ),
            );
        }
        if o.sensitive != n.sensitive {
            let what = if n.sensitive {
                format!("now sensitive: {public} type from `String` to `Sensitive<String>`")
            } else {
                format!("no longer sensitive: `Debug` now prints the value, so a secret can leak into logs, and {public} type from `Sensitive<String>` to `String`")
            };
            self.push(path, K::FieldSensitive, Breaking, what);
        }
        if o.required != n.required {
            let (impact, what) = if old_form == FormView::Response && new_form == FormView::Response
            {
                (Compatible, format!("{}: no effect, every field of a response-only shape is decoded as optional", if n.required { "optional -> required" } else { "required -> optional" }))
            } else if old_form.is_request() || new_form.is_request() {
                let decodes = matches!(new_form, FormView::Request { decodes: true, .. });
                if n.required {
                    (Breaking, format!("optional -> required: requests built without it now fail with `ValidationError::MissingField`{}, and its getter no longer returns an `Option`", if decodes { ", responses without it no longer decode" } else { "" }))
                } else {
                    (Breaking, "required -> optional: requests may omit it now, but its getter returns an `Option`".to_owned())
                }
            } else {
                (
                    Breaking,
                    format!(
                        "{} in an enum-represented shape: the variant fields change type",
                        if n.required {
                            "optional -> required"
                        } else {
                            "required -> optional"
                        }
                    ),
                )
            };
            self.push(path, K::FieldRequired, impact, what);
        }
        if o.docs != n.docs {
            self.push(path, K::FieldDocs, Compatible, "docs changed");
        }
        if o.example != n.example {
            let shown = |e: &Option<serde_json::Value>| {
                e.as_ref()
                    .map_or_else(|| "none".to_owned(), |v| format!("`{v}`"))
            };
            self.push(
                path,
                K::FieldExample,
                Compatible,
                format!(
                    "example {} -> {} (docs only)",
                    shown(&o.example),
                    shown(&n.example)
                ),
            );
        }
        if o.notes != n.notes {
            self.push(
                path,
                K::FieldNotes,
                Compatible,
                "notes changed (effective_only_when rules are documentation, not checks)",
            );
        }
    }

    fn rules(&mut self, o: &ShapeModel, n: &ShapeModel, new_form: FormView) {
        use ChangeKind as K;
        use Impact::{Breaking, Compatible};
        let path = format!("shapes.{}.rules", n.name);
        let olds = rule_infos(self.old, o);
        let news = rule_infos(self.new, n);
        let checked = new_form.is_request();
        let unchecked = "no effect: rules of a response-only shape are not checked";
        for (key, info) in &olds {
            let rpath = format!("{path}.{key}");
            match news.get(key) {
                None => {
                    let what = if checked {
                        "`build()` accepts requests it refused (loosened)"
                    } else {
                        unchecked
                    };
                    self.push(
                        rpath,
                        K::RuleRemoved,
                        Compatible,
                        format!("rule removed, {}: {what}", info.shown),
                    );
                }
                Some(new) if new.value != info.value => {
                    let (impact, what) = if !checked {
                        (Compatible, unchecked.to_owned())
                    } else {
                        match (&info.value, &new.value) {
                            (RuleArg::Min(a), RuleArg::Min(b)) if b < a => (
                                Compatible,
                                format!("{} {a} -> {b} items: `build()` accepts shorter lists (loosened)", new.subject),
                            ),
                            (RuleArg::Min(a), RuleArg::Min(b)) => (
                                Breaking,
                                format!("{} {a} -> {b} items: `build()` refuses shorter lists (tightened)", new.subject),
                            ),
                            (RuleArg::Max(a), RuleArg::Max(b)) if b > a => (
                                Compatible,
                                format!("{} {a} -> {b} items: `build()` accepts longer lists (loosened)", new.subject),
                            ),
                            (RuleArg::Max(a), RuleArg::Max(b)) => (
                                Breaking,
                                format!("{} {a} -> {b} items: `build()` refuses longer lists (tightened)", new.subject),
                            ),
                            (
                                RuleArg::Range { min: a_min, max: a_max },
                                RuleArg::Range { min: b_min, max: b_max },
                            ) => {
                                let (narrower, _) = range_change(
                                    (a_min.as_ref(), a_max.as_ref()),
                                    (b_min.as_ref(), b_max.as_ref()),
                                );
                                let (a, b) = (&info.value, &new.value);
                                if narrower {
                                    (
                                        Breaking,
                                        format!("{} {a} -> {b}: `build()` refuses values it accepted (narrowed)", new.subject),
                                    )
                                } else {
                                    (
                                        Compatible,
                                        format!("{} {a} -> {b}: `build()` accepts more values (widened)", new.subject),
                                    )
                                }
                            }
                            (a, b) => (
                                Breaking,
                                format!("{} {a} -> {b}: `build()` refuses requests it accepted", new.subject),
                            ),
                        }
                    };
                    self.push(rpath, K::RuleChanged, impact, what);
                }
                Some(_) => {}
            }
        }
        for (key, info) in &news {
            if olds.contains_key(key) {
                continue;
            }
            let rpath = format!("{path}.{key}");
            // A rule that only fires when a field the old crate did not have is set cannot
            // refuse a request that existing code builds.
            let new_optional = info.guards.iter().find(|w| {
                !o.fields.iter().any(|f| &f.wire == *w)
                    && n.fields.iter().any(|f| &f.wire == *w && !f.required)
            });
            let (impact, what) = if !checked {
                (Compatible, unchecked.to_owned())
            } else if let Some(guard) = new_optional {
                (Compatible, format!("it only applies when the new field `{guard}` is set, which existing code does not do"))
            } else {
                (
                    Breaking,
                    "`build()` now refuses requests that break it (tightened)".to_owned(),
                )
            };
            self.push(
                rpath,
                K::RuleAdded,
                impact,
                format!("new rule, {}: {what}", info.shown),
            );
        }
    }

    fn variants(&mut self, o: &'m ShapeModel, n: &'m ShapeModel) {
        use ChangeKind as K;
        use Impact::Breaking;
        let name = &n.name;
        let path = format!("shapes.{name}.variants");
        let common =
            |w: &str| o.fields.iter().any(|f| f.wire == w) && n.fields.iter().any(|f| f.wire == w);
        match (&o.form, &n.form) {
            (Form::OneOf(old_variants), Form::OneOf(new_variants)) => {
                let set = |shape: &'m ShapeModel, others: &'m [usize]| -> BTreeSet<&'m str> {
                    others
                        .iter()
                        .filter_map(|&i| shape.fields.get(i))
                        .map(|f| f.wire.as_str())
                        .collect()
                };
                let olds: BTreeMap<&str, _> =
                    old_variants.iter().map(|v| (v.name.as_str(), v)).collect();
                let news: BTreeMap<&str, _> =
                    new_variants.iter().map(|v| (v.name.as_str(), v)).collect();
                for (v, old_variant) in &olds {
                    let vpath = format!("{path}.{v}");
                    let Some(new_variant) = news.get(v) else {
                        self.push(vpath, K::VariantRemoved, Breaking, format!("variant `{name}::{v}` removed: code that builds or matches it breaks"));
                        continue;
                    };
                    let (old_held, new_held) =
                        (set(o, &old_variant.others), set(n, &new_variant.others));
                    for w in new_held.difference(&old_held).filter(|w| common(w)) {
                        self.push(vpath.clone(), K::VariantFields, Breaking, format!("`{name}::{v}` now holds `{w}`: literals and patterns of the variant break"));
                    }
                    for w in old_held.difference(&new_held).filter(|w| common(w)) {
                        self.push(vpath.clone(), K::VariantFields, Breaking, format!("`{name}::{v}` no longer holds `{w}`: it can no longer be sent with it, and literals and patterns of the variant break"));
                    }
                }
                for (v, new_variant) in &news {
                    if !olds.contains_key(v) {
                        let member = n
                            .fields
                            .get(new_variant.member)
                            .map_or("", |f| f.wire.as_str());
                        self.push(format!("{path}.{v}"), K::VariantAdded, Breaking, format!("new variant `{name}::{v}` (sends `{member}`): the enum is exhaustive, so `match`es on it break"));
                    }
                }
            }
            (Form::Switch(old_switch), Form::Switch(new_switch)) => {
                let wire =
                    |s: &'m ShapeModel, i: usize| s.fields.get(i).map_or("", |f| f.wire.as_str());
                let (old_field, new_field) = (wire(o, old_switch.field), wire(n, new_switch.field));
                if old_field != new_field {
                    self.push(
                        path.clone(),
                        K::SwitchChanged,
                        Breaking,
                        format!(
                            "switch field `{old_field}` -> `{new_field}`: the variants send another field"
                        ),
                    );
                }
                let pairs = [
                    ("on", &old_switch.on.name, &new_switch.on.name),
                    ("off", &old_switch.off.name, &new_switch.off.name),
                ];
                for (which, a, b) in pairs {
                    if a != b {
                        self.push(path.clone(), K::SwitchChanged, Breaking, format!("{which} variant `{name}::{a}` renamed to `{name}::{b}`: code that builds or matches it breaks"));
                    }
                }
                let set = |s: &'m ShapeModel, req: &'m [usize]| -> BTreeSet<&'m str> {
                    req.iter()
                        .map(|&i| wire(s, i))
                        .filter(|w| common(w))
                        .collect()
                };
                let non = &new_switch.on.name;
                let (old_required, new_required) = (
                    set(o, &old_switch.required_on),
                    set(n, &new_switch.required_on),
                );
                for w in new_required.difference(&old_required) {
                    self.push(format!("{path}.{non}"), K::VariantFields, Breaking, format!("`{w}` is now required in `{name}::{non}`: the variant field loses its `Option` and the constructor gains a parameter"));
                }
                for w in old_required.difference(&new_required) {
                    self.push(format!("{path}.{non}"), K::VariantFields, Breaking, format!("`{w}` is no longer required in `{name}::{non}`: the variant field becomes an `Option` and the constructor loses a parameter"));
                }
            }
            _ => {}
        }
    }
}
