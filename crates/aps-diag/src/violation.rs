//! Typed violations: a finding's facts, and the one place that words them.

use crate::{Diagnostic, Rule};

/// The facts of one finding, typed. A rule's file declares the rule, documents it and
/// defines its violations; their fields make the message and the help, so the wording of
/// a code lives in one place however many sites report it (ruff's shape). [`rule!`](crate::rule)
/// declares them with the rule. Sites locate the diagnostic (`at`, `at_path`) and add what
/// only they know (labels, related spans).
pub trait Violation {
    /// The rule this breaks.
    fn rule(&self) -> &'static Rule;
    /// What is wrong, from the violation's fields.
    fn message(&self) -> String;
    /// How to fix it, when the violation knows.
    fn help(&self) -> Option<String> {
        None
    }
    /// The finding, not yet located.
    fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::new(self.rule(), self.message());
        match self.help() {
            Some(help) => d.with_help(help),
            None => d,
        }
    }
}

/// Declare the code table of a crate's rules: one row a rule, in the order `aps-pack rules`
/// and `docs/rules.md` list them (ruff's `codes.rs`). Invoked once, in the crate's `rules`
/// module; each rule's file, a module of it, holds the rule's documentation, its violation
/// types and, where it can, its check ([`rule!`](crate::rule)).
///
/// A row: `"CODE" "kebab-name" group Severity module::RULE "summary";`. It declares the module
/// (`pub(crate) mod module;`, the file `module.rs` beside the table) and the rule's static,
/// `RULE`, whose documentation the module's `rule!` gives. The group is a
/// [`Group`](crate::Group)'s name; one that is not fails to compile (const evaluation, see
/// [`Group::named`](crate::Group::named)). After the rows comes `ALL`, every rule in table order.
///
/// ```text
/// aps_diag::rules! {
///     "PKG101" "corrupt-archive" archive Error corrupt_archive::CORRUPT_ARCHIVE "the archive cannot be read";
///     "PKG102" "unsafe-entry-name" archive Error unsafe_entry_name::UNSAFE_ENTRY_NAME
///         "archive entry name is unsafe to extract";
/// }
/// ```
#[macro_export]
macro_rules! rules {
    ($($code:literal $name:literal $group:ident $severity:ident $module:ident :: $rule:ident
        $summary:literal;)*) => {
        $(pub(crate) mod $module;)*
        $(
            #[doc = ::std::concat!("`", $code, "` (`", $name, "`): ", $summary, ". Documented in [`", ::std::stringify!($module), "`].")]
            pub static $rule: $crate::Rule = $crate::Rule {
                code: $code,
                name: $name,
                group: $crate::Group::named(::std::stringify!($group)),
                default_severity: $crate::Severity::$severity,
                summary: $summary,
                docs: $module::DOCS,
            };
        )*
        /// Every rule of this crate, in the order of its code table.
        pub static ALL: &[&$crate::Rule] = &[$(&$rule),*];
    };
}

