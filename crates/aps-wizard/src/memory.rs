//! An in-memory [`PackageContext`]: services and type schemas given directly,
//! plus the few standard types the wizard checks rely on. Used by the tests,
//! the benchmark, and callers that hold a package in some other form.

use crate::context::{
    version_compatible, PackageContext, Property, Relation, RootType, ServiceType, CORE_APPLICATION,
    INIT_WIZARD, RESELLER_PROFILE, SERVICE_PROFILE,
};
use std::collections::{HashMap, HashSet};

const CORE_RESOURCE: &str = "http://aps-standard.org/types/core/resource/1.0";

/// Why an in-memory package description cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescriptionError {
    #[error("type schema has no string `id`")]
    TypeWithoutId,
}

/// One type schema, reduced to what the wizard checks read.
#[derive(Debug, Clone, Default)]
pub struct TypeDef {
    pub id: String,
    pub implements: Vec<String>,
    /// In declaration order.
    pub properties: Vec<Property>,
    pub relations: Vec<Relation>,
    pub operations: Vec<String>,
}

impl TypeDef {
    pub fn new(id: impl Into<String>) -> Self {
        TypeDef { id: id.into(), ..Default::default() }
    }
    pub fn implements(mut self, interface: impl Into<String>) -> Self {
        self.implements.push(interface.into());
        self
    }
    pub fn property(mut self, name: &str, type_name: &str) -> Self {
        let declared_in = self.id.clone();
        self.properties.push(Property {
            name: name.into(),
            type_name: type_name.into(),
            unit: None,
            declared_in,
        });
        self
    }
    /// A counter property (`kind` is `Counter`, `Limit` or `Usage`) with its unit.
    pub fn counter(mut self, name: &str, kind: &str, unit: &str) -> Self {
        let declared_in = self.id.clone();
        self.properties.push(Property {
            name: name.into(),
            type_name: format!("{CORE_RESOURCE}#{kind}"),
            unit: Some(unit.into()),
            declared_in,
        });
        self
    }
    pub fn relation(mut self, name: &str, target_type: &str, collection: bool, required: bool) -> Self {
        self.relations.push(Relation {
            name: name.into(),
            target_type: target_type.into(),
            collection,
            required,
        });
        self
    }
    pub fn operation(mut self, name: &str) -> Self {
        self.operations.push(name.into());
        self
    }

    /// From an APS type schema (`{"id", "implements", "properties", "relations", "operations"}`).
    pub fn from_schema(schema: &serde_json::Value) -> Result<TypeDef, DescriptionError> {
        let id = schema.get("id").and_then(|v| v.as_str()).ok_or(DescriptionError::TypeWithoutId)?;
        let mut def = TypeDef::new(id);
        if let Some(list) = schema.get("implements").and_then(|v| v.as_array()) {
            def.implements.extend(list.iter().filter_map(|v| v.as_str()).map(String::from));
        }
        if let Some(props) = schema.get("properties").and_then(|v| v.as_object()) {
            for (name, p) in props {
                def.properties.push(Property {
                    name: name.clone(),
                    type_name: p.get("type").and_then(|t| t.as_str()).unwrap_or("string").to_string(),
                    unit: p.get("unit").and_then(|u| u.as_str()).map(String::from),
                    declared_in: id.to_string(),
                });
            }
        }
        if let Some(rels) = schema.get("relations").and_then(|v| v.as_object()) {
            for (name, r) in rels {
                def.relations.push(Relation {
                    name: name.clone(),
                    target_type: r.get("type").and_then(|t| t.as_str()).unwrap_or("").to_string(),
                    collection: r.get("collection").and_then(|c| c.as_bool()).unwrap_or(false),
                    required: r.get("required").and_then(|c| c.as_bool()).unwrap_or(false),
                });
            }
        }
        if let Some(ops) = schema.get("operations").and_then(|v| v.as_object()) {
            def.operations.extend(ops.keys().cloned());
        }
        Ok(def)
    }
}

/// A package held in memory.
#[derive(Debug, Clone)]
pub struct MemoryPackage {
    /// `(service id, served type)`; `None` = defined in PHP, unknown.
    services: Vec<(String, Option<String>)>,
    service_index: HashMap<String, usize>,
    types: HashMap<String, TypeDef>,
    package_types: Vec<String>,
    package_type_set: HashSet<String>,
}

impl Default for MemoryPackage {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryPackage {
    /// An empty package that knows the standard types the wizard relies on.
    pub fn new() -> Self {
        let mut pkg = MemoryPackage {
            services: Vec::new(),
            service_index: HashMap::new(),
            types: HashMap::new(),
            package_types: Vec::new(),
            package_type_set: HashSet::new(),
        };
        for def in standard_types() {
            pkg.types.insert(def.id.clone(), def);
        }
        pkg
    }

    /// Declare a `<service>`; `type_id` `None` means its type is defined in PHP.
    pub fn service(mut self, id: &str, type_id: Option<&str>) -> Self {
        self.add_service(id, type_id);
        self
    }

