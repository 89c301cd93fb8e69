//! The type registry: a package's types plus the standard APS types, with
//! inheritance (`implements`) resolved and version-compatible lookup.

use crate::rules::duplicate_type_id::DuplicateTypeId;
use crate::rules::implements_cycle::ImplementsCycle;
use crate::schema::{Operation, Property, Relation, Structure, TypeSchema};
use crate::typeid::{split_structure, TypeId, CORE_APPLICATION, CORE_RESOURCE};
use aps_diag::{Diagnostic, Violation};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where a registered type comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeOrigin {
    /// Embedded standard type (`schemas/aps-types/`).
    Standard,
    /// A schema file of the package, served by this service (if any).
    Package { service: Option<String> },
    /// Generated (e.g. from PHP annotations) for this service.
    Generated { service: String },
}

#[derive(Debug, Clone)]
pub struct RegisteredType {
    pub schema: Arc<TypeSchema>,
    pub origin: TypeOrigin,
}

impl RegisteredType {
    pub fn id(&self) -> &str {
        self.schema.id_str()
    }
    pub fn is_standard(&self) -> bool {
        self.origin == TypeOrigin::Standard
    }
    /// The service serving this type, for package and generated types.
    pub fn service(&self) -> Option<&str> {
        match &self.origin {
            TypeOrigin::Standard => None,
            TypeOrigin::Package { service } => service.as_deref(),
            TypeOrigin::Generated { service } => Some(service),
        }
    }
}

/// Kind of counter property (`…/core/resource/1.0#Counter` etc.).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CounterKind {
    Counter,
    Limit,
    Usage,
}

impl CounterKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CounterKind::Counter => "Counter",
            CounterKind::Limit => "Limit",
            CounterKind::Usage => "Usage",
        }
    }
    /// The counter kind named by a property type, if it is one.
    pub fn of_type(ty: &str) -> Option<CounterKind> {
        let (t, s) = split_structure(ty);
        let t = TypeId::parse(t)?;
        let core = TypeId::parse(CORE_RESOURCE)?;
        if !t.same_major(&core) {
            return None;
        }
        Some(match s? {
            "Counter" => CounterKind::Counter,
            "Limit" => CounterKind::Limit,
            "Usage" => CounterKind::Usage,
            _ => return None,
        })
    }
}

/// A counter property found on a type (through inheritance).
#[derive(Debug, Clone)]
pub struct Counter<'a> {
    pub property: &'a Property,
    pub declared_in: &'a RegisteredType,
    pub kind: CounterKind,
    pub unit: Option<&'a str>,
}

/// A property, relation, operation or structure found through inheritance,
/// with the type that declares it.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a, T> {
    pub item: &'a T,
    pub declared_in: &'a RegisteredType,
}

/// A resolved `type-id#Structure` reference.
#[derive(Debug, Clone, Copy)]
pub struct StructureRef<'a> {
    pub structure: &'a Structure,
    pub declared_in: &'a RegisteredType,
}

/// The registry. Cheap to clone (schemas are shared).
#[derive(Debug, Clone, Default)]
pub struct TypeRegistry {
    types: Vec<RegisteredType>,
    by_id: HashMap<String, usize>,
    /// (base, major) → indices, for compatible lookup.
    by_base: HashMap<(String, u32), Vec<usize>>,
    /// service id → index of the type it serves.
    by_service: HashMap<String, usize>,
}

