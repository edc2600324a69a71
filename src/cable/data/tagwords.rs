//! Data about the world for the TAGS line: typos fixed the way PlusD and cablemap fix them,
//! person tags in their catalogue spelling, given names (to read `CLINTON HILLARY` as a
//! person), and the words that end or join a multi-word subject tag.

/// A typo or split form and the tags it stands for.
const FIXES: &[(&str, &[&str])] = &[
    ("COUNTER TERRORISM", &["COUNTERTERRORISM"]),
    ("MOPPS", &["MOPS"]),
    ("POGOV", &["PGOV"]),
    ("RU", &["RS"]),
    ("SYR", &["SY"]),
    ("UNDESCO", &["UNESCO"]),
    ("RIGHTSPOLMIL", &["RIGHTS", "POL", "MIL"]),
    ("POLMIL", &["POL", "MIL"]),
];

/// Person tags whose catalogue spelling carries a middle initial.
const PERSONS: &[(&str, &str)] = &[
    ("BUSH, GEORGE", "BUSH, GEORGE W."),
    ("STEINBERG, JAMES", "STEINBERG, JAMES B."),
];

/// Given names seen in person tags (`SURNAME GIVEN` without the comma).
const GIVEN_NAMES: &[&str] = &[
    "ALBERTO",
    "ALEXANDER",
    "ANDREW",
    "ANTHONY",
    "BARACK",
    "BENJAMIN",
    "CARLOS",
    "CHARLES",
    "CONDOLEEZZA",
    "DANIEL",
    "DAVID",
    "DICK",
    "DONALD",
    "EDWARD",
    "ERIC",
    "EVO",
    "FIDEL",
    "FRANCISCO",
    "GASPAR",
    "GEORGE",
    "GERARD",
    "GORDON",
    "GUILLERMO",
    "HAMID",
    "HILLARY",
    "HUGO",
    "JAMES",
    "JOHN",
    "JORGE",
    "JOSE",
    "JOSEPH",
    "JUAN",
    "KOFI",
    "LUIS",
    "MAHMOUD",
    "MICHAEL",
    "NANCY",
    "NICOLAS",
    "PAUL",
    "PEDRO",
    "RAUL",
    "RICHARD",
    "ROBERT",
    "SUSAN",
    "THOMAS",
    "TONY",
    "VLADIMIR",
    "WILLIAM",
];

/// Words that end a multi-word subject tag (`ISRAELI PALESTINIAN AFFAIRS`, `IRAQI FREEDOM`).
/// `POL`, the political section's abbreviation, ends one (`FOREIGN POL`) or stands alone
/// (`POL MIL` is the two tags `POL` and `MIL`, as on the cablegate site).
const PHRASE_ENDS: &[&str] = &[
    "AFFAIRS",
    "AMBASSADOR",
    "CLEARANCE",
    "DISENGAGEMENT",
    "ELECTIONS",
    "FREEDOM",
    "POL",
    "POLITICS",
    "REPORT",
];

/// Short words that stay inside a phrase even where they spell a country (`TIP IN TURKEY`).
const JOINERS: &[&str] = &["AND", "AT", "FOR", "IN", "OF", "ON", "THE", "TO", "WITH"];

/// The tags a typo or split form stands for.
pub fn fix(word: &str) -> Option<&'static [&'static str]> {
    FIXES.iter().find(|(w, _)| *w == word).map(|(_, t)| *t)
}

/// The catalogue spelling of a person tag (`BUSH, GEORGE` -> `BUSH, GEORGE W.`).
pub fn person(tag: &str) -> String {
    PERSONS
        .iter()
        .find(|(p, _)| *p == tag)
        .map_or_else(|| tag.to_string(), |(_, c)| (*c).to_string())
}

/// A given name.
pub fn is_given_name(word: &str) -> bool {
    GIVEN_NAMES.binary_search(&word).is_ok()
}

/// A word that ends a multi-word tag.
pub fn ends_phrase(word: &str) -> bool {
    PHRASE_ENDS.contains(&word)
}

/// A short word that joins a phrase.
pub fn is_joiner(word: &str) -> bool {
    JOINERS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_found() {
        assert!(GIVEN_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_given_name("HILLARY"));
        assert!(!is_given_name("PREL"));
        assert_eq!(fix("MOPPS"), Some(&["MOPS"][..]));
        assert_eq!(person("BUSH, GEORGE"), "BUSH, GEORGE W.");
        assert_eq!(person("RICE, CONDOLEEZZA"), "RICE, CONDOLEEZZA");
    }
}
