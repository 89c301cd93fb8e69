//! XML-DSig signing of APP-LIST.xml (placeholder while the signer lands).

/// A loaded signing key with its certificate chain.
#[derive(Debug, Clone)]
pub struct Signer {}

/// Why signing failed.
#[derive(Debug, Clone)]
pub struct SignError(pub String);

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `text` with one signature per signer.
pub fn sign_all(text: &str, signers: &[Signer]) -> Result<String, SignError> {
    if signers.is_empty() {
        return Ok(text.to_string());
    }
    Err(SignError("signing is not available yet".into()))
}
