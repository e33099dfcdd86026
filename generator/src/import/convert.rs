//! `model.go`: each action's input (`XxxBody`, `XxxQuery`) and result (`XxxRes.Result`), and
//! every struct they reach, as raw shapes named by their Go names. Go types map to the format's:
//!
//! | Go | spec |
//! |---|---|
//! | `string` | `String` |
//! | `bool` | `Boolean` |
//! | `int`, `int8` ... `int64`, `uint` ... `uint64`, `byte`, `rune` | `Integer` |
//! | `float32`, `float64` | `Float` |
//! | `interface{}`, `any` | `Json` |
//! | `[]T`, `[N]T` | `List<T>` |
//! | `map[string]T` | `Map<T>` |
//! | `*T` | `T` (absence is the field's `required`) |
//! | `type A B` (a named alias) | what `B` maps to |
//! | a struct | a shape |
//! | a struct with an untagged `AdditionalProperties map[string]T` | `Map<T>` (an open object) |

use std::collections::{BTreeMap, BTreeSet};

use super::config::{clip, Api};
use super::go::{Field, Pos, Type, TypeDecl};
use super::ImportError;
use crate::spec::{Location, MethodSpec};

/// The deepest chain of types followed (structs in structs, aliases, embedded structs, lists
/// and maps): far beyond any real model, and a guard for the stack against a hostile one.
const MAX_DEPTH: usize = 256;

/// A field type, resolved; shapes by their Go names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum RawTy {
    String,
    Boolean,
    Integer,
    Float,
    Json,
    List(Box<RawTy>),
    Map(Box<RawTy>),
    Shape(String),
}

impl RawTy {
    /// The Go struct this type holds, through lists and maps.
    pub fn shape(&self) -> Option<&str> {
        match self {
            Self::Shape(name) => Some(name),
            Self::List(inner) | Self::Map(inner) => inner.shape(),
            _ => None,
        }
    }
}

/// A field as imported.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawField {
    pub wire: String,
    pub ty: RawTy,
    pub required: bool,
    pub location: Option<Location>,
    pub docs: String,
}

/// A struct as imported, named by its Go name.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawShape {
    pub go_name: String,
    pub docs: String,
    pub fields: Vec<RawField>,
}

/// An action as imported.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawAction {
    pub api: Api,
    /// The merged input (body and query fields).
    pub input: RawShape,
    /// The type of `XxxRes.Result`, when there is one.
    pub result: Option<RawTy>,
}

/// Everything the actions reach.
#[derive(Debug, Default)]
pub(super) struct Raw {
    pub actions: Vec<RawAction>,
    /// Every struct reached, by Go name.
    pub shapes: BTreeMap<String, RawShape>,
    pub notes: Vec<String>,
}

pub(super) struct Converter<'a> {
    types: BTreeMap<&'a str, &'a TypeDecl>,
    out: Raw,
    /// Structs found open (`AdditionalProperties`), reported once each.
    open_noted: BTreeSet<String>,
    /// What each open struct is imported as, read once.
    open: BTreeMap<String, Option<RawTy>>,
    /// The fields an embedded struct brings, by (struct, whether in a query), read once.
    embedded: BTreeMap<(String, bool), Vec<RawField>>,
}

impl<'a> Converter<'a> {
    pub fn new(types: &'a [TypeDecl]) -> Self {
        Self {
            types: types.iter().map(|t| (t.name.as_str(), t)).collect(),
            out: Raw::default(),
            open_noted: BTreeSet::new(),
            open: BTreeMap::new(),
            embedded: BTreeMap::new(),
        }
    }

    pub fn finish(self) -> Raw {
        self.out
    }

