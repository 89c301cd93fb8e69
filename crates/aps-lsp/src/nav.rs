//! Definition and hover: what the cursor is on in wizard data, APP-META.xml or a type
//! schema, resolved against the package model of the last check.

use crate::convert::LineIndex;
use crate::server::{Server, Stored, UnitState};
use crate::uri;
use aps_json::{Object, Value};
use aps_model::{Package, RegisteredType};
use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location, MarkupContent,
    MarkupKind, Position, Range, Uri,
};
use std::path::{Path, PathBuf};

pub use crate::complete::completion;

/// The cursor in an open document.
pub(crate) struct At<'a> {
    pub path: PathBuf,
    pub text: &'a str,
    pub index: LineIndex,
    pub offset: usize,
    pub package: Option<&'a Package>,
    pub root: Option<&'a Path>,
    pub state: Option<&'a UnitState>,
}

pub(crate) fn at<'a>(s: &'a Server<'_>, uri: &Uri, pos: Position) -> Option<At<'a>> {
    let path = uri::to_path(uri)?;
    let (doc, state) = s.doc(&path)?;
    let index = LineIndex::new(&doc.text);
    let offset = index.offset(&doc.text, pos);
    Some(At {
        path,
        text: &doc.text,
        index,
        offset,
        package: state.and_then(|s| s.package.as_ref()),
        root: Server::root_of(doc),
        state,
    })
}

/// What kind of file a document is.
pub(crate) enum Kind<'a> {
    AppMeta,
    Wizard(Value),
    Schema(&'a RegisteredType),
    Other,
}

pub(crate) fn kind_of<'a>(at: &At<'a>) -> Kind<'a> {
    let name = at.path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if name == aps_model::APP_META {
        return Kind::AppMeta;
    }
    let shown = at.path.to_string_lossy();
    if let Some(t) =
        at.package.and_then(|p| p.registry.package_types().find(|t| t.schema.file.path() == shown))
    {
        return Kind::Schema(t);
    }
    if name.ends_with(".json") {
        if let Some(value) = parse_json(&at.path, at.text) {
            if aps_wizard::is_wizard_file(&at.path, &value) {
                return Kind::Wizard(value);
            }
        }
    }
    Kind::Other
}

pub(crate) fn parse_json(path: &Path, text: &str) -> Option<Value> {
    let file = aps_diag::SourceFile::new(path.to_string_lossy(), text);
    aps_json::parse(&file, &aps_json::Options { comments: true, ..Default::default() }).value
}

/// The innermost member the cursor is on, with the keys leading to it.
pub(crate) struct Hit<'v> {
    pub keys: Vec<&'v str>,
    pub key: &'v str,
    pub value: &'v Value,
    pub parent: &'v Object,
    pub on_key: bool,
}

fn contains(span: aps_diag::Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

pub(crate) fn hit<'v>(v: &'v Value, offset: usize, keys: &mut Vec<&'v str>) -> Option<Hit<'v>> {
    if let Some(obj) = v.as_object() {
        for m in &obj.members {
            if contains(m.key_span, offset) {
                return Some(Hit {
                    keys: keys.clone(),
                    key: &m.key,
                    value: &m.value,
                    parent: obj,
                    on_key: true,
                });
            }
            if contains(m.value.span, offset) {
                keys.push(&m.key);
                if let Some(inner) = hit(&m.value, offset, keys) {
                    return Some(inner);
                }
                keys.pop();
                return Some(Hit {
                    keys: keys.clone(),
                    key: &m.key,
                    value: &m.value,
                    parent: obj,
                    on_key: false,
                });
            }
        }
    } else if let Some(items) = v.as_array() {
        for item in items {
            if contains(item.span, offset) {
                return hit(item, offset, keys);
            }
        }
    }
    None
}

/// The wizard's `defaults.<list>` entry whose `id` is `id`.
pub(crate) fn entry<'v>(wizard: &'v Value, list: &str, id: &Value) -> Option<&'v Value> {
    let items = wizard.get("defaults")?.get(list)?.as_array()?;
    items.iter().find(|e| e.get("id").is_some_and(|v| same_id(v, id)))
}

fn same_id(a: &Value, b: &Value) -> bool {
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.as_i64().is_some() && a.as_i64() == b.as_i64(),
        _ => false,
    }
}

fn location(path: &Path, text: &str, span: aps_diag::Span) -> Option<Location> {
    let index = LineIndex::new(text);
    Some(Location::new(uri::from_path(path)?, index.range(text, span)))
}

fn type_location(t: &RegisteredType) -> Option<Location> {
    if t.is_standard() {
        return None;
    }
    let span = t.schema.id.as_ref().map_or(t.schema.span, |i| i.span);
    location(Path::new(t.schema.file.path()), t.schema.file.text(), span)
}

/// The file a relative path of the package names.
fn file_location(root: Option<&Path>, rel: &str) -> Option<Location> {
    if !aps_model::source::is_safe_relative_path(rel) {
        return None;
    }
    let path = root?.join(rel);
    path.is_file().then(|| uri::from_path(&path).map(|u| Location::new(u, Range::default())))?
}

