//! The classification line: `UNCLAS SECTION 01 OF 02 DUSHANBE 001319`,
//! `C O N F I D E N T I A L STATE 123456`, `S e c r e t nairobi 001938`, `SECRET//NOFORN`,
//! `UNCLAS E F T O SECTION 01 OF 03 TRIPOLI 000648`. Gives the level, caveats written on the
//! line, the section count, and the origin and serial the id is built from.

use crate::cable::Classification;

/// What a classification line says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassLine {
    pub level: Classification,
    pub caveats: Vec<String>,
    pub sections: Option<u32>,
    /// Origin as written (`THE HAGUE`, `STATE`); the id form drops the spaces.
    pub origin: Option<String>,
    pub serial: Option<u32>,
}

/// Read a trimmed line as a classification line; `None` if it does not start with a level.
pub fn parse(line: &str) -> Option<ClassLine> {
    // A level word's first letter (`U`, `C`, `S`, `L`, or `N` with the `U` lost) is among the
    // first three bytes (`S E C`, `SS E C`, `XUNCLAS`): a cheap test before upper-casing.
    let head = line.trim_start().as_bytes();
    if !head
        .iter()
        .take(3)
        .any(|b| matches!(b.to_ascii_uppercase(), b'U' | b'C' | b'S' | b'L' | b'N'))
    {
        return None;
    }
    let upper = line.to_ascii_uppercase();
    let (word, rest) = leading_word(&upper);
    let mut level = level_of(&word)?;
    if level == Classification::Unclassified
        && (upper.contains("OFFICIAL USE")
            || upper.contains("//SBU")
            || upper.contains("SENSITIVE BUT"))
    {
        level = Classification::Sbu;
    }
    let mut out = ClassLine {
        level,
        ..ClassLine::default()
    };
    let mut tokens: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|t| !t.is_empty())
        .collect();
    // Leading caveats and qualifiers: `E F T O`, `SENSITIVE`, `NOFORN`, `OFFICIAL USE`.
    let mut i = 0;
    let mut spaced = String::new();
    while i < tokens.len() {
        let t = tokens[i];
        if t.len() == 1 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
            spaced.push_str(t);
            i += 1;
            continue;
        }
        if !spaced.is_empty() {
            push_caveat(&mut out.caveats, &spaced);
            spaced.clear();
        }
        if is_caveat_word(t) {
            push_caveat(&mut out.caveats, t);
            i += 1;
        } else {
            break;
        }
    }
    if !spaced.is_empty() {
        push_caveat(&mut out.caveats, &spaced);
    }
    tokens.drain(..i);
    if tokens.first() == Some(&"SECTION") {
        let of = tokens.iter().position(|t| *t == "OF");
        if let Some(of) = of {
            out.sections = tokens.get(of + 1).and_then(|t| t.parse().ok());
            tokens.drain(..(of + 2).min(tokens.len()));
        }
    }
    // `75 LIBREVILLE 1895`: the two-digit year some 1970s lines put before the origin.
    if let [year, origin, _, ..] = tokens.as_slice()
        && year.len() == 2
        && year.bytes().all(|b| b.is_ascii_digit())
        && origin.bytes().all(|b| b.is_ascii_alphabetic())
    {
        tokens.remove(0);
    }
    // Then `ORIGIN WORDS 001319`.
    let serial_like = |t: &&str| {
        let d = t.bytes().take_while(|b| b.is_ascii_digit()).count();
        d == t.len() || d >= 3
    };
    if let Some(n) = tokens.iter().position(serial_like) {
        let words = &tokens[..n];
        if !words.is_empty()
            && words.len() <= 5
            && words.iter().all(|w| {
                w.bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'\'')
            })
        {
            out.origin = Some(words.join(" "));
            let digits: String = tokens[n]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            out.serial = digits.parse().ok().filter(|&s| s > 0);
            // `001557SENSITIVE`, `000062 SIPDIS SENSITIVE`: caveats after the serial.
            let glued = tokens[n].get(digits.len()..).filter(|g| !g.is_empty());
            // `003352SIPDISSIPDISNOFORNE.O.`: caveats glued to each other and to the next
            // header word (06ANKARA3352), peeled off the front.
            if let Some(g) = glued.filter(|g| !is_caveat_word(g)) {
                for cav in peel_caveats(g) {
                    push_caveat(&mut out.caveats, cav);
                }
            }
            for cav in glued
                .into_iter()
                .chain(tokens[n + 1..].iter().copied())
                .take_while(|t| is_caveat_word(t))
            {
                push_caveat(&mut out.caveats, cav);
            }
            if words.iter().any(|w| w.contains("XXX")) {
                out.origin = None;
                out.serial = None;
            }
        }
    }
    Some(out)
}

/// A level word: `UNCLAS`, `UNCLASSIFIED`, `CONFIDENTIAL`, `SECRET`, `LIMITED OFFICIAL USE`,
/// possibly letter-spaced. Returns the word joined and the rest of the line.
fn leading_word(upper: &str) -> (String, &str) {
    let rest = upper.trim_start();
    let mut word = String::new();
    let mut consumed = 0;
    for (i, t) in rest.split(' ').enumerate() {
        let spaced_letter = t.bytes().all(|b| b.is_ascii_alphabetic())
            && (t.len() == 1 || (i == 0 && t.len() == 2));
        if !spaced_letter {
            break;
        }
        word.push_str(t);
        consumed += t.len() + 1;
    }
    if word.len() >= 5 {
        return (word, rest.get(consumed.min(rest.len())..).unwrap_or(""));
    }
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    if let Some(after) = rest.strip_prefix("LIMITED OFFICIAL USE") {
        return ("LIMITED OFFICIAL USE".into(), after);
    }
    (rest[..end].to_string(), &rest[end..])
}

