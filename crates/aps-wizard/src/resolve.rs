//! The resolved reference graph of a wizard file, and its renderings.
//!
//! # JSON shape (`aps-pack resolve --format json`, format version 1)
//!
//! ```text
//! {
//!   "version": 1,
//!   "file": "scripts/wizard_data.json",
//!   "nodes": [ { "id", "kind", "label", "line"?, "attrs"? }, … ],
//!   "edges": [ { "from", "to", "kind", "label"?, "line"? }, … ],
//!   "references": [ { "kind", "value", "pointer", "line", "column", "target"?, "status" }, … ],
//!   "cycles": [ [node id, …], … ],
//!   "errors": [ { "code", "severity", "message", "line", "column" }, … ]
//! }
//! ```
//!
//! - `nodes[].kind`: `service-template`, `resource-type` (`attrs`: `resClass`,
//!   `required`, `autoprovide`), `wizard-resource` (`attrs.apsType`),
//!   `application-instance` (what `idglobals` stands for), `platform-application`
//!   (what `idOAID` stands for), `service` (a `<service>` of APP-META.xml),
//!   `aps-type`, `counter` (a counter property of a service's type),
//!   `aps-resource` (an existing resource named by UUID), `missing` (the
//!   target of a dangling reference). Node ids are `template:<id>`,
//!   `rt:<id>`, `resource:<id>`, `instance`, `platform-application`,
//!   `service:<id>`, `type:<type id>`, `counter:<service>/<property>`,
//!   `aps-resource:<uuid>`, `missing:<value>`. `line` is where the node is
//!   declared in the wizard file (absent for nodes outside it).
//! - `edges[].kind`: `includes` (template → resource type, label = limit),
//!   `provisions` (resource type → service), `links` (link resource type →
//!   what it links), `counts` (counter resource type → counter),
//!   `application` (resource type → platform application, from `app_id`),
//!   `counter-of` (counter → its service), `relation` (wizard resource →
//!   related resource, label = relation name),
//!   `serves` (service → its type), `instance-of` (resource or instance → its type).
//! - `references[]`: every reference in the file, in document order.
//!   `kind` is one of `idglobals`, `idOAID`, `negative-id` (a placeholder id
//!   declared by a resource type or the template), `platform-id` (a
//!   non-negative id, taken as the platform's), `rtID` (a template entry's
//!   resource type), `wizard-resource` (the id of an `apsResources` entry or
//!   the `resellerProfile`), `uuid` (an existing APS resource), `service`
//!   (`actParams.service_id`), `counter` (`actParams.resource_id`).
//!   `pointer` is the RFC 6901 pointer of the referencing value; `target` the
//!   node it resolves to; `status` is `resolved`, `dangling` (names nothing),
//!   `external` (outside the wizard data and the package, e.g. a UUID) or
//!   `unchecked` (needs the package, or a type defined in PHP).
//! - `errors[]`: dangling references, cycles and ambiguous ids, as the
//!   corresponding `WIZ` rules report them, and numbers that cannot be read
//!   exactly (an id outside the 64-bit integer range, a limit of `1e999`):
//!   those ids are missing from the graph.

