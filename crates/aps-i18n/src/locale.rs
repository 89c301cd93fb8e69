//! Locale names as the platform writes them: `ll` or `ll_CC`.

/// `ll` (ISO 639, lower case) or `ll_CC` (ISO 3166 country, upper case), joined by `_`.
pub fn is_valid(name: &str) -> bool {
    let lower2 = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase());
    let upper2 = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());
    match name.split_once('_') {
        None => lower2(name),
        Some((ll, cc)) => lower2(ll) && upper2(cc),
    }
}

/// The platform's form of a near miss (`pt-br`, `PT_br` → `pt_BR`), if there is one.
pub fn suggest(name: &str) -> Option<String> {
    let (ll, cc) = match name.split_once(['_', '-']) {
        Some((ll, cc)) => (ll, Some(cc)),
        None => (name, None),
    };
    let fixed = match cc {
        Some(cc) => format!("{}_{}", ll.to_ascii_lowercase(), cc.to_ascii_uppercase()),
        None => ll.to_ascii_lowercase(),
    };
    (is_valid(&fixed) && fixed != name).then_some(fixed)
}

/// The locale a PO or catalog path names: `i18n/de_DE.po` → `de_DE`.
pub fn of_path(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(name)
}
