//! APP-LIST.xml, reproducible `.app.zip` archives, XML signatures, verification.
//!
//! - [`select`]: which files of a package folder are archived;
//! - [`build`]: the reproducible archive writer (`aps-pack build`);
//! - [`applist`]: APP-LIST.xml in the official layout;
//! - [`sign`], [`keys`], [`dsig`], [`c14n`]: XML-DSig signing and verification;
//! - [`verify`], [`zipread`], [`source`]: reading untrusted archives safely;
//! - [`resign`]: signing an existing archive; [`inspect`]: summaries;
//! - [`rules`]: the `PKG` and `SIG` rules this crate reports.

pub mod applist;
pub mod build;
pub mod c14n;
pub mod deflate;
pub mod dsig;
pub mod inspect;
pub mod keys;
pub mod meta;
pub mod names;
pub mod resign;
pub mod rules;
pub mod select;
pub mod sign;
pub mod source;
pub mod time;
pub mod verify;
pub mod zipread;
pub mod zipwrite;

#[cfg(test)]
mod testkeys;
