//! The published JSON Schemas (`schemas/zstack/*.schema.json`), applied to the
//! span-keeping parse tree through the one JSON Schema path
//! ([`aps_json::schema`]), so every violation points at a line and column.
//!
//! The schemas' `pattern`s are explained in words by [`PATTERNS`]; a unit test
//! fails when a schema uses a pattern without an explanation.

use aps_json::schema::Schema;
pub use aps_json::schema::{Violation, ViolationKind};
use aps_json::Value;
use std::sync::OnceLock;

/// Which ZStack file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Application,
    Input,
    Output,
    Steps,
}

pub const ALL: [Which; 4] = [Which::Application, Which::Input, Which::Output, Which::Steps];

const APPLICATION: &str = include_str!("../../../schemas/zstack/application.schema.json");
const INPUT: &str = include_str!("../../../schemas/zstack/input.schema.json");
const OUTPUT: &str = include_str!("../../../schemas/zstack/output.schema.json");
const STEPS: &str = include_str!("../../../schemas/zstack/steps.schema.json");

/// The schema text, as published.
pub fn text(which: Which) -> &'static str {
    match which {
        Which::Application => APPLICATION,
        Which::Input => INPUT,
        Which::Output => OUTPUT,
        Which::Steps => STEPS,
    }
}

/// The compiled schema (once per process; a schema that does not compile is a
/// build defect caught by the tests, never skipped).
pub fn schema(which: Which) -> &'static Schema {
    static CELLS: [OnceLock<Schema>; 4] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = ALL.iter().position(|w| *w == which).unwrap_or(0);
    Schema::embedded(&CELLS[i], &format!("{which:?}"), text(which))
}

/// A pattern of the schemas and what the values it allows look like, for messages.
pub struct Pattern {
    pub regex: &'static str,
    pub explain: &'static str,
}

pub static PATTERNS: &[Pattern] = &[
    Pattern {
        regex: "^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$",
        explain:
            "ASCII letters, digits, `.`, `_`, `-`, `+`, not starting with `.` or `-`, at most 128 characters",
    },
    Pattern {
        regex: "^[A-Za-z_][A-Za-z0-9_]*$",
        explain: "a letter or `_`, then letters, digits or `_` (it is written `{{.name}}` in the templates)",
    },
];

/// The words for a schema pattern.
pub fn explain(regex: &str) -> &'static str {
    PATTERNS.iter().find(|p| p.regex == regex).map_or("a value matching the schema's pattern", |p| p.explain)
}

/// Check `value` against the schema of `which`.
pub fn validate(which: Which, value: &Value) -> Vec<Violation> {
    schema(which).check(value)
}

/// The `description` the schema gives the member `field` of the object at
/// `pointer` (used as help text for a missing field).
pub fn describe(which: Which, pointer: &str, field: &str) -> Option<&'static str> {
    schema(which).describe(pointer, field)
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
