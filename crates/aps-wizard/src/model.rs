//! [`PackageContext`] for the package model of `aps-model`.

use crate::context::{PackageContext, Property, Relation, RootType, ServiceType};
use aps_model::Package;

impl PackageContext for Package {
    fn service_ids(&self) -> Vec<String> {
        self.services.iter().map(|s| s.service_id.clone()).collect()
    }

    fn service_type(&self, service_id: &str) -> ServiceType {
        let Some(info) = self.service_info(service_id) else { return ServiceType::NoSuchService };
        match &info.ty {
            aps_model::ServiceType::Loaded(s) | aps_model::ServiceType::Generated(s) => {
                ServiceType::Known(s.id_str().to_string())
            }
            aps_model::ServiceType::PendingGeneration => ServiceType::DefinedInPhp,
            aps_model::ServiceType::Invalid | aps_model::ServiceType::Missing => ServiceType::Unavailable,
        }
    }

    fn root_type(&self) -> RootType {
        if let Some(root) = Package::root_type(self) {
            return RootType::Known(root.id().to_string());
        }
        let unknown = self.services.iter().any(|s| s.schema().is_none());
        if unknown {
            RootType::Unknown {
                php_services: self.pending_services().into_iter().map(String::from).collect(),
            }
        } else {
            RootType::Missing
        }
    }

    fn package_type_ids(&self) -> Vec<String> {
        self.registry.package_types().map(|t| t.id().to_string()).collect()
    }

    fn has_type(&self, type_id: &str) -> bool {
        self.registry.resolve(type_id).is_some()
    }

    fn implements(&self, type_id: &str, interface: &str) -> bool {
        self.registry.implements(type_id, interface)
    }

    fn property(&self, type_id: &str, name: &str) -> Option<Property> {
        let found = self.registry.find_property(type_id, name)?;
        Some(Property {
            name: found.item.name.value.clone(),
            type_name: found.item.type_name().unwrap_or("").to_string(),
            unit: found.item.unit.as_ref().map(|u| u.value.clone()),
            declared_in: found.declared_in.id().to_string(),
        })
    }

    fn property_names(&self, type_id: &str) -> Vec<String> {
        self.registry.all_properties(type_id).into_iter().map(|f| f.item.name.value.clone()).collect()
    }

    fn relation(&self, type_id: &str, name: &str) -> Option<Relation> {
        let found = self.registry.find_relation(type_id, name)?;
        Some(Relation {
            name: found.item.name.value.clone(),
            target_type: found.item.ty.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
            collection: found.item.is_collection(),
            required: found.item.is_required(),
        })
    }

    fn relation_names(&self, type_id: &str) -> Vec<String> {
        self.registry.all_relations(type_id).into_iter().map(|f| f.item.name.value.clone()).collect()
    }

    fn has_operation(&self, type_id: &str, name: &str) -> bool {
        self.registry.find_operation(type_id, name).is_some()
    }
}
