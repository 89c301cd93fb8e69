//! The generator: walks the type classes of the scripts, their properties (own,
//! then inherited), operations and the structure classes they use, and builds
//! each `.schema.gen` as an [`output::TypeDoc`]. Every finding on the way goes
//! through [`Checker`].

use super::output::{
    self, Items, OperationDoc, Ordered, ParameterDoc, PropertyDoc, RelationDoc, ResponseDoc, StructureDoc,
    TypeDoc, Typed,
};
use super::validate::{Checker, LinkCheck, Place};
use super::{pointer_segment, ClassSchema, Generation, Origin, Script};
use crate::annotations::{self as names};
use crate::docblock::{annotations, Annotation};
use crate::reader::{ClassKind, PhpClass, PhpMethod, PhpProperty};
use crate::rules::Expected;
use crate::value::Constant;
use aps_diag::{SourceFile, Span};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub(super) struct Generator<'a> {
    pub scripts: &'a [Script],
    pub check: Checker,
    pub own_ids: HashSet<String>,
    /// Classes by lower-case short name (PHP class names are case-insensitive).
    pub by_name: HashMap<String, Vec<(usize, usize)>>,
}

/// A structure class reached from a type, with its generated schema.
struct FoundStructure {
    script: usize,
    class: usize,
    name: String,
    value: StructureDoc,
}

struct PropRef<'a> {
    prop: &'a PhpProperty,
    /// Index of the script that declares it (for a parent class in another file).
    doc_file: usize,
}

impl<'a> Generator<'a> {
    pub fn run(&mut self, is_known_type: &dyn Fn(&str) -> bool) -> Generation {
        self.check.syntax(self.scripts);
        // Type classes first, so links between the package's own types resolve.
        let mut type_classes: Vec<(usize, usize, Annotation)> = Vec::new();
        for (si, s) in self.scripts.iter().enumerate() {
            for (ci, c) in s.php.classes.iter().enumerate() {
                if c.kind != ClassKind::Class {
                    continue;
                }
                let Some(doc) = c.doc else { continue };
                let anns = annotations(s.file.text(), doc);
                if let Some(t) = anns.iter().find(|a| a.name == "type" && a.args.is_some()) {
                    if let Some(id) = t.arg(0).filter(|a| !a.value.trim().is_empty()) {
                        self.own_ids.insert(id.value.trim().to_string());
                    }
                    type_classes.push((si, ci, t.clone()));
                }
            }
        }
        let mut types = Vec::new();
        let mut seen_ids: HashMap<String, (Arc<SourceFile>, Span)> = HashMap::new();
        let mut link_checks: Vec<LinkCheck> = Vec::new();
        let scripts = self.scripts;
        for (si, ci, type_ann) in &type_classes {
            let class = &scripts[*si].php.classes[*ci];
            let Some(ts) = self.type_schema(*si, class, type_ann, &mut link_checks) else { continue };
            if let Some((first_file, first_span)) = seen_ids.get(&ts.id) {
                self.check.duplicate_type_id(
                    &ts.id,
                    &ts.class_name,
                    (&ts.file, ts.id_span),
                    (first_file, *first_span),
                );
            } else {
                seen_ids.insert(ts.id.clone(), (ts.file.clone(), ts.id_span));
            }
            types.push(ts);
        }
        // Every type of the package is known now: check the links.
        self.check.links(link_checks, &self.own_ids, is_known_type);
        Generation { types, diagnostics: std::mem::take(&mut self.check.diags) }
    }

