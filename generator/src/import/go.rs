//! The Go files of one package of the official SDK, read with tree-sitter-go into the few
//! constructs its generated models use: type declarations (structs, aliases), and `const` and
//! `var` declarations whose values are literals (`ServiceName`, `ServiceInfoMap`,
//! `ApiListInfo`). Everything else in the files is skipped.
//!
//! The parser is a real Go grammar, so odd formatting, comments in strange places and the
//! order of declarations do not matter; a file with a syntax error is refused at the first
//! error, located, rather than half read. Nothing here panics on any input: nesting is bounded
//! and every node is read through fallible accessors.

use std::fmt;

use tree_sitter::{Node, Parser};

/// The deepest nesting of types or literal values read; deeper is refused (a stack guard).
const MAX_DEPTH: usize = 64;

/// Where something is in a Go file (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pos {
    /// The file, as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A problem reading a Go file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoError {
    /// Where.
    pub pos: Pos,
    /// What, in one line.
    pub message: String,
}

/// The declarations of one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct File {
    /// The package name.
    pub package: String,
    /// `type X ...` declarations, in file order.
    pub types: Vec<TypeDecl>,
    /// `const` and `var` declarations with a value, in file order.
    pub values: Vec<ValueDecl>,
}

/// `type Name T` (or `type Name = T`).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDecl {
    /// The declared name.
    pub name: String,
    /// The comment lines just above the declaration, without `//`.
    pub doc: Vec<String>,
    /// The type it declares.
    pub ty: Type,
    /// Where the name is.
    pub pos: Pos,
}

/// A Go type expression, as far as models use them.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// A type name: `string`, `int64`, `UpdateCallbackBody`.
    Name(String),
    /// `pkg.Name`.
    Qualified(String, String),
    /// `*T`.
    Pointer(Box<Type>),
    /// `[]T`.
    Slice(Box<Type>),
    /// `[N]T`.
    Array(Box<Type>),
    /// `map[K]V`.
    Map(Box<Type>, Box<Type>),
    /// `interface{}` or `any` (empty: no methods).
    Interface {
        /// Whether it declares no methods.
        empty: bool,
    },
    /// `struct { ... }`.
    Struct(Vec<Field>),
    /// Anything else (a function, channel or generic type), as written.
    Other(String),
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field's name; `None` for an embedded field (`*FooQuery`).
    pub name: Option<String>,
    /// Its type.
    pub ty: Type,
    /// The tag's content (between the quotes or backquotes), if any.
    pub tag: Option<String>,
    /// The comment lines just above the field, without `//`.
    pub doc: Vec<String>,
    /// Where the field is.
    pub pos: Pos,
}

impl Field {
    /// The value of `key` in the tag (`json:"Name,omitempty"` -> `Name,omitempty`), as Go's
    /// `reflect.StructTag.Lookup` reads it.
    pub fn tag_value(&self, key: &str) -> Option<String> {
        lookup_tag(self.tag.as_deref()?, key)
    }
}

/// `const Name = value` or `var Name = value` (the first name and value of each spec).
#[derive(Debug, Clone, PartialEq)]
pub struct ValueDecl {
    /// The name.
    pub name: String,
    /// The value.
    pub value: Expr,
    /// Where the name is.
    pub pos: Pos,
}

/// A Go expression, as far as the config files use them.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string literal, unescaped.
    Str(String),
    /// An identifier: `DefaultTimeout`.
    Ident(String),
    /// `x.Name`: `http.MethodPost`.
    Selector(Box<Expr>, String),
    /// A composite literal `T{...}` (the type absent inside another literal).
    Composite {
        /// The literal's type, when written.
        ty: Option<Type>,
        /// Its elements: `key: value` or a bare value.
        items: Vec<(Option<Expr>, Expr)>,
        /// Where it starts.
        pos: Pos,
    },
    /// Anything else, as written (`10 * time.Second`).
    Other(String),
}

