use crate::appdir::SRC_DIR;
use aps_diag::{join_display, rule, Diagnostic, Violation};
use std::collections::HashMap;

rule! { MISSING_SRC;
    //! The version folder has no `src/` folder (the Terraform files that deploy the
    //! application), or `src` is not a folder.
    //!
    //! **Why:** ZStack deploys a marketplace application by rendering and applying the
    //! Terraform files under `src/`; without them the application cannot be deployed.
    //!
    //! **Fix:** add `src/` with the `.tf` files (`main.tf`, `variables.tf`, `output.tf`, …).

    /// `src/` is absent, or is a file.
    pub enum MissingSrc {
        Missing => "the `src/` folder with the Terraform files is missing".into(),
            help: "add `src/` with the `.tf` files that deploy the application".into();
        File => "`src` is a file, expected the folder of Terraform files".into();
    }
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