const LEVELS: [(&str, Classification); 8] = [
    ("UNCLASSIFIED", Classification::Unclassified),
    ("UNCLAS", Classification::Unclassified),
    // `NCLAS SECTION 01 OF 02 BRASILIA 001017`: the first letter lost.
    ("NCLASSIFIED", Classification::Unclassified),
    ("NCLAS", Classification::Unclassified),
    ("CONFIDENTIAL", Classification::Confidential),
    ("SECRET", Classification::Secret),
    ("LIMITED OFFICIAL USE", Classification::Sbu),
    ("LIMITEDOFFICIALUSE", Classification::Sbu),
];

fn level_of(word: &str) -> Option<Classification> {
    LEVELS
        .iter()
        .find(|(w, _)| {
            word == *w || (word.len() > w.len() && word.ends_with(w) && word.len() <= w.len() + 1)
        })
        .map(|(_, l)| *l)
}

/// The caveat words glued at the front of `g` (`SIPDISSIPDISNOFORNE.O.` -> SIPDIS, SIPDIS,
/// NOFORN), in order; none unless the first one is a whole caveat.
pub(super) fn peel_caveats(g: &str) -> Vec<&'static str> {
    peel_caveats_rest(g).0
}

/// [`peel_caveats`] and what is left after them.
pub(super) fn peel_caveats_rest(mut g: &str) -> (Vec<&'static str>, &str) {
    const PEELED: [&str; 4] = ["SIPDIS", "NOFORN", "SENSITIVE", "EXDIS"];
    let mut out = Vec::new();
    while let Some(c) = PEELED.iter().find(|c| g.starts_with(**c)) {
        out.push(*c);
        g = &g[c.len()..];
    }
    (out, g)
}

/// Handling caveats that may appear on their own lines or on the classification line.
pub fn is_caveat_word(t: &str) -> bool {
    matches!(
        t,
        "SENSITIVE"
            | "SIPDIS"
            | "NOFORN"
            | "EXDIS"
            | "NODIS"
            | "LIMDIS"
            | "STADIS"
            | "EFTO"
            | "FOUO"
            | "SBU"
            | "ORCON"
            | "NOCONTRACT"
            | "PROPIN"
            | "REL"
            | "FGI"
            | "CHEROKEE"
    )
}

/// Add a caveat once, in canonical spelling.
pub fn push_caveat(caveats: &mut Vec<String>, c: &str) {
    let c = c.trim().trim_end_matches(['.', ',']).to_ascii_uppercase();
    if !c.is_empty() && !caveats.contains(&c) {
        caveats.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_common_forms() {
        let c = parse("UNCLAS SECTION 01 OF 02 DUSHANBE 001319").expect("line");
        assert_eq!(c.level, Classification::Unclassified);
        assert_eq!(c.sections, Some(2));
        assert_eq!(c.origin.as_deref(), Some("DUSHANBE"));
        assert_eq!(c.serial, Some(1319));
        let c = parse("C O N F I D E N T I A L SECTION 01 OF 03 THE HAGUE 000264").expect("line");
        assert_eq!(c.level, Classification::Confidential);
        assert_eq!(c.origin.as_deref(), Some("THE HAGUE"));
        let c = parse("S e c r e t nairobi 001938").expect("line");
        assert_eq!((c.level, c.serial), (Classification::Secret, Some(1938)));
        let c = parse("SS E C R E T SECTION 01 OF 02 BAGHDAD 000123").expect("line");
        assert_eq!(c.level, Classification::Secret);
        let c = parse("UNCLAS E F T O SECTION 01 OF 03 TRIPOLI 000648").expect("line");
        assert_eq!(c.caveats, vec!["EFTO"]);
        assert_eq!(c.origin.as_deref(), Some("TRIPOLI"));
        let c = parse("SECRET//NOFORN").expect("line");
        assert_eq!(c.caveats, vec!["NOFORN"]);
        assert!(parse("CLASSIFIED BY: AMBASSADOR").is_none());
        assert!(parse("C O R R E C T E D COPY").is_none());
        let c = parse("C O N F I D E N T I A L 75 LIBREVILLE 1895").expect("line");
        assert_eq!(c.origin.as_deref(), Some("LIBREVILLE"));
        assert_eq!(c.serial, Some(1895));
        let c = parse("UNCLAS SECTION 01 OF 04 RIYADH 001557SENSITIVE").expect("line");
        assert_eq!(
            (c.serial, c.caveats.clone()),
            (Some(1557), vec!["SENSITIVE".into()])
        );
        let c =
            parse("UNCLAS BUENOS AIRES 000062 SIPDIS SENSITIVE SIPDIS STATE FOR").expect("line");
        assert_eq!(c.caveats, vec!["SIPDIS", "SENSITIVE"]);
        // 06ANKARA3352 (fourth round): caveats glued to each other and to `E.O.`.
        let c = parse("S E C R E T SECTION 01 OF 04 ANKARA 003352SIPDISSIPDISNOFORNE.O. 12958")
            .expect("line");
        assert_eq!(c.serial, Some(3352));
        assert_eq!(c.caveats, vec!["SIPDIS", "NOFORN"]);
        let c = parse("NCLAS SECTION 01 OF 02 BRASILIA 001017").expect("line");
        assert_eq!(c.level, Classification::Unclassified);
    }
}
