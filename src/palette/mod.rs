//! The fuzzy palette: query prefixes (`query`), candidate lists (`candidates`) and the
//! matcher that narrows as the query grows (`matcher`). Knows nothing of the terminal.