    /// Reads one action's input and result, and every struct they reach.
    pub fn action(&mut self, api: &Api) -> Result<(), ImportError> {
        let body = self.struct_fields(&format!("{}Body", api.name))?;
        let query = self.struct_fields(&format!("{}Query", api.name))?;
        let mut fields = Vec::new();
        let mut seen: BTreeMap<String, &'static str> = BTreeMap::new();
        let parts: [(Option<&[Field]>, bool); 2] = [(body, false), (query, true)];
        for (part, in_query) in parts {
            let Some(part) = part else { continue };
            for field in part {
                for raw in self.field(field, in_query, 0)? {
                    let place = if in_query { "query" } else { "body" };
                    if let Some(other) = seen.insert(raw.wire.clone(), place) {
                        // The same parameter in the body and the query (iPaaS sends
                        // `product_id` both ways): one field, sent both ways.
                        let twin = fields
                            .iter_mut()
                            .find(|f: &&mut RawField| f.wire == raw.wire);
                        let unified = twin
                            .filter(|_| other != place)
                            .and_then(|t| unify(&t.ty, &raw.ty).map(|ty| (t, ty)));
                        if let Some((twin, ty)) = unified {
                            if twin.ty != raw.ty {
                                self.out.notes.push(format!(
                                    "Import: action {} has {} in its body ({}) and its query ({}); one field of the narrower type is sent both ways.",
                                    api.name,
                                    raw.wire,
                                    type_word(&twin.ty),
                                    type_word(&raw.ty)
                                ));
                            }
                            twin.ty = ty;
                            twin.location = Some(Location::QueryAndBody);
                            twin.required |= raw.required;
                            if twin.docs.is_empty() {
                                twin.docs = raw.docs;
                            }
                            continue;
                        }
                        let where_ = if other == place {
                            format!("twice in its {place}")
                        } else {
                            format!("in its {other} and its {place}, of different types")
                        };
                        return Err(ImportError::at(
                            field.pos.clone(),
                            format!(
                                "action `{}` has the parameter `{}` {where_}",
                                clip(&api.name),
                                clip(&raw.wire)
                            ),
                        ));
                    }
                    if api.method == MethodSpec::Get && !in_query {
                        return Err(ImportError::at(
                            field.pos.clone(),
                            format!(
                                "GET action `{}` has the body field `{}`; a GET sends no body",
                                clip(&api.name),
                                clip(&raw.wire)
                            ),
                        ));
                    }
                    fields.push(RawField {
                        // A GET input is all query already; `location` marks POST fields only.
                        location: (in_query && api.method == MethodSpec::Post)
                            .then_some(Location::Query),
                        ..raw
                    });
                }
            }
        }
        let result = self.result(api)?;
        self.out.actions.push(RawAction {
            api: api.clone(),
            input: RawShape {
                go_name: format!("{}Request", api.name),
                docs: String::new(),
                fields,
            },
            result,
        });
        Ok(())
    }