/// What a wizard value refers to, as a location.
fn wizard_definition(at: &At<'_>, wizard: &Value) -> Option<Location> {
    let h = hit(wizard, at.offset, &mut Vec::new())?;
    let pkg = at.package;
    let in_relations = h.keys.last() == Some(&"relations");
    match h.key {
        "rtID" => {
            let e = entry(wizard, "resourceTypes", h.value)?;
            location(&at.path, at.text, e.span)
        }
        _ if h.key == "resource_uid" || in_relations => {
            if h.value.as_str() == Some(aps_wizard::IDGLOBALS) {
                return pkg?.registry.root_types().first().and_then(|t| type_location(t));
            }
            let e = entry(wizard, "apsResources", h.value)?;
            location(&at.path, at.text, e.span)
        }
        "service_id" => {
            let pkg = pkg?;
            let want = h.value.as_str()?;
            let id = pkg.meta.services.iter().find_map(|s| s.id.as_ref().filter(|i| i.value == want))?;
            location(Path::new(pkg.app_meta_file.path()), pkg.app_meta_file.text(), id.span)
        }
        "resource_id" => {
            let found = counter_of(pkg?, h.parent, h.value.as_str()?)?;
            let file = &found.declared_in.schema.file;
            if found.declared_in.is_standard() {
                return None;
            }
            location(Path::new(file.path()), file.text(), found.item.name.span)
        }
        "apsType" | "type" => type_location(pkg?.registry.resolve(h.value.as_str()?)?),
        _ => None,
    }
}

/// The property `name` of the type served by the `service_id` beside it.
fn counter_of<'p>(
    pkg: &'p Package,
    parent: &Object,
    name: &str,
) -> Option<aps_model::Found<'p, aps_model::Property>> {
    let service = parent.get("service_id")?.as_str()?;
    let ty = pkg.registry.type_of_service(service)?;
    pkg.registry.find_property(ty.id(), name)
}

/// The paths APP-META.xml names, with their spans.
fn meta_paths(pkg: &Package) -> Vec<&aps_model::Spanned<String>> {
    let m = &pkg.meta;
    let mut out: Vec<&aps_model::Spanned<String>> = Vec::new();
    for s in &m.services {
        out.extend(s.schema.iter());
        out.extend(s.code.as_ref().and_then(|c| c.path.as_ref()));
        out.extend(s.presentation.as_ref().and_then(|p| p.icon.as_ref()));
    }
    if let Some(p) = &m.presentation {
        out.extend(p.icon.iter());
        out.extend(p.screenshots.iter().filter_map(|s| s.path.as_ref()));
    }
    for party in [&m.vendor, &m.packager].into_iter().flatten() {
        out.extend(party.icon.iter());
    }
    out
}

/// The type ids a schema names (`implements`, relation types), with their spans.
fn schema_type_refs(t: &RegisteredType) -> Vec<&aps_model::Spanned<String>> {
    let s = &t.schema;
    s.implements.iter().chain(s.relations.iter().filter_map(|r| r.ty.as_ref())).collect()
}

pub fn definition(s: &Server<'_>, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let tp = p.text_document_position_params;
    let at = at(s, &tp.text_document.uri, tp.position)?;
    let loc = match kind_of(&at) {
        Kind::Wizard(w) => wizard_definition(&at, &w),
        Kind::AppMeta => {
            let pkg = at.package?;
            let path = meta_paths(pkg).into_iter().find(|p| contains(p.span, at.offset))?;
            file_location(at.root, &path.value)
        }
        Kind::Schema(t) => {
            let r = schema_type_refs(t).into_iter().find(|r| contains(r.span, at.offset))?;
            type_location(at.package?.registry.resolve(&r.value)?)
        }
        Kind::Other => None,
    }?;
    Some(GotoDefinitionResponse::Scalar(loc))
}

fn type_hover(t: &RegisteredType) -> String {
    let s = &t.schema;
    let mut out = format!("**{}**", s.name.as_ref().map_or("type", |n| n.value.as_str()));
    out.push_str(&format!("\n\n`{}`", t.id()));
    if !s.implements.is_empty() {
        let list: Vec<String> = s.implements.iter().map(|i| format!("`{}`", i.value)).collect();
        out.push_str(&format!("\n\nimplements {}", list.join(", ")));
    }
    out.push_str(&format!("\n\n{} properties, {} relations", s.properties.len(), s.relations.len()));
    if t.is_standard() {
        out.push_str(" (standard type)");
    } else {
        out.push_str(&format!("\n\ndefined in `{}`", s.file.path()));
    }
    out
}

fn property_hover(p: &aps_model::Property, declared_in: &RegisteredType) -> String {
    let mut out = format!("**{}**: `{}`", p.name.value, p.type_name().unwrap_or("?"));
    if let Some(title) = &p.title {
        out.push_str(&format!("\n\n{}", title.value));
    }
    if let Some(d) = &p.description {
        out.push_str(&format!("\n\n{}", d.value));
    }
    if let Some(unit) = &p.unit {
        out.push_str(&format!("\n\nunit: `{}`", unit.value));
    }
    out.push_str(if p.is_required() { "\n\nrequired" } else { "\n\nnot required" });
    out.push_str(&format!("\n\ndeclared in `{}`", declared_in.id()));
    out
}