use crate::classes::{self, ClassKind};
use crate::context::{PackageContext, RootType, ServiceType};
use crate::rules;
use crate::wizard::{is_uuid, Text, Wizard, IDGLOBALS, IDOAID};
use aps_diag::{Diagnostic, SourceFile, Span};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The rules whose findings are reference errors of the graph.
const REFERENCE_RULES: [&str; 5] = ["WIZ101", "WIZ113", "WIZ114", "WIZ120", "WIZ121"];

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub kind: &'static str,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub attrs: BTreeMap<&'static str, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReferenceKind {
    #[serde(rename = "idglobals")]
    IdGlobals,
    #[serde(rename = "idOAID")]
    IdOaid,
    #[serde(rename = "negative-id")]
    NegativeId,
    #[serde(rename = "platform-id")]
    PlatformId,
    #[serde(rename = "rtID")]
    RtId,
    #[serde(rename = "wizard-resource")]
    WizardResource,
    #[serde(rename = "uuid")]
    Uuid,
    #[serde(rename = "service")]
    Service,
    #[serde(rename = "counter")]
    Counter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Resolved,
    Dangling,
    External,
    Unchecked,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub kind: ReferenceKind,
    pub value: serde_json::Value,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    pub status: Status,
    #[serde(skip)]
    offset: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GraphError {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// The resolved reference graph of one wizard file. See the module
/// documentation for the JSON shape.
#[derive(Debug, Clone, Serialize)]
pub struct Graph {
    pub version: u32,
    pub file: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub references: Vec<Reference>,
    pub cycles: Vec<Vec<String>>,
    pub errors: Vec<GraphError>,
    /// The reference errors as diagnostics (for the human renderers).
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

struct Builder<'a> {
    file: &'a Arc<SourceFile>,
    pkg: Option<&'a dyn PackageContext>,
    nodes: Vec<Node>,
    node_index: HashMap<String, usize>,
    edges: Vec<Edge>,
    /// (from, kind) of the edges added once per source node.
    once: HashSet<(String, &'static str)>,
    references: Vec<Reference>,
    root: Option<RootType>,
}

impl<'a> Builder<'a> {
    fn line(&self, span: Span) -> usize {
        self.file.line_col(span.start).line
    }

    /// Add a node once; later calls with the same id return the existing one.
    fn node(&mut self, id: String, kind: &'static str, label: String, at: Option<Span>) -> String {
        if !self.node_index.contains_key(&id) {
            let line = at.map(|s| self.line(s));
            self.node_index.insert(id.clone(), self.nodes.len());
            self.nodes.push(Node { id: id.clone(), kind, label, line, attrs: BTreeMap::new() });
        }
        id
    }

    fn attr(&mut self, id: &str, key: &'static str, value: serde_json::Value) {
        if let Some(&i) = self.node_index.get(id) {
            self.nodes[i].attrs.insert(key, value);
        }
    }

    fn edge(&mut self, from: &str, to: &str, kind: &'static str, label: Option<String>, at: Option<Span>) {
        let line = at.map(|s| self.line(s));
        self.edges.push(Edge { from: from.into(), to: to.into(), kind, label, line });
    }

    /// An edge that a node has at most once of its kind (its type).
    fn edge_once(&mut self, from: &str, to: &str, kind: &'static str) {
        if self.once.insert((from.to_string(), kind)) {
            self.edge(from, to, kind, None, None);
        }
    }

    fn reference(
        &mut self,
        kind: ReferenceKind,
        value: serde_json::Value,
        pointer: String,
        span: Span,
        target: Option<String>,
        status: Status,
    ) {
        let lc = self.file.line_col(span.start);
        self.references.push(Reference {
            kind,
            value,
            pointer,
            line: lc.line,
            column: lc.column,
            target,
            status,
            offset: span.start,
        });
    }

    fn root_type(&mut self) -> Option<RootType> {
        let pkg = self.pkg?;
        Some(self.root.get_or_insert_with(|| pkg.root_type()).clone())
    }

    fn instance(&mut self) -> String {
        let id = self.node(
            "instance".into(),
            "application-instance",
            "application instance (idglobals)".into(),
            None,
        );
        if let Some(RootType::Known(t)) = self.root_type() {
            let ty = self.node(format!("type:{t}"), "aps-type", t.clone(), None);
            self.edge_once(&id, &ty, "instance-of");
            self.attr(&id, "type", serde_json::Value::String(t));
        }
        id
    }

    /// `idglobals`, a wizard resource id, a UUID, or nothing.
    fn resource_ref(
        &mut self,
        w: &Wizard<'_>,
        from: &str,
        t: Text<'_>,
        pointer: String,
        kind: &'static str,
        label: Option<String>,
    ) {
        let v = t.value;
        let (rkind, target, status) = if v == IDGLOBALS {
            (ReferenceKind::IdGlobals, self.instance(), Status::Resolved)
        } else if w.profile_index.contains_key(v) {
            (ReferenceKind::WizardResource, format!("resource:{v}"), Status::Resolved)
        } else if is_uuid(v) {
            let id = self.node(
                format!("aps-resource:{v}"),
                "aps-resource",
                format!("existing APS resource {v}"),
                None,
            );
            (ReferenceKind::Uuid, id, Status::External)
        } else {
            let id = self.node(format!("missing:{v}"), "missing", format!("missing `{v}`"), None);
            let rkind = if v == IDOAID { ReferenceKind::IdOaid } else { ReferenceKind::WizardResource };
            (rkind, id, Status::Dangling)
        };
        self.edge(from, &target, kind, label, Some(t.span));
        let target = (status != Status::Dangling).then_some(target);
        self.reference(rkind, v.into(), pointer, t.span, target, status);
    }
}

/// Resolve every reference of a wizard file into a graph. With the package,
/// services, their types and counters are resolved too; without it those
/// references are `unchecked`.
pub fn resolve(
    file: &Arc<SourceFile>,
    value: &aps_json::Value,
    package: Option<&dyn PackageContext>,
) -> Graph {
    let w = Wizard::new(value);
    let mut b = Builder {
        file,
        pkg: package,
        nodes: Vec::new(),
        node_index: HashMap::new(),
        edges: Vec::new(),
        once: HashSet::new(),
        references: Vec::new(),
        root: None,
    };

    // Declarations first, so that references to later items find them.
    if let Some(t) = &w.template {
        let id = t.id.map(|i| i.value.to_string()).unwrap_or_else(|| "?".into());
        let label = match t.name {
            Some(n) => format!("service template {id} \"{}\"", n.value),
            None => format!("service template {id}"),
        };
        b.node(
            format!("template:{id}"),
            "service-template",
            label,
            t.id.map(|i| i.span).or(Some(t.value.span)),
        );
    }
    for rt in &w.resource_types {
        let Some(id) = rt.id else { continue };
        let node = format!("rt:{}", id.value);
        let label = match rt.name {
            Some(n) => format!("resource type {} \"{}\"", id.value, n.value),
            None => format!("resource type {}", id.value),
        };
        b.node(node.clone(), "resource-type", label, Some(id.span));
        if let Some(c) = rt.class {
            b.attr(&node, "resClass", c.value.into());
        }
        b.attr(&node, "required", rt.is_required().into());
    }
    for p in &w.profiles {
        let Some(id) = p.id else { continue };
        let node = format!("resource:{}", id.value);
        let kind = if p.reseller { "reseller profile" } else { "service profile" };
        b.node(node.clone(), "wizard-resource", format!("{kind} {}", id.value), Some(id.span));
        if let Some(t) = p.aps_type {
            b.attr(&node, "apsType", t.value.into());
            let ty = b.node(format!("type:{}", t.value), "aps-type", t.value.to_string(), None);
            b.edge(&node, &ty, "instance-of", None, Some(t.span));
        }
    }

    // Placeholder ids.
    for rt in &w.resource_types {
        let Some(id) = rt.id else { continue };
        let kind = if id.value < 0 { ReferenceKind::NegativeId } else { ReferenceKind::PlatformId };
        b.reference(
            kind,
            id.value.into(),
            format!("{}/id", rt.pointer()),
            id.span,
            Some(format!("rt:{}", id.value)),
            Status::Resolved,
        );
    }
    if let Some(id) = w.template.as_ref().and_then(|t| t.id) {
        let kind = if id.value < 0 { ReferenceKind::NegativeId } else { ReferenceKind::PlatformId };
        b.reference(
            kind,
            id.value.into(),
            "/defaults/serviceTemplate/id".into(),
            id.span,
            Some(format!("template:{}", id.value)),
            Status::Resolved,
        );
    }

    // Template entries.
    if let Some(t) = &w.template {
        let from = format!("template:{}", t.id.map(|i| i.value.to_string()).unwrap_or_else(|| "?".into()));
        for e in &t.entries {
            let Some(rt_id) = e.rt_id else { continue };
            let label = match (e.unlimited, e.limit.and_then(|l| l.value.as_i64())) {
                (Some((true, _)), _) => Some("unlimited".to_string()),
                (_, Some(n)) => Some(format!("limit {n}")),
                _ => None,
            };
            let (target, status) = if w.rt_index.contains_key(&rt_id.value) {
                (format!("rt:{}", rt_id.value), Status::Resolved)
            } else {
                (
                    b.node(
                        format!("missing:{}", rt_id.value),
                        "missing",
                        format!("missing resource type {}", rt_id.value),
                        None,
                    ),
                    Status::Dangling,
                )
            };
            b.edge(&from, &target, "includes", label, Some(rt_id.span));
            let target = (status == Status::Resolved).then_some(target);
            b.reference(
                ReferenceKind::RtId,
                rt_id.value.into(),
                format!("{}/rtID", e.pointer()),
                rt_id.span,
                target,
                status,
            );
        }
    }

    // What each resource type provisions.
    for rt in &w.resource_types {
        let Some(id) = rt.id else { continue };
        let from = format!("rt:{}", id.value);
        let act = format!("{}/actParams", rt.pointer());
        if let Some(app) = rt.param_str("app_id") {
            if app.value == IDOAID {
                let target = b.node(
                    "platform-application".into(),
                    "platform-application",
                    "platform application id (idOAID)".into(),
                    None,
                );
                b.edge(&from, &target, "application", None, Some(app.span));
                b.reference(
                    ReferenceKind::IdOaid,
                    app.value.into(),
                    format!("{act}/app_id"),
                    app.span,
                    Some(target),
                    Status::Resolved,
                );
            }
        }
        let kind = rt.class_name().and_then(classes::class).map(|c| c.kind);
        if let Some(auto) = rt.param("autoprovide_service").and_then(|m| m.value.as_i64()) {
            b.attr(&from, "autoprovide", (auto == 1).into());
        }
        match kind {
            Some(ClassKind::Link) | Some(ClassKind::CountedLink) => {
                if let Some(t) = rt.param_str("resource_uid") {
                    b.resource_ref(&w, &from, t, format!("{act}/resource_uid"), "links", None);
                }
            }
            _ => {}
        }
        let service = rt.param_str("service_id");
        if let Some(s) = service {
            let (status, served, unknown_type) = match b.pkg.map(|p| p.service_type(s.value)) {
                None => (Status::Unchecked, None, None),
                Some(ServiceType::NoSuchService) => (Status::Dangling, None, None),
                Some(ServiceType::DefinedInPhp) => (Status::Resolved, None, Some("defined in PHP (unknown)")),
                Some(ServiceType::Unavailable) => (Status::Resolved, None, Some("schema missing or invalid")),
                Some(ServiceType::Known(t)) => (Status::Resolved, Some(t), None),
            };
            let target = if status == Status::Dangling {
                b.node(
                    format!("missing:service:{}", s.value),
                    "missing",
                    format!("missing service `{}`", s.value),
                    None,
                )
            } else {
                b.node(format!("service:{}", s.value), "service", format!("service `{}`", s.value), None)
            };
            if let Some(t) = &served {
                let ty = b.node(format!("type:{t}"), "aps-type", t.clone(), None);
                b.edge_once(&target, &ty, "serves");
                b.attr(&target, "type", t.clone().into());
            } else if let Some(why) = unknown_type {
                b.attr(&target, "type", why.into());
            }
            if !matches!(kind, Some(ClassKind::Counter(_))) {
                b.edge(&from, &target, "provisions", None, Some(s.span));
            }
            let service_node = target.clone();
            b.reference(
                ReferenceKind::Service,
                s.value.into(),
                format!("{act}/service_id"),
                s.span,
                (status != Status::Dangling).then_some(target),
                status,
            );
            if let (Some(ClassKind::Counter(_)), Some(c)) = (kind, rt.param_str("resource_id")) {
                let node = format!("counter:{}/{}", s.value, c.value);
                let (status, prop) = match (b.pkg, &served, status) {
                    (Some(p), Some(t), _) => match p.property(t, c.value) {
                        Some(prop) if prop.counter_kind().is_some() => (Status::Resolved, Some(prop)),
                        _ => (Status::Dangling, None),
                    },
                    (_, _, Status::Dangling) => (Status::Dangling, None),
                    _ => (Status::Unchecked, None),
                };
                let target = if status == Status::Dangling {
                    b.node(
                        format!("missing:{node}"),
                        "missing",
                        format!("missing counter `{}` of service `{}`", c.value, s.value),
                        None,
                    )
                } else {
                    b.node(
                        node.clone(),
                        "counter",
                        format!("counter `{}` of service `{}`", c.value, s.value),
                        None,
                    )
                };
                if let Some(prop) = &prop {
                    if let Some(unit) = &prop.unit {
                        b.attr(&target, "unit", unit.clone().into());
                    }
                    if let Some(k) = prop.counter_kind() {
                        b.attr(&target, "counter", k.as_str().into());
                    }
                    b.attr(&target, "declaredIn", prop.declared_in.clone().into());
                }
                b.edge(&from, &target, "counts", None, Some(c.span));
                b.edge_once(&target, &service_node, "counter-of");
                b.reference(
                    ReferenceKind::Counter,
                    c.value.into(),
                    format!("{act}/resource_id"),
                    c.span,
                    (status != Status::Dangling).then_some(target),
                    status,
                );
            }
        }
    }

    // Relations between wizard resources.
    for p in &w.profiles {
        let Some(id) = p.id else { continue };
        let from = format!("resource:{}", id.value);
        for rel in &p.relations {
            for (pointer, t) in &rel.targets {
                b.resource_ref(&w, &from, *t, pointer.clone(), "relation", Some(rel.name.value.to_string()));
            }
        }
    }

    let cycles: Vec<Vec<String>> = rules::reference_cycle::find_cycles(&w)
        .into_iter()
        .map(|c| {
            c.members
                .iter()
                .map(|&i| format!("resource:{}", w.profiles[i].id.map(|x| x.value).unwrap_or("?")))
                .collect()
        })
        .collect();

    // An id (or any number) that cannot be read exactly is left out of the
    // graph, so its finding is one of the graph's errors.
    let bad_numbers = crate::numbers::bad_numbers(value);
    let about_bad_number = |d: &Diagnostic| {
        matches!(d.rule.code, "WIZ001" | "WIZ132")
            && d.span.is_some_and(|s| bad_numbers.iter().any(|b| b.span == s))
    };
    let mut diagnostics: Vec<Diagnostic> = crate::lint_wizard(file, value, package)
        .into_iter()
        .filter(|d| REFERENCE_RULES.contains(&d.rule.code) || about_bad_number(d))
        .collect();
    aps_diag::sort_diagnostics(&mut diagnostics);
    let errors = diagnostics
        .iter()
        .map(|d| {
            let lc = d.line_col().unwrap_or(aps_diag::LineCol { line: 1, column: 1 });
            GraphError {
                code: d.rule.code,
                severity: d.severity.as_str(),
                message: d.message.clone(),
                line: lc.line,
                column: lc.column,
            }
        })
        .collect();
    let mut references = b.references;
    references.sort_by_key(|r| r.offset);
    Graph {
        version: 1,
        file: file.path().to_string(),
        nodes: b.nodes,
        edges: b.edges,
        references,
        cycles,
        errors,
        diagnostics,
    }
}

impl Graph {
    /// Any reference error (dangling, cycle, ambiguous id) at error severity.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == aps_diag::Severity::Error)
    }

    /// The documented JSON shape, pretty-printed, with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }

    fn node_map(&self) -> HashMap<&str, &Node> {
        self.nodes.iter().map(|n| (n.id.as_str(), n)).collect()
    }

    fn edges_by_source(&self) -> HashMap<&str, Vec<&Edge>> {
        let mut map: HashMap<&str, Vec<&Edge>> = HashMap::new();
        for e in &self.edges {
            map.entry(e.from.as_str()).or_default().push(e);
        }
        map
    }

    /// Graphviz DOT.
    pub fn to_dot(&self) -> String {
        let nodes = self.node_map();
        let mut out = String::from("digraph wizard {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
        // Every resource type names the platform application (`app_id`):
        // drawing it would only add one arrow per resource type.
        for n in self.nodes.iter().filter(|n| n.kind != "platform-application") {
            let style = match n.kind {
                "service-template" => "shape=folder",
                "resource-type" => "shape=box",
                "wizard-resource" => "shape=box, style=rounded",
                "application-instance" | "platform-application" => "shape=ellipse, style=bold",
                "service" => "shape=component",
                "aps-type" => "shape=note",
                "counter" => "shape=cds",
                "aps-resource" => "shape=ellipse, style=dashed",
                _ => "shape=box, style=dashed, color=red, fontcolor=red",
            };
            out.push_str(&format!("  {} [label={}, {style}];\n", dot_quote(&n.id), dot_quote(&n.label)));
        }
        for e in self.edges.iter().filter(|e| e.kind != "application") {
            let dangling = nodes.get(e.to.as_str()).is_some_and(|n| n.kind == "missing");
            let mut attrs = Vec::new();
            match (&e.label, e.kind) {
                (Some(l), _) => attrs.push(format!("label={}", dot_quote(l))),
                (None, k) if k != "includes" => attrs.push(format!("label={}", dot_quote(k))),
                _ => {}
            }
            if dangling {
                attrs.push("color=red, fontcolor=red, style=dashed".into());
            }
            let attrs = if attrs.is_empty() { String::new() } else { format!(" [{}]", attrs.join(", ")) };
            out.push_str(&format!("  {} -> {}{attrs};\n", dot_quote(&e.from), dot_quote(&e.to)));
        }
        out.push_str("}\n");
        out
    }

    /// A readable outline: the template, each resource type with what it
    /// provisions, the wizard resources with their relations, a summary.
    pub fn to_text(&self) -> String {
        let mut out = format!("wizard data {}\n", self.file);
        let nodes = self.node_map();
        let edges = self.edges_by_source();
        let no_edges = Vec::new();
        let by_from = |from: &str| edges.get(from).unwrap_or(&no_edges);
        let label_of = |id: &str| nodes.get(id).map(|n| n.label.clone()).unwrap_or_else(|| id.to_string());
        let details = |id: &str| nodes.get(id).map(|n| details(n)).unwrap_or_default();
        for n in self.nodes.iter().filter(|n| n.kind == "service-template") {
            out.push_str(&format!("\n{}\n", n.label));
            for e in by_from(&n.id) {
                let limit = e.label.as_deref().map(|l| format!("  ({l})")).unwrap_or_default();
                out.push_str(&format!("  includes {}{limit}\n", label_of(&e.to)));
            }
        }
        let rts: Vec<&Node> = self.nodes.iter().filter(|n| n.kind == "resource-type").collect();
        if !rts.is_empty() {
            out.push_str("\nresource types\n");
        }
        for n in rts {
            let mut tags = Vec::new();
            if let Some(c) = n.attrs.get("resClass").and_then(|v| v.as_str()) {
                tags.push(c.to_string());
            }
            if n.attrs.get("required") == Some(&serde_json::Value::Bool(true)) {
                tags.push("required".into());
            }
            if n.attrs.get("autoprovide") == Some(&serde_json::Value::Bool(true)) {
                tags.push("auto-provisioned".into());
            }
            out.push_str(&format!("  {} [{}]\n", n.label, tags.join(", ")));
            // Every resource type names the platform application: not worth a line each.
            for e in by_from(&n.id).iter().filter(|e| e.kind != "application") {
                out.push_str(&format!("    {} -> {}{}\n", e.kind, label_of(&e.to), details(&e.to)));
            }
        }
        let resources: Vec<&Node> = self.nodes.iter().filter(|n| n.kind == "wizard-resource").collect();
        if !resources.is_empty() {
            out.push_str("\nwizard resources\n");
        }
        for n in resources {
            out.push_str(&format!("  {}\n", n.label));
            for e in by_from(&n.id) {
                let kind = match (&e.label, e.kind) {
                    (Some(l), "relation") => format!("relation `{l}`"),
                    (_, k) => k.to_string(),
                };
                out.push_str(&format!("    {kind} -> {}\n", label_of(&e.to)));
            }
        }
        let count = |s: Status| self.references.iter().filter(|r| r.status == s).count();
        out.push_str(&format!(
            "\nreferences: {} ({} resolved, {} dangling, {} external, {} unchecked)\n",
            self.references.len(),
            count(Status::Resolved),
            count(Status::Dangling),
            count(Status::External),
            count(Status::Unchecked)
        ));
        for c in &self.cycles {
            let mut chain: Vec<String> = c.iter().map(|id| label_of(id)).collect();
            if let Some(first) = chain.first().cloned() {
                chain.push(first);
            }
            out.push_str(&format!("cycle: {}\n", chain.join(" -> ")));
        }
        for e in &self.errors {
            out.push_str(&format!(
                "{}[{}] {}:{}:{}: {}\n",
                e.severity, e.code, self.file, e.line, e.column, e.message
            ));
        }
        out
    }
}

/// `  (type …)` or `  (#Counter, unit …, declared in …)` for a node with interesting attributes.
fn details(n: &Node) -> String {
    let attr = |key: &str| n.attrs.get(key).and_then(|v| v.as_str());
    let mut parts = Vec::new();
    if let Some(kind) = attr("counter") {
        parts.push(format!("#{kind}"));
    }
    if let Some(unit) = attr("unit") {
        parts.push(format!("unit {unit}"));
    }
    if let Some(t) = attr("declaredIn") {
        parts.push(format!("declared in {t}"));
    }
    if let Some(t) = attr("type") {
        parts.push(format!("type {t}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("  ({})", parts.join(", "))
    }
}

/// A DOT double-quoted string.
fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