/// Declare, in a rule's file, the rule's documentation and the violations that break it. The
/// rule itself is a row of the crate's code table ([`rules!`](crate::rules)), which names this
/// file's module; the rule's `//!` comment is its documentation ([`Rule::docs`](crate::Rule),
/// shown by `aps-pack explain CODE` and in `docs/rules.md`), and each violation type carries its
/// wording beside its fields.
///
/// First the rule's name, `RULE;`, then its documentation, then, for each violation type of the
/// rule (none when the wording lives elsewhere, as for a parser's own account):
///
/// - a struct with named fields (or none): `struct Ty<'a> { fields } => message;`;
/// - an enum whose variants each end `=> message;` (a help shared by every variant is
///   written once, after the closing brace: `} help: …;`).
///
/// The message is a `String`, written over the fields, which are bound by reference under
/// their own names. After it may come `, help: …` (a `String` every finding of it has) or
/// `, help?: …` (an `Option<String>`, when only some do). A violation whose wording needs the
/// whole value, or whose type is generic or declared elsewhere, implements [`Violation`] with
/// closures over it: `impl Ty<'_> { message: |v| …, help: |v| … }` (also `help?:`, and
/// `diagnostic: |v, d| …`, rarely, to change the finding `d` built from those, for a severity
/// that depends on the violation); generic types name their parameters first,
/// `impl<S: Display> Ty<'_, S> { … }`. The rule's static is in scope in the file under its name.
///
/// ```
/// use aps_diag::{rule, Violation};
///
/// // What `rules!` declares for two rows; see there.
/// pub static NAME_TOO_LONG: aps_diag::Rule = aps_diag::Rule {
///     code: "EXA003",
///     name: "name-too-long",
///     group: aps_diag::Group::Test,
///     default_severity: aps_diag::Severity::Warning,
///     summary: "a name is too long",
///     docs: name_too_long::DOCS,
/// };
/// pub static RESERVED_NAME: aps_diag::Rule = aps_diag::Rule {
///     code: "EXA004",
///     name: "reserved-name",
///     group: aps_diag::Group::Test,
///     default_severity: aps_diag::Severity::Error,
///     summary: "a name is reserved",
///     docs: reserved_name::DOCS,
/// };
///
/// mod name_too_long {
///     aps_diag::rule! { NAME_TOO_LONG;
///         //! Reports a name that is too long.
///         //!
///         //! ## Why
///         //! Because.
///
///         /// A name longer than `max` characters.
///         pub struct NameTooLong<'a> { pub name: &'a str, pub max: usize }
///             => format!("`{name}` is longer than {max} characters"), help: "use a shorter name".into();
///
///         /// A name that is no identifier, with a better one when there is one.
///         pub enum BadName {
///             Empty => "the name is empty".into();
///             NotIdentifier { suggestion: Option<String> } => "not an identifier".into(),
///                 help?: suggestion.as_ref().map(|s| format!("did you mean `{s}`?"));
///         }
///     }
/// }
///
/// mod reserved_name {
///     aps_diag::rule! { RESERVED_NAME;
///         //! Reports a name that is reserved.
///
///         /// A name the platform keeps for itself.
///         pub enum ReservedName {
///             Keyword { word: &'static str } => format!("`{word}` is a keyword");
///             Empty => "the name is empty".into();
///         } help: "choose another name".into();
///     }
/// }
///
/// use name_too_long::{BadName, NameTooLong};
/// use reserved_name::ReservedName;
///
/// fn main() {
///     assert_eq!(ReservedName::Keyword { word: "fn" }.message(), "`fn` is a keyword");
///     assert_eq!(ReservedName::Empty.help().as_deref(), Some("choose another name"));
///     assert!(NAME_TOO_LONG.docs.contains("## Why"));
///     let d = NameTooLong { name: "abcdef", max: 4 }.diagnostic();
///     assert_eq!(d.rule.code, "EXA003");
///     assert_eq!(d.message, "`abcdef` is longer than 4 characters");
///     assert_eq!(d.help.as_deref(), Some("use a shorter name"));
///     assert_eq!(BadName::Empty.help(), None);
///     assert_eq!(BadName::NotIdentifier { suggestion: None }.help(), None);
///     let named = BadName::NotIdentifier { suggestion: Some("ab".into()) };
///     assert_eq!(named.help().as_deref(), Some("did you mean `ab`?"));
/// }
/// ```
#[macro_export]
macro_rules! rule {
    (@violations $rule:ident;) => {};
    (@violations $rule:ident; impl<$($g:ident: $bound:path),+> $ty:ty { $($body:tt)* } $($rest:tt)*) => {
        $crate::rule!(@impl [$($g: $bound),+] $ty => $rule, $($body)*);
        $crate::rule!(@violations $rule; $($rest)*);
    };
    (@violations $rule:ident; impl $ty:ty { $($body:tt)* } $($rest:tt)*) => {
        $crate::rule!(@impl [] $ty => $rule, $($body)*);
        $crate::rule!(@violations $rule; $($rest)*);
    };
    (@violations $rule:ident;
        $(#[$meta:meta])* $tvis:vis struct $ty:ident $(<$($lt:lifetime),+>)? {
            $($(#[$fmeta:meta])* $fvis:vis $field:ident: $fty:ty),* $(,)?
        } => $message:expr $(, help: $help:expr)? $(, help?: $help_opt:expr)?;
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        $tvis struct $ty $(<$($lt),+>)? { $($(#[$fmeta])* $fvis $field: $fty),* }
        impl $(<$($lt),+>)? $crate::Violation for $ty $(<$($lt),+>)? {
            fn rule(&self) -> &'static $crate::Rule {
                &$rule
            }
            #[allow(unused_variables)]
            fn message(&self) -> ::std::string::String {
                let Self { $($field),* } = self;
                $message
            }
            #[allow(unused_variables)]
            fn help(&self) -> ::std::option::Option<::std::string::String> {
                let Self { $($field),* } = self;
                $crate::rule!(@help () $(::std::option::Option::Some($help))? $($help_opt)?)
            }
        }
        $crate::rule!(@violations $rule; $($rest)*);
    };
    (@violations $rule:ident;
        $(#[$meta:meta])* $tvis:vis struct $ty:ident
            => $message:expr $(, help: $help:expr)? $(, help?: $help_opt:expr)?;
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        $tvis struct $ty;
        impl $crate::Violation for $ty {
            fn rule(&self) -> &'static $crate::Rule {
                &$rule
            }
            fn message(&self) -> ::std::string::String {
                $message
            }
            fn help(&self) -> ::std::option::Option<::std::string::String> {
                $crate::rule!(@help () $(::std::option::Option::Some($help))? $($help_opt)?)
            }
        }
        $crate::rule!(@violations $rule; $($rest)*);
    };
    (@violations $rule:ident;
        $(#[$meta:meta])* $tvis:vis enum $ty:ident $(<$($lt:lifetime),+>)? { $($variants:tt)* }
        help: $help:expr; $($rest:tt)*
    ) => {
        $crate::rule!(@enum $rule (::std::option::Option::Some($help))
            $(#[$meta])* $tvis enum $ty $(<$($lt),+>)? { $($variants)* });
        $crate::rule!(@violations $rule; $($rest)*);
    };
    (@violations $rule:ident;
        $(#[$meta:meta])* $tvis:vis enum $ty:ident $(<$($lt:lifetime),+>)? { $($variants:tt)* }
        $($rest:tt)*
    ) => {
        $crate::rule!(@enum $rule () $(#[$meta])* $tvis enum $ty $(<$($lt),+>)? { $($variants)* });
        $crate::rule!(@violations $rule; $($rest)*);
    };
    (@enum $rule:ident $shared:tt
        $(#[$meta:meta])* $tvis:vis enum $ty:ident $(<$($lt:lifetime),+>)? {
            $($(#[$vmeta:meta])* $variant:ident $({ $($(#[$fmeta:meta])* $field:ident: $fty:ty),* $(,)? })?
                => $message:expr $(, help: $help:expr)? $(, help?: $help_opt:expr)?;)*
        }
    ) => {
        $(#[$meta])*
        $tvis enum $ty $(<$($lt),+>)? {
            $($(#[$vmeta])* $variant $({ $($(#[$fmeta])* $field: $fty),* })?),*
        }
        impl $(<$($lt),+>)? $crate::Violation for $ty $(<$($lt),+>)? {
            fn rule(&self) -> &'static $crate::Rule {
                &$rule
            }
            #[allow(unused_variables)]
            fn message(&self) -> ::std::string::String {
                match self {
                    $(Self::$variant $({ $($field),* })? => $message,)*
                }
            }
            #[allow(unused_variables)]
            fn help(&self) -> ::std::option::Option<::std::string::String> {
                match self {
                    $(Self::$variant $({ $($field),* })? => {
                        $crate::rule!(@help $shared $(::std::option::Option::Some($help))? $($help_opt)?)
                    })*
                }
            }
        }
    };
    (@help ()) => {
        ::std::option::Option::None
    };
    (@help () $help:expr) => {
        $help
    };
    (@help ($shared:expr)) => {
        $shared
    };
    (@impl [$($generics:tt)*] $ty:ty => $rule:path,
        message: |$m:pat_param| $message:expr
        $(, help: |$h:pat_param| $help:expr)?
        $(, help?: |$ho:pat_param| $help_opt:expr)?
        $(, diagnostic: |$dv:pat_param, $dd:pat_param| $diagnostic:expr)?
        $(,)?
    ) => {
        impl<$($generics)*> $crate::Violation for $ty {
            fn rule(&self) -> &'static $crate::Rule {
                &$rule
            }
            fn message(&self) -> ::std::string::String {
                let $m = self;
                $message
            }
            $(fn help(&self) -> ::std::option::Option<::std::string::String> {
                let $h = self;
                ::std::option::Option::Some($help)
            })?
            $(fn help(&self) -> ::std::option::Option<::std::string::String> {
                let $ho = self;
                $help_opt
            })?
            $(fn diagnostic(&self) -> $crate::Diagnostic {
                let $dd = $crate::Diagnostic::new(self.rule(), self.message()).with_help_opt(self.help());
                let $dv = self;
                $diagnostic
            })?
        }
    };
    // The documentation is taken a line at a time: `#![doc]` and a violation's `#[doc]` both
    // begin with `#`, which a repetition followed by `tt`s could not tell apart.
    (@docs $rule:ident [$($doc:expr),*] #![doc = $line:expr] $($rest:tt)*) => {
        $crate::rule!(@docs $rule [$($doc,)* $line] $($rest)*);
    };
    (@docs $rule:ident [$($doc:expr),*] $($violations:tt)*) => {
        /// The rule's documentation, for its row in the code table.
        pub(super) const DOCS: &str = ::std::concat!($($doc, "\n"),*);
        // In scope under its name, so that the file's check and violations say `RULE`.
        #[allow(unused_imports)]
        pub(crate) use super::$rule;
        $crate::rule!(@violations $rule; $($violations)*);
    };
    ($rule:ident; $($rest:tt)*) => {
        $crate::rule!(@docs $rule [] $($rest)*);
    };
}
