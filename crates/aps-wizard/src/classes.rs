//! Resource classes of the platform and the counter units each accepts.

/// What a resource class provisions, which decides its activation parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassKind {
    /// `rc.saas.service`: provisions a resource of a service's type.
    Service,
    /// `rc.saas.service.link`: a reference to an existing resource (the application instance or a profile).
    Link,
    /// `rc.saas.countedlenk`: a counted reference to a profile resource.
    CountedLink,
    /// A counter class: limits a counter property of a service's type.
    Counter(UnitFamily),
}

/// A family of counter units; each counter class accepts exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitFamily {
    /// Storage (kb, mb, gb…), measured in KB.
    Size,
    /// Items.
    Items,
    /// CPU frequency.
    Mhz,
    /// Bandwidth.
    Kbps,
    /// Storage over time (MB-hour): accumulates.
    SizeHours,
    /// Items over time (unit-hour): accumulates.
    ItemHours,
    /// CPU over time (MHz-hour): accumulates.
    MhzHours,
    /// Storage transferred (KB accumulated): accumulates.
    SizeAccumulated,
    /// Bandwidth over time (Kbps-hour): accumulates.
    KbpsHours,
}

impl UnitFamily {
    /// The usage of an additive (accumulating) class adds up over time.
    pub fn additive(self) -> bool {
        matches!(
            self,
            UnitFamily::SizeHours
                | UnitFamily::ItemHours
                | UnitFamily::MhzHours
                | UnitFamily::SizeAccumulated
                | UnitFamily::KbpsHours
        )
    }

    pub fn describe(self) -> &'static str {
        match self {
            UnitFamily::Size => "a size unit (kb, mb, gb)",
            UnitFamily::Items => "an item unit (unit, item)",
            UnitFamily::Mhz => "a frequency unit (mhz)",
            UnitFamily::Kbps => "a bandwidth unit (kbps)",
            UnitFamily::SizeHours => "a size-hour unit (mb-h)",
            UnitFamily::ItemHours => "an item-hour unit (unit-h)",
            UnitFamily::MhzHours => "a frequency-hour unit (mhzh)",
            UnitFamily::SizeAccumulated => "a size unit accumulated over time (kb)",
            UnitFamily::KbpsHours => "a bandwidth-hour unit (kbps-h)",
        }
    }
}

/// A resource class the platform knows.
#[derive(Debug)]
pub struct ResClass {
    pub name: &'static str,
    pub kind: ClassKind,
}

pub static CLASSES: &[ResClass] = &[
    ResClass { name: "rc.saas.service", kind: ClassKind::Service },
    ResClass { name: "rc.saas.service.link", kind: ClassKind::Link },
    ResClass { name: "rc.saas.countedlenk", kind: ClassKind::CountedLink },
    ResClass { name: "rc.saas.resource", kind: ClassKind::Counter(UnitFamily::Size) },
    ResClass { name: "rc.saas.resource.unit", kind: ClassKind::Counter(UnitFamily::Items) },
    ResClass { name: "rc.saas.resource.mhz", kind: ClassKind::Counter(UnitFamily::Mhz) },
    ResClass { name: "rc.saas.resource.kbps", kind: ClassKind::Counter(UnitFamily::Kbps) },
    ResClass { name: "rc.saas.resource.mbh", kind: ClassKind::Counter(UnitFamily::SizeHours) },
    ResClass { name: "rc.saas.resource.unith", kind: ClassKind::Counter(UnitFamily::ItemHours) },
    ResClass { name: "rc.saas.resource.mhzh", kind: ClassKind::Counter(UnitFamily::MhzHours) },
    ResClass { name: "rc.saas.resource.kba", kind: ClassKind::Counter(UnitFamily::SizeAccumulated) },
    ResClass { name: "rc.saas.resource.kbpsh", kind: ClassKind::Counter(UnitFamily::KbpsHours) },
];

pub fn class(name: &str) -> Option<&'static ResClass> {
    CLASSES.iter().find(|c| c.name == name)
}

pub fn class_names() -> impl Iterator<Item = &'static str> {
    CLASSES.iter().map(|c| c.name)
}

/// The unit family of a counter unit as APS type schemas write it, if known.
/// A plain size unit is ambiguous between the KB class and the KB-accumulated
/// class; it is reported as [`UnitFamily::Size`] and [`fits`] accepts both.
pub fn unit_family(unit: &str) -> Option<UnitFamily> {
    let u = unit.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    Some(match u.as_str() {
        "b" | "byte" | "bytes" | "kb" | "mb" | "gb" | "tb" => UnitFamily::Size,
        "unit" | "units" | "item" | "items" => UnitFamily::Items,
        "mhz" | "ghz" => UnitFamily::Mhz,
        "kbps" | "kbit/sec" | "kbit/s" | "mbps" | "mbit/sec" | "mbit/s" => UnitFamily::Kbps,
        "kb-h" | "mb-h" | "gb-h" | "kbh" | "mbh" | "gbh" => UnitFamily::SizeHours,
        "unit-h" | "item-h" | "unith" | "itemh" => UnitFamily::ItemHours,
        "mhz-h" | "mhzh" | "ghz-h" => UnitFamily::MhzHours,
        "kbps-h" | "kbpsh" | "mbps-h" => UnitFamily::KbpsHours,
        _ => return None,
    })
}

/// Whether a counter with `unit` fits a class accepting `family`; `None`
/// when the unit is not one aps-pack knows.
pub fn fits(family: UnitFamily, unit: &str) -> Option<bool> {
    let unit_family = unit_family(unit)?;
    Some(unit_family == family || (family == UnitFamily::SizeAccumulated && unit_family == UnitFamily::Size))
}

/// The class a counter with `unit` belongs to (the non-accumulating one for plain sizes).
pub fn class_for_unit(unit: &str) -> Option<&'static str> {
    let family = unit_family(unit)?;
    CLASSES.iter().find(|c| c.kind == ClassKind::Counter(family)).map(|c| c.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_map_to_their_classes() {
        for (unit, class) in [
            ("kb", "rc.saas.resource"),
            ("MB", "rc.saas.resource"),
            ("unit", "rc.saas.resource.unit"),
            ("mhz", "rc.saas.resource.mhz"),
            ("Kbit/sec", "rc.saas.resource.kbps"),
            ("mb-h", "rc.saas.resource.mbh"),
            ("unit-h", "rc.saas.resource.unith"),
            ("item-h", "rc.saas.resource.unith"),
            ("mhzh", "rc.saas.resource.mhzh"),
            ("kbps-h", "rc.saas.resource.kbpsh"),
        ] {
            assert_eq!(class_for_unit(unit), Some(class), "{unit}");
        }
        assert_eq!(fits(UnitFamily::SizeAccumulated, "kb"), Some(true));
        assert_eq!(fits(UnitFamily::SizeHours, "mb"), Some(false));
        assert_eq!(fits(UnitFamily::Items, "parsecs"), None);
    }
}