/// Parses one Go file.
pub fn parse(file: &str, source: &str) -> Result<File, GoError> {
    let mut parser = Parser::new();
    let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
    parser.set_language(&language).map_err(|e| GoError {
        pos: pos_at(file, source, 0),
        message: format!("the Go grammar cannot be loaded: {e}"),
    })?;
    let tree = parser.parse(source, None).ok_or_else(|| GoError {
        pos: pos_at(file, source, 0),
        message: "the Go parser gave up on this file".to_owned(),
    })?;
    let root = tree.root_node();
    let reader = Reader { file, source };
    if root.has_error() {
        let bad = first_error(root).unwrap_or(root);
        let what = if bad.is_missing() {
            format!("missing `{}`", bad.kind())
        } else {
            "a syntax error".to_owned()
        };
        return Err(reader.error(bad, format!("this is not valid Go: {what}")));
    }
    let mut out = File::default();
    let mut cursor = root.walk();
    let children: Vec<Node> = root.named_children(&mut cursor).collect();
    for (i, node) in children.iter().enumerate() {
        match node.kind() {
            "package_clause" => {
                if let Some(name) = node.named_child(0) {
                    out.package = reader.text(name).to_owned();
                }
            }
            "type_declaration" => {
                let doc = reader.doc_before(&children, i);
                let mut specs = node.walk();
                for spec in node.named_children(&mut specs) {
                    if matches!(spec.kind(), "type_spec" | "type_alias") {
                        let name = reader.field_text(spec, "name")?;
                        let ty = reader.child(spec, "type")?;
                        out.types.push(TypeDecl {
                            name: name.to_owned(),
                            doc: doc.clone(),
                            ty: reader.ty(ty, 0)?,
                            pos: reader.pos(spec),
                        });
                    }
                }
            }
            "const_declaration" | "var_declaration" => reader.values(*node, &mut out.values)?,
            _ => {}
        }
    }
    Ok(out)
}

/// The first node of the tree that is an error or a missing token.
fn first_error(node: Node) -> Option<Node> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            return Some(n);
        }
        if n.has_error() {
            let mut cursor = n.walk();
            let mut children: Vec<Node> = n.children(&mut cursor).collect();
            children.reverse();
            stack.extend(children);
        }
    }
    None
}

fn pos_at(file: &str, source: &str, byte: usize) -> Pos {
    let before = source.get(..byte).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos {
        file: file.to_owned(),
        line,
        column,
    }
}

struct Reader<'a> {
    file: &'a str,
    source: &'a str,
}

