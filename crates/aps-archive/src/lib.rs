//! APP-LIST.xml, reproducible `.app.zip` archives, XML signatures, verification.
//!
//! - [`select`]: which files of a package folder are archived;
//! - [`build`]: the reproducible archive writer (`aps-pack build`);
//! - [`applist`]: APP-LIST.xml in the official layout;
//! - [`sign`], [`keys`], [`dsig`], [`c14n`]: XML-DSig signing and verification;
//! - [`rules`]: the `PKG` and `SIG` rules this crate reports.

pub mod applist;
pub mod build;
pub mod c14n;
pub mod dsig;
pub mod keys;
pub mod meta;
pub mod names;
pub mod rules;
pub mod select;
pub mod sign;
pub mod time;
pub mod zipwrite;

#[cfg(test)]
mod testkeys;
