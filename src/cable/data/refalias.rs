//! Origin aliases in REF lines: the short forms, old names and typos that cables use for a
//! post, mapped to the post's name in canonical cable ids (`SECSTATE` -> `STATE`,
//! `BISHTEK` -> `BISHKEK`). Data about the world, kept apart from the rules in
//! `header/refs.rs`.

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
    ("PORTA", "PORTAUPRINCE"),
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
        "KUALALUMP"
            | "PARISFR"
            | "PHNOMPEN"
            | "PORTA"
            | "RIODEJANERIO"
            | "RIODEJANIERO"
            | "SAOPAUL"
            | "SAOPAUO"
            | "USUNESCOPARISFR"
    )
}

/// Typed zeros and letter O swapped: `0TTAWA`, `SANTIAG0` -> `OTTAWA`, `SANTIAGO`; `O4` -> `04`.
pub fn fix_zero_for_o(s: &str) -> String {
    s.split_inclusive(|c: char| !c.is_ascii_alphanumeric())
        .map(|piece| {
            let word = piece.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
            let tail = &piece[word.len()..];
            let b = word.as_bytes();
            let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
            let zeros = b.iter().filter(|&&c| c == b'0').count();
            if letters >= 3
                && zeros == 1
                && letters + 1 == b.len()
                && (b[0] == b'0' || b[b.len() - 1] == b'0')
            {
                format!("{}{tail}", word.replace('0', "O"))
            } else if b.len() == 2 && b[0] == b'O' && b[1].is_ascii_digit() {
                format!("0{}{tail}", &word[1..])
            } else {
                piece.to_string()
            }
        })
        .collect()
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

    #[test]
    fn refs_use_aliases_and_typo_rules() {
        use crate::cable::refs::parse_refs;
        assert_eq!(
            parse_refs("A. 05 BISHTEK 1194", Some(2005), None),
            ["05BISHKEK1194"]
        );
        assert_eq!(
            parse_refs(
                "A. OTTAWA 2258 B. 05 0TTAWA 3518 C. 05 SANTIAG0 465",
                Some(2006),
                None
            ),
            ["06OTTAWA2258", "05OTTAWA3518", "05SANTIAGO465"]
        );
        assert_eq!(
            parse_refs("(B)O4 CHENNAI 0944", Some(2006), None),
            ["04CHENNAI944"]
        );
        assert_eq!(
            parse_refs("(A) PARIS FR 2144", Some(2008), None),
            ["08UNESCOPARISFR2144"]
        );
        assert_eq!(
            parse_refs("05 ROME 2543, 03 VAT 4859", Some(2005), None),
            ["05ROME2543", "03VATICAN4859"]
        );
        assert!(parse_refs("ASSISTANCE NOTICE- 24 JULY 2009", Some(2010), None).is_empty());
    }
}