    /// The fields of the struct `name`, if the model declares it.
    fn struct_fields(&self, name: &str) -> Result<Option<&'a [Field]>, ImportError> {
        match self.types.get(name) {
            None => Ok(None),
            Some(decl) => match &decl.ty {
                Type::Struct(fields) => Ok(Some(fields)),
                _ => Err(ImportError::at(
                    decl.pos.clone(),
                    format!("`{}` is not a struct", clip(name)),
                )),
            },
        }
    }

    /// `XxxRes.Result`'s type.
    fn result(&mut self, api: &Api) -> Result<Option<RawTy>, ImportError> {
        let name = format!("{}Res", api.name);
        let Some(fields) = self.struct_fields(&name)? else {
            return Ok(None);
        };
        let Some(result) = fields
            .iter()
            .find(|f| wire_name(f).as_deref() == Some("Result"))
        else {
            return Ok(None);
        };
        self.ty(&result.ty, &result.pos, 0).map(Some)
    }

    /// A Go field as spec fields: one, none (`json:"-"`), or an embedded struct's fields.
    fn field(
        &mut self,
        field: &Field,
        query: bool,
        depth: usize,
    ) -> Result<Vec<RawField>, ImportError> {
        if depth > MAX_DEPTH {
            return Err(ImportError::at(
                field.pos.clone(),
                format!("embedded structs nested more than {MAX_DEPTH} deep"),
            ));
        }
        if field.name.is_none() {
            // Go's JSON encoding puts an embedded struct's fields in the outer object.
            let name = match &field.ty {
                Type::Name(n) => n,
                Type::Pointer(inner) => match inner.as_ref() {
                    Type::Name(n) => n,
                    _ => return Err(unreadable(field, "an embedded field that is not a struct")),
                },
                _ => return Err(unreadable(field, "an embedded field that is not a struct")),
            };
            if let Some(cached) = self.embedded.get(&(name.clone(), query)) {
                return Ok(cached.clone());
            }
            let Some(fields) = self.struct_fields(name)? else {
                return Err(ImportError::at(
                    field.pos.clone(),
                    format!("unknown Go type `{}`", clip(name)),
                ));
            };
            let mut out: Vec<RawField> = Vec::new();
            for inner in fields {
                for raw in self.field(inner, query, depth + 1)? {
                    // A name reached twice through embedding is kept once (the first), so
                    // that diamond embeddings stay as small as Go's JSON makes them.
                    if !out.iter().any(|f| f.wire == raw.wire) {
                        out.push(raw);
                    }
                }
            }
            self.embedded.insert((name.clone(), query), out.clone());
            return Ok(out);
        }
        let key = if query { "query" } else { "json" };
        let tag = field
            .tag_value(key)
            .or_else(|| field.tag_value("json"))
            .unwrap_or_default();
        // `json:"-"` leaves the field out; `json:"-,"` names it `-` (Go's rule).
        if tag == "-" {
            return Ok(Vec::new());
        }
        let wire = tag.split(',').next().unwrap_or("").to_owned();
        let wire = if wire.is_empty() {
            field.name.clone().unwrap_or_default()
        } else {
            wire
        };
        let (required, docs) = doc_and_required(&field.doc);
        let ty = self.ty(&field.ty, &field.pos, depth + 1)?;
        Ok(vec![RawField {
            wire,
            ty,
            required,
            location: query.then_some(Location::Query),
            docs,
        }])
    }

    fn ty(&mut self, ty: &Type, pos: &Pos, depth: usize) -> Result<RawTy, ImportError> {
        if depth > MAX_DEPTH {
            return Err(ImportError::at(
                pos.clone(),
                format!("Go types nested or aliased more than {MAX_DEPTH} deep"),
            ));
        }
        Ok(match ty {
            Type::Pointer(inner) => self.ty(inner, pos, depth + 1)?,
            Type::Slice(inner) | Type::Array(inner) => {
                if matches!(inner.as_ref(), Type::Name(n) if n == "byte") {
                    return Err(ImportError::at(
                        pos.clone(),
                        "`[]byte` (sent as base64 by Go) has no type in the spec format",
                    ));
                }
                RawTy::List(Box::new(self.ty(inner, pos, depth + 1)?))
            }
            Type::Map(key, value) => {
                if self.ty(key, pos, depth + 1)? != RawTy::String {
                    return Err(ImportError::at(
                        pos.clone(),
                        "a map whose keys are not strings has no JSON form",
                    ));
                }
                RawTy::Map(Box::new(self.ty(value, pos, depth + 1)?))
            }
            Type::Interface { empty: true } => RawTy::Json,
            Type::Interface { empty: false } => {
                return Err(ImportError::at(
                    pos.clone(),
                    "an interface with methods has no JSON form",
                ))
            }
            Type::Name(name) => match name.as_str() {
                "string" => RawTy::String,
                "bool" => RawTy::Boolean,
                "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16"
                | "uint32" | "uint64" | "byte" | "rune" | "uintptr" => RawTy::Integer,
                "float32" | "float64" => RawTy::Float,
                "any" => RawTy::Json,
                _ => self.named(name, pos, depth)?,
            },
            Type::Struct(_) => {
                return Err(ImportError::at(
                    pos.clone(),
                    "an anonymous struct: the importer reads named structs only",
                ))
            }
            Type::Qualified(package, name) => {
                return Err(ImportError::at(
                    pos.clone(),
                    format!("unknown Go type `{}.{}`", clip(package), clip(name)),
                ))
            }
            Type::Other(text) => {
                return Err(ImportError::at(
                    pos.clone(),
                    format!("unknown Go type `{}`", clip(text)),
                ))
            }
        })
    }

    /// A named type: an alias resolves to what it names; a struct is a shape (read once), or
    /// a map when it is an open object.
    fn named(&mut self, name: &str, pos: &Pos, depth: usize) -> Result<RawTy, ImportError> {
        let Some(decl) = self.types.get(name).copied() else {
            return Err(ImportError::at(
                pos.clone(),
                format!("unknown Go type `{}`", clip(name)),
            ));
        };
        let Type::Struct(fields) = &decl.ty else {
            return self.ty(&decl.ty, &decl.pos, depth + 1);
        };
        let open = match self.open.get(name) {
            Some(known) => known.clone(),
            None => {
                let open = self.open_object(decl, fields, depth)?;
                self.open.insert(name.to_owned(), open.clone());
                open
            }
        };
        if let Some(open) = open {
            return Ok(open);
        }
        if !self.out.shapes.contains_key(name) {
            // Placeholder first, so that a struct that holds itself is read once.
            self.out.shapes.insert(
                name.to_owned(),
                RawShape {
                    go_name: name.to_owned(),
                    docs: String::new(),
                    fields: Vec::new(),
                },
            );
            let mut out = Vec::new();
            for field in fields {
                out.extend(self.field(field, false, depth + 1)?);
            }
            let docs = type_docs(name, &decl.doc);
            self.out.shapes.insert(
                name.to_owned(),
                RawShape {
                    go_name: name.to_owned(),
                    docs,
                    fields: out,
                },
            );
        }
        Ok(RawTy::Shape(name.to_owned()))
    }

    /// A struct with an untagged `AdditionalProperties map[string]T` field is an open object:
    /// a map, of `T` when every declared field is a `T` too, else of any JSON value.
    fn open_object(
        &mut self,
        decl: &TypeDecl,
        fields: &[Field],
        depth: usize,
    ) -> Result<Option<RawTy>, ImportError> {
        let Some(extra) = fields.iter().find(|f| {
            f.name.as_deref() == Some("AdditionalProperties") && f.tag_value("json").is_none()
        }) else {
            return Ok(None);
        };
        let Type::Map(_, value) = &extra.ty else {
            return Ok(None);
        };
        let value = self.ty(value, &extra.pos, depth + 1)?;
        let mut declared = Vec::new();
        for f in fields.iter().filter(|f| !std::ptr::eq(*f, extra)) {
            declared.push((
                wire_name(f).unwrap_or_default(),
                self.ty(&f.ty, &f.pos, depth + 1)?,
            ));
        }
        let uniform = declared.iter().all(|(_, ty)| *ty == value);
        let ty = if uniform { value } else { RawTy::Json };
        if self.open_noted.insert(decl.name.clone()) {
            let names: Vec<String> = declared.iter().map(|(w, _)| w.clone()).collect();
            self.out.notes.push(format!(
                "Import: the Go struct {} holds AdditionalProperties (any key), so it is imported as a map{}.",
                decl.name,
                if names.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; its declared keys ({}) are entries of that map",
                        names.join(", ")
                    )
                }
            ));
        }
        Ok(Some(RawTy::Map(Box::new(ty))))
    }
}

