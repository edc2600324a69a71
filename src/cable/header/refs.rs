//! REF lines to canonical cable ids: `A. 2009 STATE 59732` -> `09STATE59732`, `STATE 2094` in a
//! 2010 cable -> `10STATE2094`, `BRASILIA 2799 AND 2764`, `08 HAGUE 468` -> `08THEHAGUE468`.
//! Things that are not cables (`LAKHDHIR E-MAIL 12/01/09`, `SECDEF MSG DTG 301601z SEP 08`,
//! `PARIS POINTS JULY 15`) give nothing.

/// One word or number of a REF block, with the separator that came before it.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    /// The last punctuation character before the token, or ' ' when only spaces.
    sep: char,
    /// The first non-space character after the token, or ' ' at the end.
    next: char,
}

fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut sep = ' ';
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let word = c.is_ascii_alphanumeric() || ((c == '\'' || c == '-') && start.is_some());
        if word {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(st) = start.take() {
            push_token(s, st, i, sep, &mut out);
            sep = ' ';
        }
        if !c.is_whitespace() && c != '#' {
            sep = c;
        }
    }
    if let Some(st) = start {
        push_token(s, st, s.len(), sep, &mut out);
    }
    out
}

/// Push `s[start..end]`, split where a year is glued to the origin: `09DHAHRAN` ->
/// `09` `DHAHRAN`, `10-OTTAWA-57` -> `10` `OTTAWA` `57`.
fn push_token<'a>(s: &'a str, start: usize, end: usize, sep: char, out: &mut Vec<Token<'a>>) {
    let text = &s[start..end];
    let next = s[end..].trim_start().chars().next().unwrap_or(' ');
    let lead = text.bytes().take_while(|b| b.is_ascii_digit()).count();
    let rest = &text[lead..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let letters = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let tail = &rest[letters..];
    let serial = tail.strip_prefix('-').filter(|t| digits(t));
    let year = matches!(lead, 2 | 4) && year_of(&text[..lead]).is_some();
    if year && letters >= 3 && (tail.is_empty() || serial.is_some()) {
        out.push(Token {
            text: &text[..lead],
            sep,
            next: ' ',
        });
        out.push(Token {
            text: &rest[..letters],
            sep: ' ',
            next: if serial.is_some() { ' ' } else { next },
        });
        if let Some(serial) = serial {
            out.push(Token {
                text: serial,
                sep: ' ',
                next,
            });
        }
        return;
    }
    out.push(Token { text, sep, next });
}

fn digits(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

fn alpha_word(t: &str) -> bool {
    t.bytes().any(|b| b.is_ascii_alphabetic())
        && t.bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'\'' || b == b'-')
}

/// Two-digit year from a year token: `09`, `2009`, `094`.
fn year_of(t: &str) -> Option<u16> {
    if !digits(t) {
        return None;
    }
    let n: u16 = t.parse().ok()?;
    match t.len() {
        2 => Some(n),
        3 if t.starts_with('0') => Some(n % 100),
        4 if (1960..=2011).contains(&n) => Some(n % 100),
        _ => None,
    }
}