    pub fn add_service(&mut self, id: &str, type_id: Option<&str>) {
        self.service_index.insert(id.to_string(), self.services.len());
        self.services.push((id.to_string(), type_id.map(String::from)));
    }

    /// Add a package type.
    pub fn with_type(mut self, def: TypeDef) -> Self {
        self.add_type(def);
        self
    }

    pub fn add_type(&mut self, def: TypeDef) {
        if self.package_type_set.insert(def.id.clone()) {
            self.package_types.push(def.id.clone());
        }
        self.types.insert(def.id.clone(), def);
    }

    /// From a description: `{"services": {"id": "type id" | null, …}, "types": [type schema, …]}`.
    pub fn from_json(description: &serde_json::Value) -> Result<MemoryPackage, DescriptionError> {
        let mut pkg = MemoryPackage::new();
        if let Some(types) = description.get("types").and_then(|v| v.as_array()) {
            for t in types {
                pkg.add_type(TypeDef::from_schema(t)?);
            }
        }
        if let Some(services) = description.get("services").and_then(|v| v.as_object()) {
            for (id, ty) in services {
                pkg.add_service(id, ty.as_str());
            }
        }
        Ok(pkg)
    }

    /// The type and its ancestors, each once, nearest first.
    fn lineage(&self, type_id: &str) -> Vec<&TypeDef> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut stack = vec![type_id.to_string()];
        while let Some(id) = stack.pop() {
            let Some(def) = self.lookup(&id) else { continue };
            if !seen.insert(def.id.clone()) {
                continue;
            }
            out.push(def);
            for parent in def.implements.iter().rev() {
                stack.push(parent.clone());
            }
        }
        out
    }

    /// Exact id, else the latest compatible minor version.
    fn lookup(&self, type_id: &str) -> Option<&TypeDef> {
        if let Some(def) = self.types.get(type_id) {
            return Some(def);
        }
        self.types.values().filter(|d| version_compatible(&d.id, type_id)).max_by(|a, b| a.id.cmp(&b.id))
    }
}

impl PackageContext for MemoryPackage {
    fn service_ids(&self) -> Vec<String> {
        self.services.iter().map(|(id, _)| id.clone()).collect()
    }

    fn service_type(&self, service_id: &str) -> ServiceType {
        match self.service_index.get(service_id).map(|&i| &self.services[i].1) {
            None => ServiceType::NoSuchService,
            Some(None) => ServiceType::DefinedInPhp,
            Some(Some(t)) => ServiceType::Known(t.clone()),
        }
    }

    fn root_type(&self) -> RootType {
        let mut php = Vec::new();
        for (id, ty) in &self.services {
            match ty {
                Some(t) if self.implements(t, CORE_APPLICATION) => return RootType::Known(t.clone()),
                Some(_) => {}
                None => php.push(id.clone()),
            }
        }
        if php.is_empty() {
            RootType::Missing
        } else {
            RootType::Unknown { php_services: php }
        }
    }

    fn package_type_ids(&self) -> Vec<String> {
        self.package_types.clone()
    }

    fn has_type(&self, type_id: &str) -> bool {
        self.lookup(type_id).is_some()
    }

    fn implements(&self, type_id: &str, interface: &str) -> bool {
        self.lineage(type_id).iter().any(|d| version_compatible(&d.id, interface))
            || version_compatible(type_id, interface)
    }

    fn property(&self, type_id: &str, name: &str) -> Option<Property> {
        self.lineage(type_id).into_iter().find_map(|d| d.properties.iter().find(|p| p.name == name).cloned())
    }

    fn property_names(&self, type_id: &str) -> Vec<String> {
        self.lineage(type_id).iter().flat_map(|d| d.properties.iter().map(|p| p.name.clone())).collect()
    }

    fn relation(&self, type_id: &str, name: &str) -> Option<Relation> {
        self.lineage(type_id).into_iter().find_map(|d| d.relations.iter().find(|r| r.name == name).cloned())
    }

    fn relation_names(&self, type_id: &str) -> Vec<String> {
        self.lineage(type_id).iter().flat_map(|d| d.relations.iter().map(|r| r.name.clone())).collect()
    }

    fn has_operation(&self, type_id: &str, name: &str) -> bool {
        self.lineage(type_id).iter().any(|d| d.operations.iter().any(|o| o == name))
    }
}

/// The standard types the wizard checks need, as the registry defines them.
fn standard_types() -> Vec<TypeDef> {
    vec![
        TypeDef::new(CORE_RESOURCE)
            .operation("provision")
            .operation("retrieve")
            .operation("configure")
            .operation("unprovision"),
        TypeDef::new(CORE_APPLICATION).implements(CORE_RESOURCE).operation("upgrade"),
        TypeDef::new(SERVICE_PROFILE).implements(CORE_RESOURCE).property("profileName", "string"),
        TypeDef::new(RESELLER_PROFILE).implements(CORE_RESOURCE),
        TypeDef::new(INIT_WIZARD)
            .implements(CORE_RESOURCE)
            .operation("getInitWizardConfig")
            .operation("testConnection")
            .operation("validateInitWizardData"),
    ]
}
