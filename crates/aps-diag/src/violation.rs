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

/// Declare a rule and the violations that break it, in one place: the rule's doc comment is
/// its documentation ([`Rule::docs`](crate::Rule), shown by `aps-pack explain CODE` and in
/// `docs/rules.md`), and each violation type carries its wording beside its fields.
///
/// The rule: `static NAME: "CODE" "kebab-name" group Severity "summary";`. The group is a
/// [`Group`](crate::Group)'s name; one that is not fails to compile. Then, for each violation
/// type of the rule (none when the wording lives elsewhere, as for a parser's own account):
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
/// `impl<S: Display> Ty<'_, S> { … }`.
///
/// ```
/// use aps_diag::{rule, Violation};
///
/// rule! {
///     /// Reports a name that is too long.
///     ///
///     /// ## Why
///     /// Because.
///     pub static NAME_TOO_LONG: "EXA003" "name-too-long" test Warning "a name is too long";
///
///     /// A name longer than `max` characters.
///     pub struct NameTooLong<'a> { pub name: &'a str, pub max: usize }
///         => format!("`{name}` is longer than {max} characters"), help: "use a shorter name".into();
///
///     /// A name that is no identifier, with a better one when there is one.
///     pub enum BadName {
///         Empty => "the name is empty".into();
///         NotIdentifier { suggestion: Option<String> } => "not an identifier".into(),
///             help?: suggestion.as_ref().map(|s| format!("did you mean `{s}`?"));
///     }
/// }
///
/// rule! {
///     /// Reports a name that is reserved.
///     pub static RESERVED_NAME: "EXA004" "reserved-name" test Error "a name is reserved";
///
///     /// A name the platform keeps for itself.
///     pub enum ReservedName {
///         Keyword { word: &'static str } => format!("`{word}` is a keyword");
///         Empty => "the name is empty".into();
///     } help: "choose another name".into();
/// }
///
/// assert_eq!(NAME_TOO_LONG.code, "EXA003");
/// assert_eq!(ReservedName::Keyword { word: "fn" }.message(), "`fn` is a keyword");
/// assert_eq!(ReservedName::Empty.help().as_deref(), Some("choose another name"));
/// assert!(NAME_TOO_LONG.docs.contains("## Why"));
/// let d = NameTooLong { name: "abcdef", max: 4 }.diagnostic();
/// assert_eq!(d.rule.code, "EXA003");
/// assert_eq!(d.message, "`abcdef` is longer than 4 characters");
/// assert_eq!(d.help.as_deref(), Some("use a shorter name"));
/// assert_eq!(BadName::Empty.help(), None);
/// assert_eq!(BadName::NotIdentifier { suggestion: None }.help(), None);
/// let named = BadName::NotIdentifier { suggestion: Some("ab".into()) };
/// assert_eq!(named.help().as_deref(), Some("did you mean `ab`?"));
/// ```
///
/// A group that does not exist stops the build:
///
/// ```compile_fail
/// aps_diag::rule! {
///     /// Reports a thing.
///     pub static MISFILED: "EXA002" "misfiled" wizzard Warning "a rule in a group that does not exist";
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
    (
        $(#[doc = $doc:expr])*
        $vis:vis static $rule:ident: $code:literal $name:literal $group:ident $severity:ident
            $summary:literal;
        $($violations:tt)*
    ) => {
        $(#[doc = $doc])*
        $vis static $rule: $crate::Rule = $crate::Rule {
            code: $code,
            name: $name,
            // A group name that is not a `Group` fails to compile (const evaluation).
            group: $crate::Group::named(::std::stringify!($group)),
            default_severity: $crate::Severity::$severity,
            summary: $summary,
            docs: ::std::concat!($($doc, "\n"),*),
        };
        $crate::rule!(@violations $rule; $($violations)*);
    };
}