/// One type for a parameter the model has in its body and its query: the same type, or the
/// scalar when the other is a string (its query form is that string).
fn unify(a: &RawTy, b: &RawTy) -> Option<RawTy> {
    let scalar = |t: &RawTy| matches!(t, RawTy::Integer | RawTy::Float | RawTy::Boolean);
    match (a, b) {
        _ if a == b => Some(a.clone()),
        (RawTy::String, t) | (t, RawTy::String) if scalar(t) => Some(t.clone()),
        _ => None,
    }
}

fn type_word(ty: &RawTy) -> &'static str {
    match ty {
        RawTy::String => "a string",
        RawTy::Boolean => "a Boolean",
        RawTy::Integer => "an integer",
        RawTy::Float => "a number",
        RawTy::Json => "any JSON",
        RawTy::List(_) => "a list",
        RawTy::Map(_) => "a map",
        RawTy::Shape(_) => "an object",
    }
}

fn unreadable(field: &Field, what: &str) -> ImportError {
    ImportError::at(field.pos.clone(), format!("cannot read {what}"))
}

/// The JSON key Go's encoding uses for a field (the `json` tag's name, else the Go name).
fn wire_name(field: &Field) -> Option<String> {
    let tag = field.tag_value("json").unwrap_or_default();
    let name = tag.split(',').next().unwrap_or("");
    if name.is_empty() {
        field.name.clone()
    } else {
        Some(name.to_owned())
    }
}

/// A field's docs without the `REQUIRED;` / `OPTIONAL;` marker, and whether it was required.
fn doc_and_required(lines: &[String]) -> (bool, String) {
    let mut required = false;
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let mut line = line.as_str();
        if i == 0 {
            for (marker, is_required) in [("REQUIRED", true), ("OPTIONAL", false)] {
                if let Some(rest) = line.strip_prefix(marker) {
                    if rest.is_empty() || rest.starts_with(';') {
                        required = is_required;
                        line = rest.trim_start_matches(';').trim();
                    }
                }
            }
        }
        out.push(line);
    }
    (required, out.join("\n").trim().to_owned())
}

/// A type's docs: the comment, without the `Name - ` the Go generator puts first (its own name,
/// or the schema name it came from, sometimes alone on the first line).
fn type_docs(name: &str, lines: &[String]) -> String {
    let text = lines.join("\n");
    let identifier =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let stripped = match text.split_once(" - ") {
        Some((head, rest)) if head == name || (identifier(head) && !head.contains('\n')) => rest,
        _ => match text.split_once("\n- ") {
            Some((head, rest)) if identifier(head) => rest,
            _ => &text,
        },
    };
    stripped.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let lines = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            doc_and_required(&lines(&["REQUIRED; 回调。", "* a"])),
            (true, "回调。\n* a".into())
        );
        assert_eq!(
            doc_and_required(&lines(&["REQUIRED"])),
            (true, String::new())
        );
        assert_eq!(
            doc_and_required(&lines(&["OPTIONAL; Contains"])),
            (false, "Contains".into())
        );
        assert_eq!(
            doc_and_required(&lines(&["REQUIREDNESS"])),
            (false, "REQUIREDNESS".into())
        );
        assert_eq!(doc_and_required(&[]), (false, String::new()));
        assert_eq!(type_docs("A", &lines(&["A - 说明", "more"])), "说明\nmore");
        assert_eq!(type_docs("A", &lines(&["other"])), "other");
        assert_eq!(
            type_docs(
                "A",
                &lines(&["Components1404CjzSchemasX", "- TOS 配置", "说明"])
            ),
            "TOS 配置\n说明"
        );
        assert_eq!(type_docs("A", &lines(&["ComponentsX - 说明"])), "说明");
        assert_eq!(type_docs("A", &lines(&["中文 - 说明"])), "中文 - 说明");
    }
}