impl<'a> Reader<'a> {
    fn text(&self, node: Node) -> &'a str {
        self.source.get(node.byte_range()).unwrap_or("")
    }

    fn pos(&self, node: Node) -> Pos {
        let p = node.start_position();
        let line_start = self
            .source
            .get(..node.start_byte())
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let column = self
            .source
            .get(line_start..node.start_byte())
            .map_or(p.column, |s| s.chars().count());
        Pos {
            file: self.file.to_owned(),
            line: p.row + 1,
            column: column + 1,
        }
    }

    fn error(&self, node: Node, message: impl Into<String>) -> GoError {
        GoError {
            pos: self.pos(node),
            message: message.into(),
        }
    }

    fn child(&self, node: Node<'a>, field: &str) -> Result<Node<'a>, GoError> {
        node.child_by_field_name(field)
            .ok_or_else(|| self.error(node, format!("a `{}` without its {field}", node.kind())))
    }

    fn field_text(&self, node: Node, field: &str) -> Result<&'a str, GoError> {
        self.child(node, field).map(|n| self.text(n))
    }

    /// The `//` comment lines directly above `children[index]` (no blank line between); a
    /// comment at the end of the line before (`A string // note`) belongs to that line.
    fn doc_before(&self, children: &[Node], index: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let mut next_row = children.get(index).map_or(0, |n| n.start_position().row);
        let before = children.get(..index).unwrap_or(&[]);
        for (k, node) in before.iter().enumerate().rev() {
            if node.kind() != "comment" || node.end_position().row + 1 != next_row {
                break;
            }
            let trailing = k
                .checked_sub(1)
                .and_then(|p| before.get(p))
                .is_some_and(|prev| prev.end_position().row == node.start_position().row);
            if trailing {
                break;
            }
            lines.push(comment_text(self.text(*node)));
            next_row = node.start_position().row;
        }
        lines.reverse();
        lines
    }

    fn ty(&self, node: Node, depth: usize) -> Result<Type, GoError> {
        if depth > MAX_DEPTH {
            return Err(self.error(node, format!("types nested more than {MAX_DEPTH} deep")));
        }
        let inner = |field: Option<&str>| -> Result<Type, GoError> {
            let child = match field {
                Some(f) => self.child(node, f)?,
                None => node
                    .named_child(0)
                    .ok_or_else(|| self.error(node, format!("an empty `{}`", node.kind())))?,
            };
            self.ty(child, depth + 1)
        };
        Ok(match node.kind() {
            "type_identifier" => Type::Name(self.text(node).to_owned()),
            "qualified_type" => Type::Qualified(
                self.field_text(node, "package")?.to_owned(),
                self.field_text(node, "name")?.to_owned(),
            ),
            "pointer_type" => Type::Pointer(Box::new(inner(None)?)),
            "slice_type" => Type::Slice(Box::new(inner(Some("element"))?)),
            "array_type" | "implicit_length_array_type" => {
                Type::Array(Box::new(inner(Some("element"))?))
            }
            "map_type" => Type::Map(
                Box::new(inner(Some("key"))?),
                Box::new(inner(Some("value"))?),
            ),
            "interface_type" => Type::Interface {
                empty: node.named_child_count() == 0,
            },
            "parenthesized_type" => inner(None)?,
            "struct_type" => Type::Struct(self.fields(node, depth)?),
            _ => Type::Other(self.text(node).to_owned()),
        })
    }

    fn fields(&self, struct_type: Node, depth: usize) -> Result<Vec<Field>, GoError> {
        let mut fields = Vec::new();
        let Some(list) = struct_type.named_child(0) else {
            return Ok(fields);
        };
        let mut cursor = list.walk();
        let children: Vec<Node> = list.named_children(&mut cursor).collect();
        for (i, node) in children.iter().enumerate() {
            if node.kind() != "field_declaration" {
                continue;
            }
            let mut ty = self.ty(self.child(*node, "type")?, depth + 1)?;
            // An embedded `*T` keeps its star as a token beside the type.
            let mut tokens = node.walk();
            if node.children(&mut tokens).any(|c| c.kind() == "*") {
                ty = Type::Pointer(Box::new(ty));
            }
            let tag = node
                .child_by_field_name("tag")
                .map(|t| string_literal(self.text(t)));
            let doc = self.doc_before(&children, i);
            let mut names = node.walk();
            let names: Vec<Node> = node.children_by_field_name("name", &mut names).collect();
            if names.is_empty() {
                fields.push(Field {
                    name: None,
                    ty,
                    tag,
                    doc,
                    pos: self.pos(*node),
                });
                continue;
            }
            for name in names {
                fields.push(Field {
                    name: Some(self.text(name).to_owned()),
                    ty: ty.clone(),
                    tag: tag.clone(),
                    doc: doc.clone(),
                    pos: self.pos(name),
                });
            }
        }
        Ok(fields)
    }

    fn values(&self, declaration: Node, out: &mut Vec<ValueDecl>) -> Result<(), GoError> {
        let mut stack = vec![declaration];
        while let Some(node) = stack.pop() {
            match node.kind() {
                "const_spec" | "var_spec" => {
                    let (Some(name), Some(values)) = (
                        node.child_by_field_name("name"),
                        node.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    if let Some(value) = values.named_child(0) {
                        out.push(ValueDecl {
                            name: self.text(name).to_owned(),
                            value: self.expr(value, 0)?,
                            pos: self.pos(name),
                        });
                    }
                }
                _ => {
                    let mut cursor = node.walk();
                    let mut children: Vec<Node> = node.named_children(&mut cursor).collect();
                    children.reverse();
                    stack.extend(children);
                }
            }
        }
        Ok(())
    }

    fn expr(&self, node: Node, depth: usize) -> Result<Expr, GoError> {
        if depth > MAX_DEPTH {
            return Err(self.error(node, format!("values nested more than {MAX_DEPTH} deep")));
        }
        Ok(match node.kind() {
            "interpreted_string_literal" | "raw_string_literal" => {
                Expr::Str(string_literal(self.text(node)))
            }
            "identifier" => Expr::Ident(self.text(node).to_owned()),
            "selector_expression" => Expr::Selector(
                Box::new(self.expr(self.child(node, "operand")?, depth + 1)?),
                self.field_text(node, "field")?.to_owned(),
            ),
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.expr(inner, depth + 1)?,
                None => Expr::Other(String::new()),
            },
            "literal_element" => match node.named_child(0) {
                Some(inner) => self.expr(inner, depth + 1)?,
                None => Expr::Other(String::new()),
            },
            "composite_literal" => {
                let ty = match node.child_by_field_name("type") {
                    Some(t) => Some(self.ty(t, depth + 1)?),
                    None => None,
                };
                Expr::Composite {
                    ty,
                    items: self.elements(self.child(node, "body")?, depth)?,
                    pos: self.pos(node),
                }
            }
            "literal_value" => Expr::Composite {
                ty: None,
                items: self.elements(node, depth)?,
                pos: self.pos(node),
            },
            _ => Expr::Other(self.text(node).to_owned()),
        })
    }

    fn elements(&self, literal: Node, depth: usize) -> Result<Vec<(Option<Expr>, Expr)>, GoError> {
        let mut items = Vec::new();
        let mut cursor = literal.walk();
        for element in literal.named_children(&mut cursor) {
            match element.kind() {
                "keyed_element" => {
                    let key = self.expr(self.child(element, "key")?, depth + 1)?;
                    let value = self.expr(self.child(element, "value")?, depth + 1)?;
                    items.push((Some(key), value));
                }
                "comment" => {}
                _ => items.push((None, self.expr(element, depth + 1)?)),
            }
        }
        Ok(items)
    }
}

