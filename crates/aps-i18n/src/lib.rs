//! Localisation of APS packages, as the official tools do it.
//!
//! - [`po`]: a PO file reader that keeps the position of every keyword and string, so
//!   findings carry a line and column.
//! - [`catalog`]: the JSON catalog (`i18n/<locale>.json`) the official build writes for a
//!   PO file, byte for byte.
//! - [`check`]: the translation checks (rules `LOC*`) run by the package lint.
//! - [`extract`]: the strings a package uses (`_("…")` in `ui/**/*.js`, the texts of
//!   APP-META.xml the platform translates), and [`write`]: PO files written and merged
//!   stably from them.

pub mod catalog;
pub mod check;
pub mod extract;
pub mod locale;
pub mod placeholder;
pub mod po;
pub mod rules;
pub mod write;

pub use catalog::{compile, compile_package, CompiledCatalog};
pub use check::lint_package;