    fn type_schema(
        &mut self,
        si: usize,
        class: &'a PhpClass,
        type_ann: &Annotation,
        link_checks: &mut Vec<LinkCheck>,
    ) -> Option<ClassSchema> {
        let scripts: &'a [Script] = self.scripts;
        let file = &scripts[si].file;
        let text = file.text();
        let class_anns = class.doc.map(|d| annotations(text, d)).unwrap_or_default();
        self.check.annotations(file, &class_anns, Place::Class);
        if !self.check.usable(file, type_ann) {
            return None;
        }
        let id_arg = match type_ann.arg(0) {
            Some(a) if !a.value.trim().is_empty() && type_ann.arg_count() == 1 => a.clone(),
            _ => {
                self.check.malformed(file, type_ann, Expected::ClassTypeId);
                return None;
            }
        };
        let implements: Vec<String> = class_anns
            .iter()
            .filter(|a| a.name == "implements" && a.args.is_some() && self.check.usable(file, a))
            .flat_map(|a| a.args.iter().flatten().map(|x| x.value.trim().to_string()))
            .collect();
        let mut doc = TypeDoc {
            aps_version: "2.0",
            name: class.name.clone(),
            id: id_arg.value.trim().to_string(),
            implements,
            properties: Ordered::new(),
            operations: Ordered::new(),
            structures: Ordered::new(),
            relations: Ordered::new(),
            access: None,
        };

        let mut origins = vec![
            Origin { pointer: String::new(), file: file.clone(), span: class.name_span },
            Origin { pointer: "/id".into(), file: file.clone(), span: id_arg.span },
        ];
        for a in class_anns.iter().filter(|a| a.name == "implements") {
            origins.push(Origin { pointer: "/implements".into(), file: file.clone(), span: a.span });
        }
        let mut structure_refs: Vec<(String, Span)> = Vec::new();
        for prop in self.all_properties(si, class) {
            if prop.prop.is_static {
                continue;
            }
            let pfile = &scripts[prop.doc_file].file;
            let anns = prop.prop.doc.map(|d| annotations(pfile.text(), d)).unwrap_or_default();
            self.check.annotations(pfile, &anns, Place::Property);
            if let Some(link) = anns.iter().find(|a| a.name == "link" && a.args.is_some()) {
                if let Some(rel) = self.relation(pfile, link, &anns, link_checks) {
                    let at = format!("/relations/{}", pointer_segment(&prop.prop.name));
                    origins.push(Origin {
                        pointer: at.clone(),
                        file: pfile.clone(),
                        span: prop.prop.name_span,
                    });
                    let link_span = link.arg(0).map_or(link.span, |a| a.span);
                    origins.push(Origin {
                        pointer: format!("{at}/type"),
                        file: pfile.clone(),
                        span: link_span,
                    });
                    doc.relations.insert(prop.prop.name.clone(), rel);
                }
            } else if let Some(v) = self.property(pfile, prop.prop, &anns, &mut structure_refs) {
                let at = format!("/properties/{}", pointer_segment(&prop.prop.name));
                origins.push(Origin { pointer: at.clone(), file: pfile.clone(), span: prop.prop.name_span });
                if let Some(t) = anns.iter().find(|a| a.name == "type") {
                    origins.push(Origin { pointer: format!("{at}/type"), file: pfile.clone(), span: t.span });
                }
                doc.properties.insert(prop.prop.name.clone(), v);
            }
        }
        for m in &class.methods {
            let anns = m.doc.map(|d| annotations(text, d)).unwrap_or_default();
            self.check.annotations(file, &anns, Place::Method);
            if let Some(op) = self.operation(file, m, &anns, &mut structure_refs) {
                let at = format!("/operations/{}", pointer_segment(&m.name));
                origins.push(Origin { pointer: at, file: file.clone(), span: m.name_span });
                doc.operations.insert(m.name.clone(), op);
            }
        }
        doc.structures = self.structures(si, class, structure_refs);
        doc.access = self.access(file, &class_anns);
        Some(ClassSchema {
            file: file.clone(),
            class_name: class.name.clone(),
            class_span: class.name_span,
            id: doc.id.clone(),
            id_span: id_arg.span,
            // Plain data with string keys: serialising it cannot fail.
            value: serde_json::to_value(&doc).unwrap_or(Value::Null),
            origins,
        })
    }

