//! Typed violations: a finding's facts, and the one place that words them.

use crate::{Diagnostic, Rule};

/// The facts of one finding, typed. A rule's file declares the rule, documents it and
/// defines its violations; their fields make the message and the help, so the wording of
/// a code lives in one place however many sites report it (ruff's shape). Sites locate the
/// diagnostic (`at`, `at_path`) and add what only they know (labels, related spans).
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

/// Implement [`Violation`] from its wording: the rule, the message and, when the
/// violation knows how to fix it, the help. Each part is written as a closure over the
/// violation (`|v| …`, or `|_| …` when the text is fixed):
///
/// - `message: |v| …` gives the message (a `String`);
/// - `help: |v| …` a help every finding has (a `String`), or `help?: |v| …` one that
///   depends on the violation (an `Option<String>`);
/// - `diagnostic: |v, d| …`, rarely, changes the finding `d` built from those (for a
///   severity that depends on the violation).
///
/// Generic violations name their parameters first: `impl<S: Display> Ty<S> => RULE, …`.
///
/// ```
/// use aps_diag::{declare_rule, violation, Violation};
///
/// declare_rule! {
///     /// Reports a name that is too long.
///     pub static NAME_TOO_LONG = { code: "EXA003", name: "name-too-long", group: "test", severity: Warning, summary: "a name is too long" };
/// }
///
/// /// A name longer than `max` characters.
/// pub struct NameTooLong<'a> { pub name: &'a str, pub max: usize }
///
/// violation! { NameTooLong<'_> => NAME_TOO_LONG,
///     message: |v| format!("`{}` is longer than {} characters", v.name, v.max),
///     help: |_| "use a shorter name".into(),
/// }
///
/// /// A name that is no identifier, with a better one when there is one.
/// pub struct BadName { pub suggestion: Option<String> }
///
/// violation! { BadName => NAME_TOO_LONG,
///     message: |_| "not an identifier".into(),
///     help?: |v| v.suggestion.as_ref().map(|s| format!("did you mean `{s}`?")),
/// }
///
/// let d = NameTooLong { name: "abcdef", max: 4 }.diagnostic();
/// assert_eq!(d.rule.code, "EXA003");
/// assert_eq!(d.message, "`abcdef` is longer than 4 characters");
/// assert_eq!(d.help.as_deref(), Some("use a shorter name"));
/// assert_eq!(BadName { suggestion: None }.help(), None);
/// assert_eq!(BadName { suggestion: Some("ab".into()) }.help().as_deref(), Some("did you mean `ab`?"));
/// ```
#[macro_export]
macro_rules! violation {
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
    (impl<$($g:ident: $bound:path),+> $ty:ty => $($rest:tt)*) => {
        $crate::violation!(@impl [$($g: $bound),+] $ty => $($rest)*);
    };
    ($ty:ty => $($rest:tt)*) => {
        $crate::violation!(@impl [] $ty => $($rest)*);
    };
}
