//! Instantiating wizard data: substituting the placeholders as the platform
//! does when it imports the data.
//!
//! - `idglobals=<uuid>`: the application instance's APS resource id;
//!   replaces `"idglobals"` in `actParams.resource_uid` and in `relations`.
//! - `idOAID=<n>`: the platform's numeric application id; replaces
//!   `"idOAID"` in `actParams.app_id` (as a string, the type activation
//!   parameters have).
//! - `base=<n>`: numbers the negative placeholder ids `n`, `n+1`, … in the
//!   order they are declared (resource types, then the service template),
//!   and rewrites every `rtID` that refers to them.
//! - `<wizard resource id>=<uuid>`: the APS resource created for an
//!   `apsResources` entry or the `resellerProfile`; replaces its `id` and
//!   every reference to it.
//!
//! Only reference positions are rewritten: a name or description that
//! happens to contain `idglobals` is left alone.

use crate::wizard::{is_uuid, Wizard, IDGLOBALS, IDOAID};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Values for the placeholders, from `NAME=VALUE` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    pub idglobals: Option<String>,
    pub id_oaid: Option<u64>,
    pub base: Option<i64>,
    /// Wizard resource id -> APS resource UUID.
    pub resources: BTreeMap<String, String>,
}

/// A `--bind` that cannot be applied.
pub type BindError = aps_diag::Failure;

impl Bindings {
    /// Parse `NAME=VALUE` pairs against the wizard data (which defines the
    /// wizard resource ids that may be bound).
    pub fn parse(pairs: &[String], value: &aps_json::Value) -> Result<Bindings, BindError> {
        let w = Wizard::new(value);
        let mut b = Bindings::default();
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for pair in pairs {
            let Some((name, val)) = pair.split_once('=') else {
                return Err(BindError {
                    message: format!("`{pair}` is not of the form NAME=VALUE"),
                    help: Some(
                        "for example `--bind idglobals=<uuid>`, `--bind idOAID=12`, `--bind base=1000`"
                            .into(),
                    ),
                });
            };
            let (name, val) = (name.trim(), val.trim());
            // Keeping the last of two values would hide a typo in a script.
            if let Some(first) = seen.insert(name, val) {
                return Err(BindError {
                    message: format!(
                        "`{name}` is bound more than once (`{name}={first}` and `{name}={val}`)"
                    ),
                    help: Some(format!("give `--bind {name}=…` once")),
                });
            }
            match name {
                IDGLOBALS => b.idglobals = Some(uuid(name, val)?),
                IDOAID => {
                    b.id_oaid = Some(val.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| BindError {
                        message: format!("`idOAID` must be a positive integer, not `{val}`"),
                        help: Some(
                            "the platform's numeric id of the application, e.g. `--bind idOAID=12`".into(),
                        ),
                    })?)
                }
                "base" => {
                    b.base = Some(val.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| BindError {
                        message: format!("`base` must be a positive integer, not `{val}`"),
                        help: Some("the first platform id to give the negative placeholder ids, e.g. `--bind base=1000`".into()),
                    })?);
                    let count = w.placeholder_id_count();
                    if b.base.and_then(|base| base.checked_add(count)).is_none() {
                        return Err(BindError {
                            message: format!(
                                "`base` plus the number of ids to number ({count}) must fit a 64-bit integer \
                                 (at most {}), but `base` is `{val}`",
                                i64::MAX
                            ),
                            help: Some(format!("use a base of at most {}", i64::MAX - count)),
                        });
                    }
                }
                other if w.profile_index.contains_key(other) => {
                    b.resources.insert(other.to_string(), uuid(other, val)?);
                }
                other => {
                    let mut names = vec![IDGLOBALS.to_string(), IDOAID.to_string(), "base".to_string()];
                    names.extend(w.profile_index.keys().map(|k| k.to_string()));
                    let help = aps_diag::did_you_mean_help(other, names.iter().map(String::as_str))
                        .unwrap_or_else(|| format!("bindable names: {}", names.join(", ")));
                    return Err(BindError {
                        message: format!("nothing to bind named `{other}`"),
                        help: Some(help),
                    });
                }
            }
        }
        Ok(b)
    }
}

fn uuid(name: &str, val: &str) -> Result<String, BindError> {
    if is_uuid(val) {
        Ok(val.to_ascii_lowercase())
    } else {
        Err(BindError {
            message: format!("`{name}` must be bound to an APS resource UUID, not `{val}`"),
            help: Some("for example `--bind idglobals=8e1d8a2c-3b0f-4c55-9a0e-2f0c9d1e7b11`".into()),
        })
    }
}

/// The result of [`instantiate`].
#[derive(Debug, Clone)]
pub struct Instantiated {
    pub value: Json,
    /// Placeholders left as they were because nothing was bound to them.
    pub unbound: Vec<String>,
    /// Numbers that `value` cannot hold as written (an id beyond the 64-bit
    /// range, `1e999`), as `defaults.resourceTypes[0].id`: `value` has them
    /// rounded or `null`, so it must not be written out when this is not empty.
    pub unrepresentable: Vec<String>,
}

