//! `aps-pack bump`: the next version or release of a package, written into APP-META.xml at
//! the model's spans so that nothing else in the file changes.

use crate::{AppMeta, Spanned};
use aps_diag::edit::{self, Edit};

/// Which part of the package's version moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `1.2.3-4` → `2.0.0-1`
    Major,
    /// `1.2.3-4` → `1.3.0-1`
    Minor,
    /// `1.2.3-4` → `1.2.4-1` (`1.2` → `1.2.1`)
    Patch,
    /// `1.2.3-4` → `1.2.3-5`
    Release,
}

/// A package's new version and release, and APP-META.xml with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bumped {
    pub old_version: String,
    pub old_release: String,
    pub version: String,
    pub release: String,
    /// APP-META.xml with the new values; every other byte as it was.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BumpError {
    #[error("APP-META.xml has no <{element}> element")]
    Missing { element: &'static str },
    #[error("<{element}> is `{value}`, not dot-separated numbers, so it has no next value")]
    NotNumeric { element: &'static str, value: String },
    #[error("<{element}> `{value}` holds a number too large to count up from (the largest is {})", u64::MAX)]
    TooLarge { element: &'static str, value: String },
    #[error(
        "<{element}> `{value}` is written with character references or comments, which bump does not rewrite"
    )]
    NotPlainText { element: &'static str, value: String },
}

impl BumpError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            BumpError::Missing { element } => {
                format!("add <{element}> to <application> (run `aps-pack lint` for the full list of what is missing)")
            }
            BumpError::NotNumeric { value, .. } if value.contains('%') || value.contains('$') => {
                "the value looks substituted by a build script: bump where that script takes it from".into()
            }
            BumpError::NotNumeric { element, .. } => {
                format!("write <{element}> as numbers such as `1.2`, or edit it by hand")
            }
            BumpError::TooLarge { element, .. } => {
                format!("write <{element}> by hand, with smaller numbers")
            }
            BumpError::NotPlainText { element, .. } => {
                format!("write <{element}> as plain text, or edit it by hand")
            }
        }
    }
}

/// The next version and release of `meta`.
pub fn bump(meta: &AppMeta, part: Part) -> Result<Bumped, BumpError> {
    let version = plain(&meta.version, meta, "version")?;
    let release = plain(&meta.release, meta, "release")?;
    let numbers = |element: &'static str, value: &str| -> Result<Vec<u64>, BumpError> {
        let not_numeric = || BumpError::NotNumeric { element, value: value.to_string() };
        let too_large = || BumpError::TooLarge { element, value: value.to_string() };
        value
            .split('.')
            .map(|c| {
                if c.is_empty() || !c.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(not_numeric());
                }
                c.parse().map_err(|_| too_large())
            })
            .collect()
    };
    let (new_version, new_release) = match part {
        Part::Release => {
            let mut r = numbers("release", &release.value)?;
            let last = r.len() - 1;
            increment(&mut r, last)
                .ok_or_else(|| BumpError::TooLarge { element: "release", value: release.value.clone() })?;
            (version.value.clone(), join(&r))
        }
        Part::Major | Part::Minor | Part::Patch => {
            let mut v = numbers("version", &version.value)?;
            let at = match part {
                Part::Major => 0,
                Part::Minor => 1,
                _ => 2,
            };
            increment(&mut v, at)
                .ok_or_else(|| BumpError::TooLarge { element: "version", value: version.value.clone() })?;
            (join(&v), "1".to_string())
        }
    };
    let edits = vec![
        Edit::replace(version.span, new_version.clone()),
        Edit::replace(release.span, new_release.clone()),
    ];
    Ok(Bumped {
        old_version: version.value.clone(),
        old_release: release.value.clone(),
        version: new_version,
        release: new_release,
        text: edit::apply(meta.file.text(), edits),
    })
}

/// The element's text, provided the file holds it as written (no references, no comments):
/// only then is replacing its span the same as replacing its value.
fn plain<'a>(
    field: &'a Option<Spanned<String>>,
    meta: &AppMeta,
    element: &'static str,
) -> Result<&'a Spanned<String>, BumpError> {
    let field = field.as_ref().filter(|f| !f.value.is_empty()).ok_or(BumpError::Missing { element })?;
    if meta.file.slice(field.span) != field.value {
        return Err(BumpError::NotPlainText { element, value: field.value.clone() });
    }
    Ok(field)
}

/// Add one at `at` (padding with zeros up to it) and zero what follows; `None` when the
/// number there is already the largest.
fn increment(parts: &mut Vec<u64>, at: usize) -> Option<()> {
    while parts.len() <= at {
        parts.push(0);
    }
    parts[at] = parts[at].checked_add(1)?;
    for p in &mut parts[at + 1..] {
        *p = 0;
    }
    Some(())
}

fn join(parts: &[u64]) -> String {
    parts.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
}

#[cfg(test)]
#[path = "bump_tests.rs"]
mod tests;
