//! APS type schemas derived from PHP docblock annotations, without PHP.
//!
//! Most APS 2 packages declare their types as PHP classes in `scripts/*.php`
//! with docblock annotations (`@type`, `@implements`, `@link`, `@title`, …);
//! the official `aps build` runs the APS PHP runtime to turn them into
//! `schemas/<service>.schema.gen`. This crate does the same by reading the
//! scripts: a tokenizer that knows where strings, comments and heredocs end
//! ([`lexer`]), a reader of class, property and method declarations
//! ([`reader`]), an annotation parser ([`docblock`]) and the generator
//! ([`schema`]) that writes the schemas the way the runtime does.
//!
//! It never runs or interprets PHP: initial values are evaluated only when
//! they are constant expressions (literals and arrays of literals).

pub mod annotations;
pub mod docblock;
pub mod lexer;
pub mod package;
pub mod reader;
pub mod rules;
pub mod schema;
pub mod value;

pub use package::{
    add_generated_types, generate_for_build, generate_for_package, generated_schema_path,
    is_generated_service, point_at_php, GeneratedSchema,
};
pub use rules::check_drift;
pub use schema::{generate, schema_text, ClassSchema, Generation};