/// The wizard data with every bound placeholder substituted.
pub fn instantiate(value: &aps_json::Value, bindings: &Bindings) -> Instantiated {
    let w = Wizard::new(value);
    let mut out = value.to_serde();
    let mut unbound = BTreeSet::new();

    // Negative ids, in declaration order; the first declaration of an id wins.
    let mut id_map: HashMap<i64, i64> = HashMap::new();
    let mut next = bindings.base;
    let mut negative: Vec<i64> = w.resource_types.iter().filter_map(|r| r.id).map(|i| i.value).collect();
    let template_id = w.template.as_ref().and_then(|t| t.id).map(|i| i.value);
    let mut template_map = None;
    negative.retain(|id| *id < 0);
    for id in negative {
        if let Some(n) = next {
            if let std::collections::hash_map::Entry::Vacant(e) = id_map.entry(id) {
                e.insert(n);
                // `Bindings::parse` refuses a base this would overflow; a
                // caller building `Bindings` by hand gets the rest unbound.
                next = n.checked_add(1);
            }
        } else {
            unbound.insert("base".to_string());
        }
    }
    if let Some(id) = template_id.filter(|id| *id < 0) {
        match next {
            Some(n) => template_map = Some(n),
            None => {
                unbound.insert("base".to_string());
                let _ = id;
            }
        }
    }

    let resource = |s: &str, unbound: &mut BTreeSet<String>| -> Option<String> {
        if s == IDGLOBALS {
            if bindings.idglobals.is_none() {
                unbound.insert(IDGLOBALS.into());
            }
            return bindings.idglobals.clone();
        }
        if w.profile_index.contains_key(s) {
            if !bindings.resources.contains_key(s) {
                unbound.insert(s.to_string());
            }
            return bindings.resources.get(s).cloned();
        }
        None
    };

    if let Some(defaults) = out.get_mut("defaults").and_then(Json::as_object_mut) {
        if let Some(rts) = defaults.get_mut("resourceTypes").and_then(Json::as_array_mut) {
            for rt in rts.iter_mut().filter_map(Json::as_object_mut) {
                if let Some(id) = rt.get("id").and_then(Json::as_i64) {
                    if let Some(n) = id_map.get(&id) {
                        rt.insert("id".into(), (*n).into());
                    }
                }
                if let Some(act) = rt.get_mut("actParams").and_then(Json::as_object_mut) {
                    if act.get("app_id").and_then(Json::as_str) == Some(IDOAID) {
                        match bindings.id_oaid {
                            Some(n) => {
                                act.insert("app_id".into(), n.to_string().into());
                            }
                            None => {
                                unbound.insert(IDOAID.into());
                            }
                        }
                    }
                    if let Some(s) = act.get("resource_uid").and_then(Json::as_str).map(String::from) {
                        if let Some(r) = resource(&s, &mut unbound) {
                            act.insert("resource_uid".into(), r.into());
                        }
                    }
                }
            }
        }
        if let Some(t) = defaults.get_mut("serviceTemplate").and_then(Json::as_object_mut) {
            if let Some(n) = template_map {
                t.insert("id".into(), n.into());
            }
            if let Some(entries) = t.get_mut("resources").and_then(Json::as_array_mut) {
                for e in entries.iter_mut().filter_map(Json::as_object_mut) {
                    if let Some(id) = e.get("rtID").and_then(Json::as_i64) {
                        if let Some(n) = id_map.get(&id) {
                            e.insert("rtID".into(), (*n).into());
                        }
                    }
                }
            }
        }
        if let Some(list) = defaults.get_mut("apsResources").and_then(Json::as_array_mut) {
            for p in list.iter_mut() {
                rewrite_profile(p, bindings, &resource, &mut unbound);
            }
        }
        if let Some(p) = defaults.get_mut("resellerProfile") {
            rewrite_profile(p, bindings, &resource, &mut unbound);
        }
    }
    let unrepresentable = crate::numbers::bad_numbers(value)
        .iter()
        .map(|b| crate::wizard::display_pointer(&b.pointer))
        .collect();
    Instantiated { value: out, unbound: unbound.into_iter().collect(), unrepresentable }
}

type Resolver<'a> = dyn Fn(&str, &mut BTreeSet<String>) -> Option<String> + 'a;

fn rewrite_profile(
    p: &mut Json,
    bindings: &Bindings,
    resource: &Resolver<'_>,
    unbound: &mut BTreeSet<String>,
) {
    let Some(p) = p.as_object_mut() else { return };
    if let Some(id) = p.get("id").and_then(Json::as_str).map(String::from) {
        match bindings.resources.get(&id) {
            Some(r) => {
                p.insert("id".into(), r.clone().into());
            }
            None => {
                unbound.insert(id);
            }
        }
    }
    let Some(rels) = p.get_mut("relations").and_then(Json::as_object_mut) else { return };
    for (_, v) in rels.iter_mut() {
        match v {
            Json::String(s) => {
                if let Some(r) = resource(s, unbound) {
                    *s = r;
                }
            }
            Json::Array(items) => {
                for item in items {
                    if let Json::String(s) = item {
                        if let Some(r) = resource(s, unbound) {
                            *s = r;
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
