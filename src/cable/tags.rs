//! The TAGS dictionary: code -> meaning, for subject tags and country codes.
//! (Skeleton: the parser issue fills this in.)

/// The meaning of a TAGS code, if known (`PHUM` -> `Human Rights`).
pub fn meaning(code: &str) -> Option<&'static str> {
    match code {
        "PHUM" => Some("Human Rights"),
        "KTIP" => Some("Trafficking in Persons"),
        "TI" => Some("Tajikistan"),
        _ => None,
    }
}
