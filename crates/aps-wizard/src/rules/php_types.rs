use crate::lint::join_and;
use aps_diag::rule;

rule! { TYPES_DEFINED_IN_PHP;
    //! ## What it does
    //! Says, once per wizard file, that some checks were skipped because
    //! the types of some services are defined by PHP annotations and no
    //! schema for them is available.
    //!
    //! ## Why
    //! Checks such as "`resource_id` is a counter of the service's type" or
    //! "`appId` is the root type" need the type's schema. APS PHP packages
    //! declare types in PHP docblocks; the schema exists only once generated.
    //! aps-pack never guesses: it says which checks it could not make.
    //!
    //! ## Fix
    //! Nothing is wrong. Generate the schemas from the PHP sources (or
    //! commit them under `schemas/`) to have the checks run.

    /// Checks of one file skipped for services whose types are defined in PHP.
    pub(crate) struct TypesDefinedInPhp<'a> {
        /// The services, each quoted (`` `id` ``), in order.
        pub services: &'a [String],
    } => if services.len() == 1 {
        format!("types of service {} are defined in PHP and unknown", services[0])
    } else {
        format!("types of services {} are defined in PHP and unknown", join_and(services))
    },
        help: "generate the type schemas from the PHP annotations (`aps-pack schema`), \
               or commit them under schemas/, to have these checks run"
            .into();
}