/// A `//` comment's text (or a `/* */` comment's, on one line), trimmed.
fn comment_text(comment: &str) -> String {
    let text = comment
        .strip_prefix("//")
        .or_else(|| {
            comment
                .strip_prefix("/*")
                .map(|c| c.strip_suffix("*/").unwrap_or(c))
        })
        .unwrap_or(comment);
    text.trim().to_owned()
}

/// The value of a Go string literal: a raw string as it is, an interpreted one unescaped
/// (an escape it cannot read is kept as written).
pub fn string_literal(literal: &str) -> String {
    if let Some(raw) = literal.strip_prefix('`').and_then(|l| l.strip_suffix('`')) {
        return raw.replace('\r', "");
    }
    let inner = literal
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or(literal);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some(k @ ('u' | 'U' | 'x')) => {
                let len = match k {
                    'u' => 4,
                    'U' => 8,
                    _ => 2,
                };
                let hex: String = chars.by_ref().take(len).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) if hex.len() == len => out.push(decoded),
                    _ => {
                        out.push('\\');
                        out.push(k);
                        out.push_str(&hex);
                    }
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `reflect.StructTag.Lookup`: `key:"value"` pairs separated by spaces.
pub fn lookup_tag(tag: &str, key: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        rest = rest.trim_start_matches(' ');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c <= ' ' || c == ':' || c == '"' || c == '\u{7f}')
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_end);
        if name.is_empty() {
            return None;
        }
        let value_part = after.strip_prefix(":\"")?;
        // The value ends at the first unescaped quote.
        let mut end = None;
        let mut escaped = false;
        for (i, c) in value_part.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        let end = end?;
        let quoted = value_part.get(..end)?;
        if name == key {
            return Some(string_literal(&format!("\"{quoted}\"")));
        }
        rest = value_part.get(end + 1..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn parse_ok(source: &str) -> Result<File, String> {
        parse("model.go", source).map_err(|e| format!("{}: {}", e.pos, e.message))
    }

    #[test]
    fn structs_fields_tags_and_docs() -> TestResult {
        let file = parse_ok(
            "package live\n\n// UpdateCallbackBody - the body.\ntype UpdateCallbackBody struct {\n\n\t// REQUIRED; 回调信息列表。\n\t// second line\n\tList []UpdateCallbackBodyItem `json:\"List\"`\n\n\tApp *string `json:\"App,omitempty\" query:\"App\"`\n\tA, B int32\n\t*EmbeddedQuery\n\tM map[string][]*Item\n\tAny interface{}\n}\n\ntype Alias string\ntype Empty struct{}\n",
        )?;
        assert_eq!(file.package, "live");
        assert_eq!(file.types.len(), 3);
        let body = &file.types[0];
        assert_eq!(body.doc, ["UpdateCallbackBody - the body."]);
        let Type::Struct(fields) = &body.ty else {
            return Err("not a struct".into());
        };
        assert_eq!(fields.len(), 7);
        assert_eq!(fields[0].doc, ["REQUIRED; 回调信息列表。", "second line"]);
        assert_eq!(
            fields[0].ty,
            Type::Slice(Box::new(Type::Name("UpdateCallbackBodyItem".into())))
        );
        assert_eq!(fields[0].tag_value("json").as_deref(), Some("List"));
        assert_eq!(fields[1].tag_value("query").as_deref(), Some("App"));
        assert_eq!(
            fields[1].tag_value("json").as_deref(),
            Some("App,omitempty")
        );
        assert!(fields[1].doc.is_empty());
        assert_eq!(fields[2].name.as_deref(), Some("A"));
        assert_eq!(fields[3].name.as_deref(), Some("B"));
        assert_eq!(fields[4].name, None);
        assert_eq!(
            fields[4].ty,
            Type::Pointer(Box::new(Type::Name("EmbeddedQuery".into())))
        );
        assert_eq!(
            fields[5].ty,
            Type::Map(
                Box::new(Type::Name("string".into())),
                Box::new(Type::Slice(Box::new(Type::Pointer(Box::new(Type::Name(
                    "Item".into()
                ))))))
            )
        );
        assert_eq!(fields[6].ty, Type::Interface { empty: true });
        assert_eq!(file.types[1].ty, Type::Name("string".into()));
        assert_eq!(file.types[2].ty, Type::Struct(Vec::new()));
        assert_eq!(fields[0].pos.line, 8);
        Ok(())
    }

    #[test]
    fn config_values() -> TestResult {
        let file = parse_ok(
            "package x\n\nimport (\n\t\"net/http\"\n)\n\nconst (\n\tServiceName = \"ImageX\"\n\tDefaultTimeout = 10 * time.Second\n)\n\nvar (\n\tServiceInfoMap = map[string]common.ServiceInfo{\n\t\t\"cn-north-1\": {\n\t\t\tHost: \"imagex.volcengineapi.com\",\n\t\t\tHeader: http.Header{\"Accept\": []string{\"application/json\"}},\n\t\t},\n\t}\n)\n",
        )?;
        assert_eq!(file.values[0].name, "ServiceName");
        assert_eq!(file.values[0].value, Expr::Str("ImageX".into()));
        assert!(matches!(file.values[1].value, Expr::Other(_)));
        let Expr::Composite { items, .. } = &file.values[2].value else {
            return Err("not a literal".into());
        };
        let (Some(Expr::Str(region)), Expr::Composite { items: info, .. }) = &items[0] else {
            return Err(format!("{:?}", items[0]).into());
        };
        assert_eq!(region, "cn-north-1");
        assert_eq!(
            info[0],
            (
                Some(Expr::Ident("Host".into())),
                Expr::Str("imagex.volcengineapi.com".into())
            )
        );
        Ok(())
    }

    #[test]
    fn broken_files_are_refused_where_they_break() {
        for (source, line) in [
            ("package x\ntype A struct {\n\tB string\n", 4),
            ("package x\ntype A struct {\n\tB string `json:\"B\"\n}\n", 3),
            ("package x\n}}}\n", 2),
            ("package x\ntype A struct { B [] }\n", 2),
        ] {
            match parse("model.go", source) {
                Ok(file) => panic!("{source:?} was read: {file:?}"),
                Err(e) => {
                    assert!(e.pos.line <= line, "{source:?}: {e:?}");
                    assert!(e.message.contains("not valid Go"), "{e:?}");
                }
            }
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let source = format!(
            "package x\ntype A struct {{ B {}string }}\n",
            "[]".repeat(MAX_DEPTH + 5)
        );
        match parse("model.go", &source) {
            Err(e) => assert!(e.message.contains("nested"), "{e:?}"),
            Ok(_) => panic!("too deep a type was read"),
        }
    }

    #[test]
    fn tags_as_reflect_reads_them() {
        assert_eq!(
            lookup_tag(r#"json:"A,omitempty" query:"B""#, "query").as_deref(),
            Some("B")
        );
        assert_eq!(lookup_tag(r#"json:"A""#, "query"), None);
        assert_eq!(
            lookup_tag(r#"json:"a\"b""#, "json").as_deref(),
            Some("a\"b")
        );
        assert_eq!(lookup_tag(r#"json:"unterminated"#, "json"), None);
        assert_eq!(lookup_tag("", "json"), None);
        assert_eq!(lookup_tag("json", "json"), None);
        assert_eq!(lookup_tag(r#"   json:"x""#, "json").as_deref(), Some("x"));
    }

    #[test]
    fn string_literals() {
        assert_eq!(string_literal(r#""a\tb\u4e2d""#), "a\tb中");
        assert_eq!(string_literal("`raw\\n`"), "raw\\n");
        assert_eq!(string_literal(r#""bad\u12""#), "bad\\u12");
        assert_eq!(string_literal(r#""end\"#), "\"end\\");
    }
}
