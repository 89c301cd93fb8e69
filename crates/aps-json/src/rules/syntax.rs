use aps_diag::rule;

rule! { SYNTAX;
    //! The JSON text is malformed: the message says what was expected and what was found.
    //!
    //! Common causes: a trailing comma after the last item, single quotes,
    //! unquoted keys, a missing comma between members, a comment in a file
    //! that does not allow comments (only APS type schemas do).
}

// The parser words each syntax error from what it expected and found, in one place
// (`Parser::error_at`).