/// Parse a REF block. `year` is the citing cable's year (full or two-digit), used where a
/// reference omits it; `self_id` is dropped from the result.
pub fn parse_refs(block: &str, year: Option<u16>, self_id: Option<&str>) -> Vec<String> {
    let mut upper = crate::cable::data::refalias::fix_zero_for_o(&block.to_ascii_uppercase());
    if upper.contains("\\N") {
        // A dump's escaped line breaks (`CONFIDENTIAL\nPAGE 02 ROME ...`).
        upper = upper.replace("\\N", "\n");
    }
    let tokens = tokenize(&upper);
    let own_year = year.map(|y| y % 100);
    let mut out: Vec<String> = Vec::new();
    // The cable itself, also when its own id lacks the year (`BRUSSELS4944`).
    let is_self = |id: &str| {
        self_id.is_some_and(|s| {
            s.eq_ignore_ascii_case(id)
                || !s.starts_with(|c: char| c.is_ascii_digit())
                    && id.get(2..).is_some_and(|r| r.eq_ignore_ascii_case(s))
        })
    };
    let mut push = |id: String| {
        let ok = (7..=25).contains(&id.len()) && !is_self(&id);
        if ok && !out.contains(&id) {
            out.push(id);
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        // An old page break inside the block: `PAGE 02 ROME 01196 01 OF 02 082030Z`.
        if t.text == "PAGE" && tokens.get(i + 1).is_some_and(|n| digits(n.text)) {
            let skip = tokens[i + 1..]
                .iter()
                .take(7)
                .position(|w| w.text.len() == 7 && w.text.ends_with('Z') && digits(&w.text[..6]))
                .map_or(4, |p| p + 2);
            i += skip;
            continue;
        }
        if let Some(id) = glued_id(t.text) {
            push(id);
            i += 1;
            continue;
        }
        // `STATE: 73097`: a colon between the Department and its serial.
        let colon = t.sep == ':' && i > 0 && matches!(tokens[i - 1].text, "STATE" | "SECSTATE");
        if !(digits(t.text) && t.text.len() <= 7 && i > 0 && (t.sep == ' ' || colon)) {
            i += 1;
            continue;
        }
        // Origin words right before the serial, joined only by spaces.
        let mut first = i;
        while first > 0
            && i - first < 4
            && (tokens[first].sep == ' ' || first == i && colon)
            && alpha_word(tokens[first - 1].text)
        {
            first -= 1;
        }
        if first == i {
            i += 1;
            continue;
        }
        // `NOTICE- 24 JULY 2009`: a date, not a serial.
        if tokens
            .get(i + 1)
            .is_some_and(|n| crate::cable::header::dtg::month_number(n.text).is_some())
        {
            i += 1;
            continue;
        }
        let Some((origin, start)) = choose_origin(&tokens[first..i]) else {
            i += 1;
            continue;
        };
        let start = first + start;
        // `INCSR BRAZIL 2008`: a report named after a country, not a cable.
        if tokens[first..start]
            .iter()
            .any(|w| REPORTS.contains(&w.text))
        {
            i += 1;
            continue;
        }
        // The item's year: `09 STATE 1`, `(99) ROME 2196`, `ASUNCION 701 (08)`.
        // (`709 (08) SAO PAULO 542`: the bracketed year closes the item before.)
        let after_serial = start >= 2 && digits(tokens[start - 2].text);
        let before = start.checked_sub(1).map(|k| tokens[k]).filter(|y| {
            tokens[start].sep == ' '
                || tokens[start].sep == ')' && y.sep == '(' && y.next == ')' && !after_serial
        });
        let after = tokens
            .get(i + 1)
            .filter(|y| y.sep == '(' && y.next == ')' && y.text.len() == 2);
        let yy = before
            .and_then(|y| year_of(y.text))
            .or_else(|| after.and_then(|y| year_of(y.text)))
            .or(own_year);
        let Some(yy) = yy else {
            i += 1;
            continue;
        };
        let serial = t.text.trim_start_matches('0');
        if !serial.is_empty() {
            push(format!("{yy:02}{origin}{serial}"));
        }
        // Chains: `2799 AND 2764`, `188314, 259032`, `692/317/274`.
        let mut j = i + 1;
        while j < tokens.len() {
            let n = tokens[j];
            let (num, next) = if n.text == "AND" && n.sep == ' ' {
                match tokens.get(j + 1) {
                    Some(m) if digits(m.text) && m.sep == ' ' => (m.text, j + 2),
                    _ => break,
                }
            } else if digits(n.text)
                && matches!(n.sep, ',' | '/' | '&')
                && n.text.len() <= 7
                && !tokens
                    .get(j + 1)
                    .is_some_and(|m| alpha_word(m.text) && m.sep == ' ')
            {
                // (`2543, 03 VAT 4859`: `03` is the next item's year, not a chained serial.)
                (n.text, j + 1)
            } else {
                break;
            };
            let serial = num.trim_start_matches('0');
            if !serial.is_empty() {
                push(format!("{yy:02}{origin}{serial}"));
            }
            j = next;
        }
        i = j;
    }
    out
}

/// `09CAIRO0561`, `2005PANAMA2342`.
fn glued_id(t: &str) -> Option<String> {
    let lead = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if lead != 2 && lead != 4 {
        return None;
    }
    let rest = &t[lead..];
    let letters = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let serial = &rest[letters..];
    if letters < 3 || !digits(serial) || serial.len() > 7 {
        return None;
    }
    let yy = year_of(&t[..lead])?;
    let origin = canonical_origin(&rest[..letters])?;
    Some(format!("{yy:02}{origin}{}", serial.trim_start_matches('0')))
}

/// The longest known multi-word origin ending at the serial, else the last word.
fn choose_origin(words: &[Token<'_>]) -> Option<(String, usize)> {
    for k in 0..words.len() {
        let compact: String = words[k..]
            .iter()
            .map(|w| w.text.replace(['\'', '-'], ""))
            .collect();
        if k + 1 < words.len()
            && (MULTI_WORD.contains(&compact.as_str())
                || crate::cable::data::refalias::is_multi_word_alias(&compact))
        {
            return canonical_origin(&compact).map(|o| (o, k));
        }
    }
    let last = words.len() - 1;
    canonical_origin(&words[last].text.replace(['\'', '-'], "")).map(|o| (o, last))
}

fn canonical_origin(compact: &str) -> Option<String> {
    if compact.len() < 2
        || STOP.contains(&compact)
        || crate::cable::header::dtg::month_number(compact).is_some() && compact.len() <= 9
    {
        return None;
    }
    if let Some(c) = crate::cable::data::refalias::canonical(compact) {
        return Some(c.to_string());
    }
    if compact.len() == 2 {
        return None;
    }
    let aliased = compact;
    Some(aliased.to_string())
}

const MULTI_WORD: &[&str] = &[
    "ABUDHABI",
    "ADDISABABA",
    "BANDARSERIBEGAWAN",
    "BUENOSAIRES",
    "CAPETOWN",
    "CHIANGMAI",
    "CIUDADJUAREZ",
    "DARESSALAAM",
    "HOCHIMINH",
    "HOCHIMINHCITY",
    "HONGKONG",
    "KUALALUMPUR",
    "LAPAZ",
    "MEXICOCITY",
    "NEWDELHI",
    "NUEVOLAREDO",
    "OSAKAKOBE",
    "PHNOMPENH",
    "PONTADELGADA",
    "PORTAUPRINCE",
    "PORTLOUIS",
    "PORTMORESBY",
    "PORTOFSPAIN",
    "RIODEJAN",
    "RIODEJANEIRO",
    "SANJOSE",
    "SANSALVADOR",
    "SANTODOMINGO",
    "SAOPAULO",
    "STPETERSBURG",
    "TELAVIV",
    "THEHAGUE",
    "UNVIEVIENNA",
    "USEUBRUSSELS",
    "USUNNEWYORK",
    "USUNNEYORK",
    "UNESCOPARISFR",
];

/// Reports named after a country (`INCSR BRAZIL 2008`, `HRR CHINA 2007`).
const REPORTS: &[&str] = &["INCSR", "HRR"];

/// Words that stand before numbers in REF blocks without being a post.
const STOP: &[&str] = &[
    "AND",
    "ALSO",
    "AM",
    "ARTICLE",
    "AT",
    "BY",
    "CABLE",
    "CALL",
    "CFR",
    "CLASSIFIED",
    "DATE",
    "DATED",
    "DAY",
    "DAYS",
    "DECL",
    "DTG",
    "EMAIL",
    "EMAILS",
    "EO",
    "FAM",
    "FAX",
    "FROM",
    "FY",
    "GMT",
    "HOURS",
    "IIR",
    "IN",
    "ITEM",
    "LETTER",
    "LTR",
    "MAIL",
    "MEETING",
    "MEMO",
    "MESSAGE",
    "MSG",
    "NO",
    "NOTE",
    "NR",
    "NUMBER",
    "OF",
    "ON",
    "OSC",
    "PAGE",
    "PARA",
    "PARAGRAPH",
    "PARAGRAPHS",
    "PARAS",
    "PHONE",
    "PM",
    "POINT",
    "POINTS",
    "REASON",
    "REASONS",
    "REF",
    "REFS",
    "REFTEL",
    "REFTELS",
    "REPORT",
    "RESOLUTION",
    "SECTION",
    "SEE",
    "SUBJ",
    "SUBJECT",
    "TD",
    "TEL",
    "TELCON",
    "TELCONS",
    "NOTICE",
    "POC",
    "TELECON",
    "TELEGRAM",
    "THE",
    "TIER",
    "TO",
    "UNSCR",
    "USC",
    "WASHDC",
    "YEAR",
    "EST",
    "EDT",
    "UTC",
    "CODEL",
    "LAW",
    "DECREE",
    "ROOM",
    "ENCLOSURE",
    "VOL",
];

#[cfg(test)]
mod tests {
    use super::parse_refs;

    #[test]
    fn reads_references() {
        assert_eq!(
            parse_refs("A. 2009 STATE 59732\n¶B. 2009 STATE 5577", Some(2009), None),
            vec!["09STATE59732", "09STATE5577"]
        );
        assert_eq!(
            parse_refs("STATE 2094", Some(2010), None),
            vec!["10STATE2094"]
        );
        assert_eq!(
            parse_refs("A. 08 HAGUE 468 ¶B. 07 HAGUE 063", Some(2009), None),
            vec!["08THEHAGUE468", "07THEHAGUE63"]
        );
        assert_eq!(
            parse_refs("BRASILIA 2799 AND 2764", Some(2004), None),
            vec!["04BRASILIA2799", "04BRASILIA2764"]
        );
        assert_eq!(
            parse_refs(
                "A. BERLIN 1045\nB. SECDEF MSG DTG 301601z SEP 08",
                Some(2008),
                None
            ),
            vec!["08BERLIN1045"]
        );
        assert_eq!(
            parse_refs(
                "TRIPOLI 227  TRIPOLI 00000564  001.2 OF 002",
                Some(2008),
                Some("08TRIPOLI564")
            ),
            vec!["08TRIPOLI227"]
        );
        assert_eq!(
            parse_refs("D. 2005PANAMA2342", Some(2006), None),
            vec!["05PANAMA2342"]
        );
    }

    #[test]
    fn years_glued_bracketed_or_after() {
        let refs = |s: &str| parse_refs(s, Some(2010), None);
        assert_eq!(
            refs("A. 09DHAHRAN 201 B. RIYADH 103"),
            ["09DHAHRAN201", "10RIYADH103"]
        );
        assert_eq!(refs("10-OTTAWA-57"), ["10OTTAWA57"]);
        assert_eq!(refs("(99) ROME 2196"), ["99ROME2196"]);
        assert_eq!(
            refs("A. ASUNCION 701 (08)\n¶B. INCSR BRAZIL 2008\n¶C. SAO PAULO 66"),
            ["08ASUNCION701", "10SAOPAULO66"]
        );
        assert_eq!(refs("STATE: 73097"), ["10STATE73097"]);
        assert_eq!(
            refs("BRASILIA 709 (08) SAO PAULO 542"),
            ["08BRASILIA709", "10SAOPAULO542"]
        );
        assert_eq!(
            refs("08TRIPOLI993 WASHDC PRIORITY 4928INFO"),
            ["08TRIPOLI993"]
        );
        assert_eq!(
            parse_refs(
                "B. 04BRUSSELS4944 C. BRUSSELS 12",
                None,
                Some("BRUSSELS4944")
            ),
            Vec::<String>::new()
        );
        assert_eq!(refs("PARA: 12, 1ST AND 2ND 10TH"), Vec::<String>::new());
    }

    #[test]
    fn skips_old_page_breaks() {
        assert_eq!(
            parse_refs(
                "A. STATE 40721\n CONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098",
                Some(2002),
                None
            ),
            vec!["02STATE40721", "02ROME1098"]
        );
    }
}
