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

/// An underlying error (I/O most often) kept by an error type that is cloned and compared:
/// shared rather than flattened to text, so the original stays at hand ([`SharedError::get`],
/// [`SharedError::io`]). It reads as what it wraps (its display and its source are the
/// original's), and two compare equal when they read the same, which is what tests and
/// findings compare.
#[derive(Debug, Clone)]
pub struct SharedError(std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl SharedError {
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        SharedError(std::sync::Arc::new(error))
    }

    /// The original error.
    pub fn get(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }

    /// The I/O error underneath, when it is one (to tell a missing file from a broken one).
    pub fn io(&self) -> Option<&std::io::Error> {
        self.0.downcast_ref()
    }
}

impl From<std::io::Error> for SharedError {
    fn from(error: std::io::Error) -> Self {
        SharedError::new(error)
    }
}

impl std::fmt::Display for SharedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

// Transparent: a report walking the chain of sources shows the original's message once.
impl std::error::Error for SharedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl PartialEq for SharedError {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || self.0.to_string() == other.0.to_string()
    }
}

impl Eq for SharedError {}

#[cfg(test)]
mod shared_tests {
    use super::SharedError;
    use std::error::Error;

    #[test]
    fn the_original_error_stays_reachable() {
        let error = SharedError::from(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"));
        let copy = error.clone();
        assert_eq!(copy, error);
        assert_eq!(copy.to_string(), "denied");
        assert_eq!(copy.io().map(std::io::Error::kind), Some(std::io::ErrorKind::PermissionDenied));
        assert!(copy.get().downcast_ref::<std::io::Error>().is_some());
        assert!(copy.source().is_none(), "transparent: the original has no source of its own");
        assert_ne!(error, SharedError::from(std::io::Error::other("other")));
    }
}
