use crate::appdir::SRC_DIR;
use aps_diag::{declare_rule, join_display, violation, Diagnostic, Violation};
use std::collections::HashMap;

declare_rule! {
    /// The version folder has no `src/` folder (the Terraform files that deploy the
    /// application), or `src` is not a folder.
    ///
    /// **Why:** ZStack deploys a marketplace application by rendering and applying the
    /// Terraform files under `src/`; without them the application cannot be deployed.
    ///
    /// **Fix:** add `src/` with the `.tf` files (`main.tf`, `variables.tf`, `output.tf`, …).
    pub static MISSING_SRC = {
        code: "ZST102", name: "missing-src-folder", group: "zstack",
        severity: Error, summary: "the application folder has no `src/` folder",
    };
}

/// `src/` is absent, or is a file.
pub enum MissingSrc {
    Missing,
    File,
}

violation! { MissingSrc => MISSING_SRC,
    message: |v| match v {
        Self::Missing => "the `src/` folder with the Terraform files is missing".into(),
        Self::File => "`src` is a file, expected the folder of Terraform files".into(),
    },
    help?: |v| match v {
        Self::Missing => Some("add `src/` with the `.tf` files that deploy the application".into()),
        Self::File => None,
    },
}

/// `src` of the top level (`top`: name → is a folder).
pub(crate) fn check(top: &HashMap<&str, bool>, display: &str, diags: &mut Vec<Diagnostic>) {
    let v = match top.get(SRC_DIR) {
        None => MissingSrc::Missing,
        Some(false) => MissingSrc::File,
        Some(true) => return,
    };
    diags.push(v.diagnostic().at_path(join_display(display, "src")));
}