pub(crate) fn class_hover(name: &str) -> Option<String> {
    let class = aps_wizard::class(name)?;
    let meaning = match class.kind {
        aps_wizard::ClassKind::Service => {
            "a service resource: provisions the resource of a service (`service_id`)".to_string()
        }
        aps_wizard::ClassKind::Link => {
            "a link to an existing resource (`resource_uid`, `app_id`)".to_string()
        }
        aps_wizard::ClassKind::CountedLink => "a counted link to an existing resource".to_string(),
        aps_wizard::ClassKind::Counter(unit) => {
            format!(
                "a counter of a service's property (`service_id` + `resource_id`); unit: {}",
                unit.describe()
            )
        }
    };
    Some(format!("**{}**\n\n{meaning}", class.name))
}

fn wizard_hover(at: &At<'_>, wizard: &Value) -> Option<String> {
    let h = hit(wizard, at.offset, &mut Vec::new())?;
    if h.on_key {
        return None;
    }
    let pkg = at.package;
    let in_relations = h.keys.last() == Some(&"relations");
    match h.key {
        "resClass" => class_hover(h.value.as_str()?),
        "rtID" => {
            let e = entry(wizard, "resourceTypes", h.value)?;
            let name = e.get("name").and_then(Value::as_str).unwrap_or("resource type");
            let class = e.get("resClass").and_then(Value::as_str).unwrap_or("?");
            Some(format!(
                "**{name}**\n\nresource type `{}`, class `{class}`",
                h.value.as_i64().unwrap_or_default()
            ))
        }
        _ if h.key == "resource_uid" || in_relations => {
            if h.value.as_str() == Some(aps_wizard::IDGLOBALS) {
                let t = pkg?.registry.root_types().into_iter().next()?;
                return Some(format!("`idglobals`: the application resource\n\n{}", type_hover(t)));
            }
            let e = entry(wizard, "apsResources", h.value)?;
            let ty = e.get("apsType").or_else(|| e.get("type")).and_then(Value::as_str)?;
            match pkg.and_then(|p| p.registry.resolve(ty)) {
                Some(t) => Some(format!("resource `{}`\n\n{}", h.value.as_str()?, type_hover(t))),
                None => Some(format!("resource `{}` of type `{ty}`", h.value.as_str()?)),
            }
        }
        "service_id" => {
            let pkg = pkg?;
            let want = h.value.as_str()?;
            let t = pkg.registry.type_of_service(want)?;
            Some(format!("service `{want}`\n\n{}", type_hover(t)))
        }
        "resource_id" => {
            let f = counter_of(pkg?, h.parent, h.value.as_str()?)?;
            Some(property_hover(f.item, f.declared_in))
        }
        "apsType" | "type" => Some(type_hover(pkg?.registry.resolve(h.value.as_str()?)?)),
        _ => None,
    }
}

fn schema_hover(at: &At<'_>, t: &RegisteredType) -> Option<String> {
    let pkg = at.package?;
    if let Some(r) = schema_type_refs(t).into_iter().find(|r| contains(r.span, at.offset)) {
        return pkg.registry.resolve(&r.value).map(type_hover);
    }
    if let Some(p) = t.schema.properties.iter().find(|p| contains(p.name.span, at.offset)) {
        return Some(property_hover(p, t));
    }
    if t.schema.id.as_ref().is_some_and(|i| contains(i.span, at.offset)) {
        return Some(type_hover(t));
    }
    None
}

fn diagnostic_hover(at: &At<'_>, pos: Position) -> Option<String> {
    let stored: &Vec<Stored> = at.state?.diags.get(&at.path)?;
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for d in stored.iter().filter(|d| d.lsp.range.start <= pos && pos <= d.lsp.range.end) {
        if seen.contains(&d.rule.code) {
            continue;
        }
        seen.push(d.rule.code);
        out.push(format!("### {} {}\n\n{}", d.rule.code, d.rule.name, d.rule.docs_markdown()));
    }
    (!out.is_empty()).then(|| out.join("\n\n---\n\n"))
}

pub fn hover(s: &Server<'_>, p: HoverParams) -> Option<Hover> {
    let tp = p.text_document_position_params;
    let at = at(s, &tp.text_document.uri, tp.position)?;
    let about = match kind_of(&at) {
        Kind::Wizard(w) => wizard_hover(&at, &w),
        Kind::Schema(t) => schema_hover(&at, t),
        Kind::AppMeta => at.package.and_then(|pkg| {
            let path = meta_paths(pkg).into_iter().find(|p| contains(p.span, at.offset))?;
            let exists = file_location(at.root, &path.value).is_some();
            Some(format!("`{}`{}", path.value, if exists { "" } else { " (no such file in the package)" }))
        }),
        Kind::Other => None,
    };
    let parts: Vec<String> = about.into_iter().chain(diagnostic_hover(&at, tp.position)).collect();
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    })
}
