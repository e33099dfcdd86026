//! Changes to enums and constrained string types.

use std::collections::{BTreeMap, BTreeSet};

use super::prose::{removed_and_added, show_len, show_ranges, subtract, wire_text};
use super::{ChangeKind, Differ, Impact};
use crate::model::{EnumModel, StringModel, Usage, WireValue};

impl Differ<'_> {
    pub(super) fn enums(&mut self) {
        use ChangeKind as K;
        let olds: BTreeMap<&str, &EnumModel> = self
            .old
            .enums
            .iter()
            .map(|e| (e.name.as_str(), e))
            .collect();
        let news: BTreeMap<&str, &EnumModel> = self
            .new
            .enums
            .iter()
            .map(|e| (e.name.as_str(), e))
            .collect();
        let signature = |e: &EnumModel| {
            let values: Vec<(String, String)> = e
                .values
                .iter()
                .map(|v| (wire_text(&v.wire), v.name.clone()))
                .collect();
            (format!("{:?}", e.kind), values)
        };
        let (removed, added) = removed_and_added(&olds, &news, signature, signature);
        for (name, hint) in &removed {
            self.push(
                format!("enums.{name}"),
                K::EnumRemoved,
                Impact::Breaking,
                format!("enum `{name}` removed{hint}: the type is gone"),
            );
        }
        for (name, hint) in &added {
            self.push(
                format!("enums.{name}"),
                K::EnumAdded,
                Impact::Addition,
                format!("new enum `{name}`{hint}"),
            );
        }
        for (name, o) in &olds {
            if let Some(n) = news.get(name) {
                self.enumeration(o, n);
            }
        }
    }

    fn enumeration(&mut self, o: &EnumModel, n: &EnumModel) {
        use ChangeKind as K;
        use Impact::{Addition, Breaking, Compatible};
        let name = &n.name;
        let path = format!("enums.{name}");
        if o.docs != n.docs {
            self.push(path.clone(), K::EnumDocs, Compatible, "docs changed");
        }
        self.usage(&path, K::EnumUsage, o.usage, n.usage, Some("`Deserialize`"));
        if o.kind != n.kind {
            self.push(path, K::EnumKind, Breaking, format!("wire kind {} -> {}: the values, `Unknown`'s payload and the accessors change type", o.kind.as_str(), n.kind.as_str()));
            return;
        }
        let olds: BTreeMap<String, _> = o.values.iter().map(|v| (wire_text(&v.wire), v)).collect();
        let news: BTreeMap<String, _> = n.values.iter().map(|v| (wire_text(&v.wire), v)).collect();
        // A variant whose wire value changed: the same name on an old and a new value.
        let gone: Vec<&String> = olds.keys().filter(|w| !news.contains_key(*w)).collect();
        let fresh: Vec<&String> = news.keys().filter(|w| !olds.contains_key(*w)).collect();
        let mut moved: BTreeMap<&String, &String> = BTreeMap::new();
        for g in &gone {
            let Some(ov) = olds.get(*g) else { continue };
            if let Some(f) = fresh
                .iter()
                .find(|f| news.get(**f).is_some_and(|nv| nv.name == ov.name))
            {
                moved.insert(*g, *f);
            }
        }
        let moved_to: BTreeSet<&String> = moved.values().copied().collect();
        for (wire, ov) in &olds {
            let vpath = format!("{path}.values[{wire}]");
            if let Some(to) = moved.get(wire) {
                self.push(vpath, K::EnumValueWire, Breaking, format!("`{name}::{}` is sent as {to} instead of {wire}, and {wire} now decodes as `Unknown`", ov.name));
                continue;
            }
            let Some(nv) = news.get(wire) else {
                self.push(vpath, K::EnumValueRemoved, Breaking, format!("value {wire} removed: the variant `{name}::{}` is gone, and the value now decodes as `Unknown`", ov.name));
                continue;
            };
            if ov.name != nv.name {
                self.push(vpath.clone(), K::EnumValueRenamed, Breaking, format!("variant `{name}::{}` renamed to `{name}::{}` (same wire value): code that names it breaks", ov.name, nv.name));
            }
            if ov.docs != nv.docs {
                self.push(vpath.clone(), K::EnumValueDocs, Compatible, "docs changed");
            }
            self.aliases(
                &vpath,
                &format!("{name}::{}", nv.name),
                &ov.aliases,
                &nv.aliases,
            );
        }
        for (wire, nv) in &news {
            if olds.contains_key(wire) || moved_to.contains(wire) {
                continue;
            }
            self.push(format!("{path}.values[{wire}]"), K::EnumValueAdded, Addition, format!("new value {wire}, `{name}::{}`: the enum is `#[non_exhaustive]` with an `Unknown` variant, so matches already have a wildcard arm (responses with {wire} decoded as `Unknown` before)", nv.name));
        }
    }

    /// The other spellings a value decodes from.
    fn aliases(&mut self, path: &str, variant: &str, old: &[WireValue], new: &[WireValue]) {
        for alias in new.iter().filter(|a| !old.contains(a)) {
            let shown = wire_text(alias);
            self.push(path, ChangeKind::EnumValueAlias, Impact::Compatible, format!("new alias {shown}: responses sending {shown} decode as `{variant}` (they decoded as `Unknown` before)"));
        }
        for alias in old.iter().filter(|a| !new.contains(a)) {
            let shown = wire_text(alias);
            self.push(path, ChangeKind::EnumValueAlias, Impact::Breaking, format!("alias {shown} removed: responses sending {shown} decode as `Unknown` instead of `{variant}`"));
        }
    }

    /// The serde impls that follow a type's usage: `Serialize` for requests, `decode` for
    /// responses (`None` for types responses keep as sent).
    fn usage(
        &mut self,
        path: &str,
        kind: ChangeKind,
        old: Usage,
        new: Usage,
        decode: Option<&str>,
    ) {
        match (old.input, new.input) {
            (false, true) => self.push(
                path,
                kind,
                Impact::Addition,
                "now used in requests: gains `Serialize`",
            ),
            (true, false) => self.push(
                path,
                kind,
                Impact::Breaking,
                "no longer used in requests: loses its `Serialize` impl",
            ),
            _ => {}
        }
        let Some(decode) = decode else {
            return;
        };
        match (old.output, new.output) {
            (false, true) => self.push(
                path,
                kind,
                Impact::Addition,
                format!("now used in responses: gains {decode}"),
            ),
            (true, false) => self.push(
                path,
                kind,
                Impact::Breaking,
                format!("no longer used in responses: loses {decode}"),
            ),
            _ => {}
        }
    }

    pub(super) fn strings(&mut self) {
        use ChangeKind as K;
        let olds: BTreeMap<&str, &StringModel> = self
            .old
            .strings
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let news: BTreeMap<&str, &StringModel> = self
            .new
            .strings
            .iter()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let signature = |s: &StringModel| {
            (
                s.pattern.as_ref().map(|(p, _)| p.clone()),
                s.min_length,
                s.max_length,
            )
        };
        let (removed, added) = removed_and_added(&olds, &news, signature, signature);
        for (name, hint) in &removed {
            self.push(
                format!("strings.{name}"),
                K::StringRemoved,
                Impact::Breaking,
                format!("string type `{name}` removed{hint}: the type is gone"),
            );
        }
        for (name, hint) in &added {
            self.push(
                format!("strings.{name}"),
                K::StringAdded,
                Impact::Addition,
                format!("new string type `{name}`{hint}"),
            );
        }
        for (name, o) in &olds {
            if let Some(n) = news.get(name) {
                self.string_type(o, n);
            }
        }
    }

    fn string_type(&mut self, o: &StringModel, n: &StringModel) {
        use ChangeKind as K;
        use Impact::{Breaking, Compatible};
        let name = &n.name;
        let path = format!("strings.{name}");
        let refused = format!("values `{name}::new` accepted are refused");
        match (&o.pattern, &n.pattern) {
            (None, Some((p, _))) => self.push(
                path.clone(),
                K::StringPattern,
                Breaking,
                format!("new pattern `{p}` (tightened): {refused}"),
            ),
            (Some((p, _)), None) => self.push(
                path.clone(),
                K::StringPattern,
                Compatible,
                format!("pattern `{p}` removed: any character is allowed (loosened)"),
            ),
            (Some((op, or)), Some((np, nr))) => {
                let lost = subtract(or, nr);
                let gained = subtract(nr, or);
                let shown = format!("pattern `{op}` -> `{np}`");
                match (lost.is_empty(), gained.is_empty()) {
                    (true, true) if op != np => self.push(path.clone(), K::StringPattern, Compatible, format!("{shown}: the same characters are allowed (only the text in errors and docs changes)")),
                    (true, true) => {}
                    (true, false) => self.push(path.clone(), K::StringPattern, Compatible, format!("{shown}: allows more characters, now also {} (loosened)", show_ranges(&gained))),
                    (false, true) => self.push(path.clone(), K::StringPattern, Breaking, format!("{shown}: allows fewer characters, no longer {} (tightened): {refused}", show_ranges(&lost))),
                    (false, false) => self.push(path.clone(), K::StringPattern, Breaking, format!("{shown}: no longer allows {}, now allows {}: {refused}", show_ranges(&lost), show_ranges(&gained))),
                }
            }
            (None, None) => {}
        }
        if o.min_length != n.min_length {
            let (a, b) = (o.min_length.unwrap_or(0), n.min_length.unwrap_or(0));
            let shown = format!(
                "min_length {} -> {}",
                show_len(o.min_length),
                show_len(n.min_length)
            );
            let (impact, what) = match b.cmp(&a) {
                std::cmp::Ordering::Greater => {
                    (Breaking, format!("{shown} (tightened): {refused}"))
                }
                std::cmp::Ordering::Less => (
                    Compatible,
                    format!("{shown}: shorter values are allowed (loosened)"),
                ),
                std::cmp::Ordering::Equal => (Compatible, format!("{shown}: the same check")),
            };
            self.push(path.clone(), K::StringMinLength, impact, what);
        }
        if o.max_length != n.max_length {
            let (a, b) = (
                o.max_length.map_or(u64::MAX, u64::from),
                n.max_length.map_or(u64::MAX, u64::from),
            );
            let shown = format!(
                "max_length {} -> {}",
                show_len(o.max_length),
                show_len(n.max_length)
            );
            let (impact, what) = if b < a {
                (Breaking, format!("{shown} (tightened): {refused}"))
            } else {
                (
                    Compatible,
                    format!("{shown}: longer values are allowed (loosened)"),
                )
            };
            self.push(path.clone(), K::StringMaxLength, impact, what);
        }
        if o.example != n.example {
            self.push(
                path.clone(),
                K::StringExample,
                Compatible,
                "example changed (docs only)",
            );
        }
        if o.docs != n.docs {
            self.push(path.clone(), K::StringDocs, Compatible, "docs changed");
        }
        // Responses keep constrained strings as sent (`String`): only requests use the type.
        self.usage(&path, K::StringUsage, o.usage, n.usage, None);
    }
}