    /// The class's properties, then those of its parent classes found in the
    /// scripts (PHP reflection lists a class's own properties first).
    fn all_properties(&self, si: usize, class: &'a PhpClass) -> Vec<PropRef<'a>> {
        let mut out: Vec<PropRef<'a>> = Vec::new();
        let mut names: HashSet<&str> = HashSet::new();
        let mut current = Some((si, class));
        let mut visited = 0;
        while let Some((ci, c)) = current {
            visited += 1;
            for p in &c.properties {
                if names.insert(p.name.as_str()) {
                    out.push(PropRef { prop: p, doc_file: ci });
                }
            }
            current = match c.extends_short() {
                Some(parent) if visited < 16 && !parent.eq_ignore_ascii_case("ResourceBase") => {
                    self.find_class(ci, parent)
                }
                _ => None,
            };
        }
        out
    }

    /// A class by (case-insensitive, as in PHP) short name: same script first.
    fn find_class(&self, prefer: usize, name: &str) -> Option<(usize, &'a PhpClass)> {
        let (si, ci) = self.find_class_index(prefer, name)?;
        let scripts: &'a [Script] = self.scripts;
        Some((si, &scripts[si].php.classes[ci]))
    }

    fn find_class_index(&self, prefer: usize, name: &str) -> Option<(usize, usize)> {
        let short = name.rsplit('\\').next().unwrap_or(name).to_ascii_lowercase();
        let found = self.by_name.get(&short)?;
        found.iter().find(|(si, _)| *si == prefer).or_else(|| found.first()).copied()
    }

    fn relation(
        &mut self,
        file: &Arc<SourceFile>,
        link: &Annotation,
        anns: &[Annotation],
        link_checks: &mut Vec<LinkCheck>,
    ) -> Option<RelationDoc> {
        let raw = self.check.one_arg(file, link)?;
        let raw = raw.trim();
        if raw.is_empty() {
            self.check.malformed(file, link, Expected::NonEmptyTypeId);
            return None;
        }
        let (id, collection) = match raw.strip_suffix("[]") {
            Some(id) => (id.trim_end(), true),
            None => (raw, false),
        };
        let required = has_flag(anns, "required");
        if let Some(arg) = link.arg(0) {
            link_checks.push(LinkCheck { file: file.clone(), span: arg.span, id: id.to_string(), required });
        }
        let mut allocate = None;
        for a in anns.iter().filter(|a| a.name == "allocate" && a.args.is_some()) {
            if let Some(v) = self.check.one_arg(file, a) {
                allocate = Some(v);
            }
        }
        self.check.relation_extras(file, anns);
        Some(RelationDoc { type_id: id.to_string(), required, collection, allocate })
    }

    /// The last usable one-argument annotation `name`, if any.
    fn last_arg(&mut self, file: &Arc<SourceFile>, anns: &[Annotation], name: &str) -> Option<String> {
        let mut value = None;
        for a in anns.iter().filter(|a| a.name == name && a.args.is_some()) {
            if let Some(v) = self.check.one_arg(file, a) {
                value = Some(v);
            }
        }
        value
    }

    fn property(
        &mut self,
        file: &Arc<SourceFile>,
        prop: &PhpProperty,
        anns: &[Annotation],
        structure_refs: &mut Vec<(String, Span)>,
    ) -> Option<PropertyDoc> {
        let Some(type_ann) = anns.iter().find(|a| a.name == "type" && a.args.is_some()) else {
            self.check.untyped_property(file, prop, anns);
            return None;
        };
        let type_name = self.check.one_arg(file, type_ann)?;
        let type_name = type_name.trim();
        if type_name.is_empty() {
            self.check.malformed(file, type_ann, Expected::NonEmptyType);
            return None;
        }
        let type_span = type_ann.arg(0).map_or(type_ann.span, |a| a.span);
        let mut p = PropertyDoc {
            typed: self.typed(file, type_name, type_span, structure_refs),
            required: has_flag(anns, "required"),
            readonly: has_flag(anns, "readonly"),
            is_final: has_flag(anns, "final"),
            default: match &prop.default {
                Some(Constant::Value(v)) if !v.is_null() => Some(v.clone()),
                _ => None,
            },
            encrypted: has_flag(anns, "encrypted"),
            ..PropertyDoc::default()
        };
        p.format = self.last_arg(file, anns, "format");
        p.pattern = self.last_arg(file, anns, "pattern");
        p.title = self.last_arg(file, anns, "title");
        p.description = self.last_arg(file, anns, "description");
        let mut values = Vec::new();
        let mut titles = Vec::new();
        for a in anns.iter().filter(|a| a.name == "option" && a.args.is_some()) {
            if !self.check.usable(file, a) {
                continue;
            }
            match (a.arg(0), a.arg(1), a.arg_count()) {
                (Some(v), t, 1 | 2) => {
                    values.push(option_value(type_name, &v.value, v.quoted));
                    titles.push(t.map(|t| t.value.clone()));
                }
                _ => self.check.malformed(file, a, Expected::ValueAndTitle { found: a.arg_count() }),
            }
        }
        if !values.is_empty() {
            if titles.iter().any(Option::is_some) {
                p.enum_titles = Some(
                    titles
                        .into_iter()
                        .zip(&values)
                        .map(|(t, v)| t.unwrap_or_else(|| scalar_text(v)))
                        .collect(),
                );
            }
            p.values = Some(values);
        }
        p.unit = self.last_arg(file, anns, "unit");
        p.headline = has_flag(anns, "headline");
        p.access = self.access(file, anns);
        Some(p)
    }

    /// `type` (and `items` for `T[]`) of a property, parameter or response.
    fn typed(
        &mut self,
        file: &Arc<SourceFile>,
        type_name: &str,
        span: Span,
        structure_refs: &mut Vec<(String, Span)>,
    ) -> Typed {
        self.check_type_name(file, type_name, span, structure_refs);
        match type_name.strip_suffix("[]") {
            Some(item) => Typed {
                type_name: "array".into(),
                items: Some(Items { type_name: item.trim_end().to_string() }),
            },
            None => Typed { type_name: type_name.to_string(), items: None },
        }
    }

    /// Classes named as types are structures; other names are checked.
    fn check_type_name(
        &mut self,
        file: &Arc<SourceFile>,
        type_name: &str,
        span: Span,
        structure_refs: &mut Vec<(String, Span)>,
    ) {
        let base = type_name.trim_end_matches("[]").trim();
        if names::PRIMITIVES.contains(&base) || base.contains(':') || base.contains('/') {
            return;
        }
        let is_class = self.find_class(usize::MAX, base).is_some();
        let scripts = self.scripts;
        let class_names = || -> Vec<String> {
            scripts.iter().flat_map(|s| s.php.classes.iter().map(|c| c.name.clone())).collect()
        };
        self.check.type_name(file, base, span, is_class, &class_names);
        if is_class {
            structure_refs.push((base.to_string(), span));
        }
    }

    fn access(&mut self, file: &Arc<SourceFile>, anns: &[Annotation]) -> Option<Ordered<bool>> {
        let mut access = Ordered::new();
        for a in anns.iter().filter(|a| a.name == "access" && a.args.is_some()) {
            if let Some((role, value)) = self.check.access(file, a) {
                access.insert(role.to_string(), value);
            }
        }
        (!access.is_empty()).then_some(access)
    }

    fn operation(
        &mut self,
        file: &Arc<SourceFile>,
        m: &PhpMethod,
        anns: &[Annotation],
        structure_refs: &mut Vec<(String, Span)>,
    ) -> Option<OperationDoc> {
        let Some(verb_ann) = anns.iter().find(|a| a.name == "verb" && a.args.is_some()) else {
            self.check.no_verb(file, m, anns);
            return None;
        };
        let verb = self.check.one_arg(file, verb_ann)?;
        self.check.verb(file, &verb, verb_ann);
        let path = anns
            .iter()
            .filter(|a| a.name == "path" && a.args.is_some())
            .filter_map(|a| self.check.one_arg(file, a))
            .next_back();
        let path = match path {
            Some(p) => p,
            None => {
                let fallback = format!("/{}", m.name);
                self.check.no_path(file, m, verb_ann, &fallback);
                fallback
            }
        };
        let mut op = OperationDoc {
            verb,
            path,
            is_static: m.is_static,
            response: None,
            parameters: Ordered::new(),
            access: None,
        };
        for a in anns.iter().filter(|a| a.name == "return" && a.args.is_some()) {
            if !self.check.usable(file, a) {
                continue;
            }
            let (Some(t), 1 | 2) = (a.arg(0), a.arg_count()) else {
                self.check.malformed(file, a, Expected::ReturnType);
                continue;
            };
            let typed = self.typed(file, t.value.trim(), t.span, structure_refs);
            op.response = Some(ResponseDoc {
                content_type: a.arg(1).map(|c| c.value.clone()),
                type_name: typed.type_name,
                items: typed.items,
            });
        }
        let mut index = 0;
        for a in anns.iter().filter(|a| a.name == "param" && a.args.is_some()) {
            if !self.check.usable(file, a) {
                continue;
            }
            if a.arg_count() == 0 {
                // `@param()`: documents an operation without parameters.
                continue;
            }
            let (Some(t), 1 | 2) = (a.arg(0), a.arg_count()) else {
                self.check.malformed(file, a, Expected::ParamTypeAndKind);
                continue;
            };
            let Some(php) = m.params.get(index) else {
                self.check.param_without_php(file, a, index, m);
                index += 1;
                continue;
            };
            index += 1;
            let kind = a.arg(1).map(|k| k.value.clone()).unwrap_or_else(|| "body".into());
            self.check.param_kind(file, a);
            let typed = self.typed(file, t.value.trim(), t.span, structure_refs);
            op.parameters.insert(php.name.clone(), ParameterDoc { typed, required: !php.has_default, kind });
        }
        self.check.params_without_annotation(file, m, m.params.get(index..).unwrap_or_default());
        op.access = self.access(file, anns);
        Some(op)
    }

    /// Structure classes named by the type's `@type`s (and by theirs), and
    /// classes of the script that extend the runtime's `Structure`. Official
    /// output lists them in the order PHP declares the classes, not in the
    /// order they are used; classes of other scripts (required first) come
    /// before those of the type's own script.
    fn structures(
        &mut self,
        si: usize,
        class: &PhpClass,
        refs: Vec<(String, Span)>,
    ) -> Ordered<StructureDoc> {
        let scripts: &'a [Script] = self.scripts;
        let script = &scripts[si];
        let mut found: Vec<FoundStructure> = Vec::new();
        let mut visiting: HashSet<String> = HashSet::new();
        visiting.insert(class.name.to_ascii_lowercase());
        for (name, _) in refs {
            self.structure(si, &name, &mut found, &mut visiting);
        }
        let extra = script
            .php
            .classes
            .iter()
            .filter(|c| c.extends_short().is_some_and(|e| e.eq_ignore_ascii_case("Structure")));
        for c in extra {
            self.structure(si, &c.name, &mut found, &mut visiting);
        }
        found.sort_by_key(|f| (f.script == si, f.script, f.class));
        found.into_iter().map(|f| (f.name, f.value)).collect()
    }

    fn structure(
        &mut self,
        prefer: usize,
        name: &str,
        found: &mut Vec<FoundStructure>,
        visiting: &mut HashSet<String>,
    ) {
        // The depth bound keeps a hostile chain of structure classes off the stack.
        if visiting.len() > 64 || !visiting.insert(name.to_ascii_lowercase()) {
            return;
        }
        let Some((si, ci)) = self.find_class_index(prefer, name) else { return };
        let scripts: &'a [Script] = self.scripts;
        let class = &scripts[si].php.classes[ci];
        if found.iter().any(|f| f.script == si && f.class == ci) {
            return;
        }
        let file = &scripts[si].file;
        let mut nested = Vec::new();
        let mut properties = Ordered::new();
        for prop in &class.properties {
            if prop.is_static {
                continue;
            }
            let anns = prop.doc.map(|d| annotations(file.text(), d)).unwrap_or_default();
            self.check.annotations(file, &anns, Place::Property);
            if let Some(v) = self.property(file, prop, &anns, &mut nested) {
                properties.insert(prop.name.clone(), v);
            }
        }
        found.push(FoundStructure {
            script: si,
            class: ci,
            name: class.name.clone(),
            value: output::StructureDoc { type_name: "object", properties },
        });
        for (n, _) in nested {
            self.structure(si, &n, found, visiting);
        }
    }
}

fn has_flag(anns: &[Annotation], name: &str) -> bool {
    anns.iter().any(|a| a.name == name && a.malformed.is_none())
}

/// An `@option` value, typed after the property (`integer` options are numbers).
fn option_value(type_name: &str, raw: &str, quoted: bool) -> Value {
    if !quoted {
        match type_name {
            "integer" => {
                if let Ok(i) = raw.parse::<i64>() {
                    return i.into();
                }
            }
            "number" => {
                if let Some(n) = raw.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                    return Value::Number(n);
                }
            }
            "boolean" => match raw {
                "true" => return true.into(),
                "false" => return false.into(),
                _ => {}
            },
            _ => {}
        }
    }
    Value::String(raw.to_string())
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