impl TypeRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// A registry holding the embedded standard types.
    pub fn with_standard_types() -> Self {
        crate::standard::standard_registry().clone()
    }

    /// Register a type. A duplicate id is refused with a diagnostic that shows both places.
    pub fn add(&mut self, schema: Arc<TypeSchema>, origin: TypeOrigin) -> Result<(), Box<Diagnostic>> {
        let Some(id) = schema.id.clone() else {
            // Reported by the schema parser; keep the type out of id lookups.
            self.index_service(&origin);
            self.types.push(RegisteredType { schema, origin });
            return Ok(());
        };
        if let Some(&i) = self.by_id.get(&id.value) {
            let other = &self.types[i];
            let standard = matches!(other.origin, TypeOrigin::Standard);
            let d = DuplicateTypeId { id: &id.value, standard }
                .diagnostic()
                .at(&schema.file, id.span)
                .with_label("declared again here");
            let d = match (&other.origin, &other.schema.id) {
                (TypeOrigin::Standard, _) => d,
                (_, Some(first)) => d.with_secondary(&other.schema.file, first.span, "first declared here"),
                // Only types with an id are in `by_id`.
                _ => d,
            };
            return Err(Box::new(d));
        }
        let idx = self.types.len();
        self.by_id.insert(id.value.clone(), idx);
        if let Some(t) = &schema.type_id {
            self.by_base.entry((t.base.clone(), t.major)).or_default().push(idx);
        }
        self.index_service(&origin);
        self.types.push(RegisteredType { schema, origin });
        Ok(())
    }

    /// Index the type about to be pushed by the service serving it (the first one wins).
    fn index_service(&mut self, origin: &TypeOrigin) {
        let service = match origin {
            TypeOrigin::Package { service: Some(s) } | TypeOrigin::Generated { service: s } => s,
            _ => return,
        };
        self.by_service.entry(service.clone()).or_insert(self.types.len());
    }

    pub fn iter(&self) -> impl Iterator<Item = &RegisteredType> {
        self.types.iter()
    }

    /// Non-standard types.
    pub fn package_types(&self) -> impl Iterator<Item = &RegisteredType> {
        self.types.iter().filter(|t| !t.is_standard())
    }

    pub fn len(&self) -> usize {
        self.types.len()
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Exactly this id.
    pub fn get_exact(&self, id: &str) -> Option<&RegisteredType> {
        self.by_id.get(id.trim()).map(|&i| &self.types[i])
    }

    /// The type a reference to `id` resolves to: the exact id, else the
    /// highest minor version of the same base and major that is at least the
    /// wanted one (`…/globals/2.0` → `…/globals/2.4`; `/1.x` never satisfies `/2.0`).
    /// A `#Structure` suffix is ignored.
    pub fn resolve(&self, id: &str) -> Option<&RegisteredType> {
        let (id, _) = split_structure(id.trim());
        if let Some(t) = self.get_exact(id) {
            return Some(t);
        }
        let want = TypeId::parse(id)?;
        self.by_base
            .get(&(want.base.clone(), want.major))?
            .iter()
            .map(|&i| &self.types[i])
            .filter(|t| t.schema.type_id.as_ref().is_some_and(|have| have.satisfies(&want)))
            .max_by_key(|t| t.schema.type_id.as_ref().map_or(0, |t| t.minor))
    }

    /// Versions of the same base that exist but do not satisfy `id` (for messages).
    pub fn other_versions(&self, id: &str) -> Vec<&RegisteredType> {
        let (id, _) = split_structure(id.trim());
        let Some(want) = TypeId::parse(id) else { return Vec::new() };
        let mut v: Vec<&RegisteredType> = self
            .types
            .iter()
            .filter(|t| t.schema.type_id.as_ref().is_some_and(|h| h.base == want.base && !h.satisfies(&want)))
            .collect();
        v.sort_by(|a, b| a.id().cmp(b.id()));
        v
    }

    /// `t` followed by every type it implements, transitively, breadth first,
    /// each once (cycles are cut; [`TypeRegistry::check`] reports them).
    pub fn ancestors<'a>(&'a self, t: &'a RegisteredType) -> Vec<&'a RegisteredType> {
        let mut out = vec![t];
        let mut seen: HashSet<*const TypeSchema> = HashSet::from([Arc::as_ptr(&t.schema)]);
        let mut i = 0;
        while i < out.len() {
            let cur = out[i];
            for imp in &cur.schema.implements {
                if let Some(parent) = self.resolve(&imp.value) {
                    if seen.insert(Arc::as_ptr(&parent.schema)) {
                        out.push(parent);
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// Does the type `ty` (resolved) implement `other` (directly, transitively,
    /// or by being a compatible version of it)?
    pub fn implements(&self, ty: &str, other: &str) -> bool {
        let Some(t) = self.resolve(ty) else { return false };
        self.type_implements(t, other)
    }

    /// [`TypeRegistry::implements`] for an already resolved type.
    pub fn type_implements(&self, t: &RegisteredType, other: &str) -> bool {
        let want = TypeId::parse(other);
        self.ancestors(t).iter().any(|a| {
            a.id() == other
                || match (&a.schema.type_id, &want) {
                    (Some(have), Some(want)) => have.satisfies(want),
                    _ => false,
                }
                || a.schema.implements.iter().any(|i| {
                    i.value == other
                        || matches!((TypeId::parse(&i.value), &want), (Some(h), Some(w)) if h.satisfies(w))
                })
        })
    }

    /// Package types (not standard ones) implementing `core/application/1.0`.
    pub fn root_types(&self) -> Vec<&RegisteredType> {
        self.package_types().filter(|t| self.type_implements(t, CORE_APPLICATION)).collect()
    }

    /// The type served by a service (package or generated).
    pub fn type_of_service(&self, service_id: &str) -> Option<&RegisteredType> {
        self.by_service.get(service_id).map(|&i| &self.types[i])
    }

    /// A property of `ty` or of a type it implements, with the declaring type.
    pub fn find_property(&self, ty: &str, name: &str) -> Option<Found<'_, Property>> {
        let t = self.resolve(ty)?;
        self.ancestors(t)
            .into_iter()
            .find_map(|a| a.schema.property(name).map(|item| Found { item, declared_in: a }))
    }

    pub fn find_relation(&self, ty: &str, name: &str) -> Option<Found<'_, Relation>> {
        let t = self.resolve(ty)?;
        self.ancestors(t)
            .into_iter()
            .find_map(|a| a.schema.relation(name).map(|item| Found { item, declared_in: a }))
    }

    pub fn find_operation(&self, ty: &str, name: &str) -> Option<Found<'_, Operation>> {
        let t = self.resolve(ty)?;
        self.ancestors(t)
            .into_iter()
            .find_map(|a| a.schema.operation(name).map(|item| Found { item, declared_in: a }))
    }

    pub fn find_structure(&self, ty: &str, name: &str) -> Option<Found<'_, Structure>> {
        let t = self.resolve(ty)?;
        self.ancestors(t)
            .into_iter()
            .find_map(|a| a.schema.structure(name).map(|item| Found { item, declared_in: a }))
    }

    /// Every property of `ty` including inherited ones; a property declared
    /// again lower in the hierarchy hides the inherited one.
    pub fn all_properties(&self, ty: &str) -> Vec<Found<'_, Property>> {
        let Some(t) = self.resolve(ty) else { return Vec::new() };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for a in self.ancestors(t) {
            for p in &a.schema.properties {
                if seen.insert(p.name.value.as_str()) {
                    out.push(Found { item: p, declared_in: a });
                }
            }
        }
        out
    }

    /// Every relation of `ty` including inherited ones.
    pub fn all_relations(&self, ty: &str) -> Vec<Found<'_, Relation>> {
        let Some(t) = self.resolve(ty) else { return Vec::new() };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for a in self.ancestors(t) {
            for r in &a.schema.relations {
                if seen.insert(r.name.value.as_str()) {
                    out.push(Found { item: r, declared_in: a });
                }
            }
        }
        out
    }

    /// The relation's target type, when it resolves.
    pub fn relation_target(&self, relation: &Relation) -> Option<&RegisteredType> {
        self.resolve(relation.ty.as_ref()?.value.as_str())
    }

    /// Resolve `type-id#Structure`.
    pub fn resolve_structure_ref(&self, reference: &str) -> Option<StructureRef<'_>> {
        let (ty, name) = split_structure(reference.trim());
        let found = self.find_structure(ty, name?)?;
        Some(StructureRef { structure: found.item, declared_in: found.declared_in })
    }

    /// Counter properties (`#Counter`, `#Limit`, `#Usage`) of `ty`, inherited ones included.
    pub fn counters(&self, ty: &str) -> Vec<Counter<'_>> {
        self.all_properties(ty)
            .into_iter()
            .filter_map(|f| {
                let kind = CounterKind::of_type(f.item.type_name()?)?;
                Some(Counter {
                    property: f.item,
                    declared_in: f.declared_in,
                    kind,
                    unit: f.item.unit.as_ref().map(|u| u.value.as_str()),
                })
            })
            .collect()
    }

    /// Report cycles in `implements` among package types, once per cycle,
    /// at the reference that closes it. One depth-first pass: linear in the
    /// number of types and references.
    pub fn check(&self) -> Vec<Diagnostic> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        let index: HashMap<*const TypeSchema, usize> =
            self.types.iter().enumerate().map(|(i, t)| (Arc::as_ptr(&t.schema), i)).collect();
        let parent_of = |i: usize, k: usize| -> Option<usize> {
            let imp = &self.types[i].schema.implements[k];
            let p = self.resolve(&imp.value)?;
            index.get(&Arc::as_ptr(&p.schema)).copied()
        };
        let mut mark = vec![Mark::New; self.types.len()];
        let mut diags = Vec::new();
        for start in 0..self.types.len() {
            if mark[start] != Mark::New || self.types[start].is_standard() {
                continue;
            }
            // (type index, next `implements` entry to follow)
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            mark[start] = Mark::OnPath;
            while let Some(&(cur, next)) = path.last() {
                if next >= self.types[cur].schema.implements.len() {
                    mark[cur] = Mark::Done;
                    path.pop();
                    continue;
                }
                if let Some(last) = path.last_mut() {
                    last.1 += 1;
                }
                let Some(parent) = parent_of(cur, next) else { continue };
                match mark[parent] {
                    Mark::Done => {}
                    Mark::New => {
                        mark[parent] = Mark::OnPath;
                        path.push((parent, 0));
                    }
                    Mark::OnPath => {
                        let pos = path.iter().position(|(t, _)| *t == parent).unwrap_or(0);
                        let chain: Vec<&str> = path[pos..]
                            .iter()
                            .map(|(t, _)| self.types[*t].id())
                            .chain([self.types[parent].id()])
                            .collect();
                        let cur_t = &self.types[cur];
                        let par_t = &self.types[parent];
                        let imp = &cur_t.schema.implements[next];
                        let mut d = ImplementsCycle { id: par_t.id() }
                            .diagnostic()
                            .at(&cur_t.schema.file, imp.span)
                            .with_label("this closes the cycle")
                            .with_note(format!("cycle: {}", chain.join(" → ")));
                        if let Some(first) = &par_t.schema.id {
                            if !Arc::ptr_eq(&par_t.schema, &cur_t.schema) {
                                d = d.with_secondary(&par_t.schema.file, first.span, "cycle starts here");
                            }
                        }
                        diags.push(d);
                    }
                }
            }
        }
        diags
    }
}
