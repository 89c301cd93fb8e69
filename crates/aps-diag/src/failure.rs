//! The one shape for a failure that stops a command before any finding is
//! reported: what is wrong, and how to fix it when that is known.

/// A failure the user can act on. `help` is shown on its own line by the CLI
/// and as miette's help by anything that renders [`miette::Diagnostic`]s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub message: String,
    pub help: Option<String>,
}

// By hand rather than derived: miette's derive feature would be the only user of its proc macro.
impl miette::Diagnostic for Failure {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help.as_ref().map(|help| Box::new(help) as Box<dyn std::fmt::Display + 'a>)
    }
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure { message: message.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_travels_as_miette_help() {
        let failure = Failure::new("unknown rule `X`").with_help("did you mean `Y`?");
        assert_eq!(failure.to_string(), "unknown rule `X`");
        let help = miette::Diagnostic::help(&failure).map(|h| h.to_string());
        assert_eq!(help.as_deref(), Some("did you mean `Y`?"));
    }
}
