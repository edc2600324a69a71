//! Origin aliases in REF lines: the short forms, old names and typos that cables use for a
//! post, mapped to the post's name in canonical cable ids (`SECSTATE` -> `STATE`,
//! `BISHTEK` -> `BISHKEK`). Data about the world, kept apart from the rules in `refs.rs`.

/// `(as written, compact)` -> canonical origin, sorted by the first column.
const ALIASES: &[(&str, &str)] = &[
    ("BA", "BUENOSAIRES"),
    ("BEIJINJG", "BEIJING"),
    ("BISHTEK", "BISHKEK"),
    ("BKK", "BANGKOK"),
    ("BRASIIA", "BRASILIA"),
    ("BRASILA", "BRASILIA"),
    ("BRAZIL", "BRASILIA"),
    ("BRAZILIA", "BRASILIA"),
    ("CDCATLANTA", "CDCATLANTAGA"),
    ("HAGUE", "THEHAGUE"),
    ("HALIF", "HALIFAX"),
    ("HCMC", "HOCHIMINHCITY"),
    ("HOCHIMINH", "HOCHIMINHCITY"),
    ("KINSTON", "KINGSTON"),
    ("KUALALUMP", "KUALALUMPUR"),
    ("MADRIDSP", "MADRID"),
    ("MEXICOCITY", "MEXICO"),
    ("PANAM", "PANAMA"),
    ("PANANA", "PANAMA"),
    ("PAP", "PORTAUPRINCE"),
    ("PARISFR", "UNESCOPARISFR"),
    ("PAUP", "PORTAUPRINCE"),
    ("PHNOMPEN", "PHNOMPENH"),
    ("RIO", "RIODEJANEIRO"),
    ("RIODEJAN", "RIODEJANEIRO"),
    ("RIODEJANERIO", "RIODEJANEIRO"),
    ("RIODEJANIERO", "RIODEJANEIRO"),
    ("SANJSE", "SANJOSE"),
    ("SAOPAUL", "SAOPAULO"),
    ("SAOPAUO", "SAOPAULO"),
    ("SCOPAULO", "SAOPAULO"),
    ("SECDEFWASH", "SECDEF"),
    ("SECSTATE", "STATE"),
    ("SECTATE", "STATE"),
    ("SECTSTATE", "STATE"),
    ("STATEDEPT", "STATE"),
    ("TRIPOLII", "TRIPOLI"),
    ("UNVIE", "UNVIEVIENNA"),
    ("USCUSTOMSA", "USCBP"),
    ("USDA", "USDAFAS"),
    ("USDOCWASHDC", "USDOC"),
    ("USEU", "USEUBRUSSELS"),
    ("USEUBRUSEELS", "USEUBRUSSELS"),
    ("USUN", "USUNNEWYORK"),
    ("USUNESCOPARISFR", "UNESCOPARISFR"),
    ("USUNNEYORK", "USUNNEWYORK"),
    ("USUNNY", "USUNNEWYORK"),
    ("VAT", "VATICAN"),
    ("WELLINGOTN", "WELLINGTON"),
    ("WELLLINGTON", "WELLINGTON"),
];

/// The canonical origin for an alias, if it is one.
pub fn canonical(compact: &str) -> Option<&'static str> {
    ALIASES
        .binary_search_by(|(a, _)| (*a).cmp(compact))
        .ok()
        .and_then(|i| ALIASES.get(i))
        .map(|(_, c)| *c)
}

/// Multi-word spellings that are aliases (`SAO PAUO`, `PHNOM PEN`).
pub fn is_multi_word_alias(compact: &str) -> bool {
    matches!(
        compact,
        "KUALALUMP" | "PHNOMPEN" | "RIODEJANERIO" | "RIODEJANIERO" | "SAOPAUL" | "SAOPAUO"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_aliases_resolve() {
        assert!(ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(canonical("BISHTEK"), Some("BISHKEK"));
        assert_eq!(canonical("SECSTATE"), Some("STATE"));
        assert_eq!(canonical("ROME"), None);
    }
}
