//! `config.go`: the service's signing name, its regions and hosts, and each action's method,
//! path and version.

use super::go::{Expr, File, Pos, ValueDecl};
use super::ImportError;
use crate::spec::MethodSpec;
pub(super) use crate::text::clip;

/// What `config.go` says.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ServiceConfig {
    /// `ServiceName`, as written.
    pub name: String,
    /// `(region, url)` in `ServiceInfoMap` order.
    pub regions: Vec<(String, String)>,
    /// `ApiListInfo` in file order.
    pub apis: Vec<Api>,
    /// What the import noticed and decided (copied to the spec's notes).
    pub notes: Vec<String>,
}

/// One entry of `ApiListInfo`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Api {
    pub name: String,
    pub method: MethodSpec,
    pub version: String,
    pub pos: Pos,
}

pub(super) fn read(file: &File, pos: &Pos) -> Result<ServiceConfig, ImportError> {
    let find = |name: &str| file.values.iter().find(|v| v.name == name);
    let missing =
        |what: &str| ImportError::at(pos.clone(), format!("config.go declares no `{what}`"));
    let name = match find("ServiceName").ok_or_else(|| missing("ServiceName"))? {
        ValueDecl {
            value: Expr::Str(s),
            ..
        } => s.clone(),
        other => {
            return Err(ImportError::at(
                other.pos.clone(),
                "`ServiceName` is not a string literal",
            ))
        }
    };
    let mut notes = Vec::new();
    let info = find("ServiceInfoMap").ok_or_else(|| missing("ServiceInfoMap"))?;
    let mut regions = Vec::new();
    for (key, value) in entries(info, "ServiceInfoMap")? {
        let region_key = string(key, &info.pos, "a region of ServiceInfoMap")?;
        let fields = literal(value, &info.pos, "a ServiceInfo")?;
        let host = match get(fields, "Host") {
            Some(Expr::Str(h)) if !h.is_empty() => h.clone(),
            _ => {
                return Err(ImportError::at(
                    info.pos.clone(),
                    format!(
                        "region `{}` of ServiceInfoMap has no Host",
                        clip(region_key)
                    ),
                ))
            }
        };
        let region = match get(fields, "Credentials") {
            Some(Expr::Composite { items, .. }) => match get(items, "Region") {
                Some(Expr::Str(r)) => r.clone(),
                _ => region_key.to_owned(),
            },
            _ => region_key.to_owned(),
        };
        if let Some(Expr::Str(scheme)) = get(fields, "Scheme") {
            if scheme != "https" {
                notes.push(format!(
                    "config.go gives region {region} the scheme {scheme}; the spec calls https://{host}, as every preset must be https."
                ));
            }
        }
        regions.push((region, format!("https://{host}")));
    }
    let list = find("ApiListInfo").ok_or_else(|| missing("ApiListInfo"))?;
    let mut apis = Vec::new();
    for (key, value) in entries(list, "ApiListInfo")? {
        let action = string(key, &list.pos, "an action of ApiListInfo")?.to_owned();
        let at = match value {
            Expr::Composite { pos, .. } => pos.clone(),
            _ => list.pos.clone(),
        };
        if apis.iter().any(|a: &Api| a.name == action) {
            return Err(ImportError::at(
                at,
                format!("ApiListInfo lists the action `{}` twice", clip(&action)),
            ));
        }
        let fields = literal(value, &at, "an ApiInfo")?;
        let method = match get(fields, "Method") {
            Some(Expr::Selector(_, m)) if m == "MethodPost" => MethodSpec::Post,
            Some(Expr::Selector(_, m)) if m == "MethodGet" => MethodSpec::Get,
            Some(Expr::Str(m)) if m.eq_ignore_ascii_case("POST") => MethodSpec::Post,
            Some(Expr::Str(m)) if m.eq_ignore_ascii_case("GET") => MethodSpec::Get,
            other => {
                return Err(ImportError::at(
                    at,
                    format!(
                    "action `{}` has the method {}; the spec format calls actions with GET or POST",
                    clip(&action),
                    other.map_or_else(|| "(none)".to_owned(), shown)
                ),
                ))
            }
        };
        match get(fields, "Path") {
            Some(Expr::Str(p)) if p == "/" || p.is_empty() => {}
            other => {
                return Err(ImportError::at(
                    at,
                    format!(
                        "action `{}` is served at the path {}; the spec format sends every action to `/`",
                        clip(&action),
                        other.map_or_else(|| "(none)".to_owned(), shown)
                    ),
                ))
            }
        }
        let query = match get(fields, "Query") {
            Some(Expr::Composite { items, .. }) => items.as_slice(),
            _ => &[],
        };
        let single = |key: &str| -> Option<String> {
            match get(query, key)? {
                Expr::Composite { items, .. } => match items.as_slice() {
                    [(None, Expr::Str(v))] => Some(v.clone()),
                    _ => None,
                },
                _ => None,
            }
        };
        let version = single("Version").ok_or_else(|| {
            ImportError::at(
                at.clone(),
                format!("action `{}` has no Version", clip(&action)),
            )
        })?;
        if let Some(sent) = single("Action") {
            if sent != action {
                return Err(ImportError::at(
                    at,
                    format!(
                        "ApiListInfo entry `{}` sends the action `{}`; the spec names an action as it is sent",
                        clip(&action),
                        clip(&sent)
                    ),
                ));
            }
        }
        apis.push(Api {
            name: action,
            method,
            version,
            pos: at,
        });
    }
    Ok(ServiceConfig {
        name,
        regions,
        apis,
        notes,
    })
}

fn entries<'a>(decl: &'a ValueDecl, what: &str) -> Result<&'a [(Option<Expr>, Expr)], ImportError> {
    match &decl.value {
        Expr::Composite { items, .. } => Ok(items),
        _ => Err(ImportError::at(
            decl.pos.clone(),
            format!("`{what}` is not a map literal"),
        )),
    }
}

fn literal<'a>(
    value: &'a Expr,
    pos: &Pos,
    what: &str,
) -> Result<&'a [(Option<Expr>, Expr)], ImportError> {
    match value {
        Expr::Composite { items, .. } => Ok(items),
        other => Err(ImportError::at(
            pos.clone(),
            format!("{what} is not a literal: {}", shown(other)),
        )),
    }
}

fn string<'a>(key: &'a Option<Expr>, pos: &Pos, what: &str) -> Result<&'a str, ImportError> {
    match key {
        Some(Expr::Str(s)) => Ok(s),
        _ => Err(ImportError::at(
            pos.clone(),
            format!("{what} is not keyed by a string"),
        )),
    }
}

/// The value of `key: value` in a struct literal (key an identifier) or a map literal (key a
/// string).
fn get<'a>(items: &'a [(Option<Expr>, Expr)], key: &str) -> Option<&'a Expr> {
    items.iter().find_map(|(k, v)| match k {
        Some(Expr::Ident(name)) | Some(Expr::Str(name)) if name == key => Some(v),
        _ => None,
    })
}

/// An expression, briefly, for a message.
fn shown(expr: &Expr) -> String {
    let text = match expr {
        Expr::Str(s) => format!("{s:?}"),
        Expr::Ident(i) => i.clone(),
        Expr::Selector(_, name) => format!("….{name}"),
        Expr::Composite { .. } => "a literal".to_owned(),
        Expr::Other(text) => text.clone(),
    };
    format!("`{}`", clip(&text))
}
