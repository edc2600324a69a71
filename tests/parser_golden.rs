//! Golden tests: every field of the five demo cables, every paragraph's label, marking and
//! kind, and spot checks of the reflowed text.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use cables::cable::{self, Cable, Classification, ParagraphKind, YearSource};

fn demo(name: &str) -> Cable {
    let (_, text) = cables::archive::DEMO
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("demo cable {name}"));
    cable::parse(text)
}

/// Every paragraph as `label/marking/kind`, `-` for none, kind `N`umbered `H`eading `T`ext.
fn shape(c: &Cable) -> String {
    c.paragraphs
        .iter()
        .map(|p| {
            let kind = match p.kind {
                ParagraphKind::Numbered => "N",
                ParagraphKind::Heading => "H",
                ParagraphKind::Text => "T",
            };
            format!(
                "{}/{}/{kind}",
                p.label.as_deref().unwrap_or("-"),
                p.marking.as_deref().unwrap_or("-")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn text_with_label<'a>(c: &'a Cable, label: &str) -> &'a str {
    c.paragraphs
        .iter()
        .find(|p| p.label.as_deref() == Some(label))
        .map(|p| p.text.as_str())
        .unwrap_or_else(|| panic!("no paragraph {label} in {}", c.id))
}

fn assert_clean(c: &Cable) {
    for p in &c.paragraphs {
        assert!(!p.text.contains("](#)"), "{} ¶{}: markdown left", c.id, p.n);
        assert!(!p.text.contains("\\$"), "{} ¶{}: escaped dollar", c.id, p.n);
        assert!(
            !p.text.contains("\\underline"),
            "{} ¶{}: latex left",
            c.id,
            p.n
        );
        assert!(!p.text.contains("  "), "{} ¶{}: double space", c.id, p.n);
        assert!(!p.text.contains("NNNN"), "{} ¶{}: end marker", c.id, p.n);
        assert!(!p.text.starts_with('#'), "{} ¶{}: heading mark", c.id, p.n);
        assert!(!p.text.contains("-----"), "{} ¶{}: rule", c.id, p.n);
        for w in p.text.split(' ').collect::<Vec<_>>().windows(4) {
            let page_break = w[2] == "OF"
                && w[0].len() == 8
                && w[0].bytes().all(|b| b.is_ascii_digit())
                && w[3].bytes().all(|b| b.is_ascii_digit());
            assert!(!page_break, "{} ¶{}: page-break line in {:?}", c.id, p.n, w);
        }
    }
    let ns: Vec<u32> = c.paragraphs.iter().map(|p| p.n).collect();
    assert_eq!(ns, (1..=c.paragraphs.len() as u32).collect::<Vec<_>>());
}

#[test]
fn dushanbe_1319() {
    let c = demo("09DUSHANBE1319.txt");
    assert_eq!(c.id, "09DUSHANBE1319");
    assert_eq!(c.id_year, YearSource::Dtg);
    assert_eq!(
        c.date.map(|d| d.to_string()).as_deref(),
        Some("2009-11-24T10:50Z")
    );
    let p = c.precedence.clone().expect("precedence");
    assert_eq!((p.code.as_str(), p.name.as_str()), ("R", "ROUTINE"));
    assert_eq!(c.origin, "Embassy Dushanbe");
    assert_eq!(c.from, "AMEMBASSY DUSHANBE");
    assert_eq!(c.to, strs(&["RUEHC/SECSTATE WASHDC 0929"]));
    assert_eq!(
        c.info,
        strs(&["RUEHDBU/AMEMBASSY DUSHANBE 2024", "RUCNCIS/CIS COLLECTIVE"])
    );
    assert_eq!(c.classification, Classification::Sbu);
    assert_eq!(
        c.classification_raw,
        "UNCLAS SECTION 01 OF 02 DUSHANBE 001319"
    );
    assert_eq!(c.caveats, strs(&["SENSITIVE", "SIPDIS"]));
    assert_eq!(c.sections, Some(2));
    assert_eq!(
        c.tags,
        strs(&["PHUM", "KTIP", "KCRM", "KWMN", "PGOV", "SMIG", "TI"])
    );
    assert_eq!(
        c.subject,
        "TAJIK TIP COMMISSION: EVOLVING DESPITE A SOVIET DINOSAUR"
    );
    assert!(c.references.is_empty());
    assert_eq!(c.signer.as_deref(), Some("QUAST"));
    assert_eq!(c.partial, None);
    assert!(c.looks_like_cable());
    assert_eq!(
        shape(&c),
        "1/SBU/N 2/SBU/N 3/SBU/N 4/SBU/N 5/SBU/N 6/SBU/N 7/SBU/N 8/SBU/N 9/SBU/N 10/SBU/N 11/SBU/N"
    );
    assert!(
        text_with_label(&c, "4").contains(
            "young children continue to work in the cotton harvest outside of school hours"
        )
    );
    assert!(text_with_label(&c, "1").starts_with("SUMMARY: Recent meetings"));
    // ¶6 runs on across the page break.
    assert!(text_with_label(&c, "6").contains("Tajik workers in countries he visits."));
    // ¶8 runs on across a stray blank line after `relations,"`.
    assert!(text_with_label(&c, "8").contains("relations,\" and that the allegations were"));
    assert!(text_with_label(&c, "11").ends_with("END COMMENT"));
    assert_clean(&c);
}

#[test]
fn state_60639() {
    let c = demo("09STATE60639.txt");
    assert_eq!(c.id, "09STATE60639");
    assert_eq!(
        c.date.map(|d| d.to_string()).as_deref(),
        Some("2009-06-12T01:39Z")
    );
    let p = c.precedence.clone().expect("precedence");
    assert_eq!((p.code.as_str(), p.name.as_str()), ("P", "PRIORITY"));
    assert_eq!(c.origin, "Secretary of State");
    assert_eq!(c.from, "SECSTATE WASHDC");
    assert_eq!(c.to, strs(&["AMEMBASSY DUSHANBE PRIORITY 0757"]));
    assert!(c.info.is_empty());
    assert_eq!(c.classification, Classification::Unclassified);
    assert_eq!(c.classification_raw, "UNCLAS SECTION 01 OF 05 STATE 060639");
    assert_eq!(c.caveats, strs(&["SIPDIS"]));
    assert_eq!(c.sections, Some(5));
    assert_eq!(
        c.tags,
        strs(&[
            "ELAB", "KCRM", "KWMN", "PGOV", "PHUM", "PREL", "SMIG", "KPAO", "KTIP", "TI"
        ])
    );
    assert_eq!(
        c.subject,
        "TAJIKISTAN--2009 TIP REPORT: PRESS GUIDANCE AND DEMARCHE"
    );
    assert_eq!(c.references, strs(&["09STATE59732", "09STATE5577"]));
    assert_eq!(c.signer.as_deref(), Some("CLINTON"));
    assert_eq!(
        shape(&c),
        "1/-/N 2/-/N 3/-/N 4/-/N 5/-/N 6/-/N 7/-/N 8/-/N -/-/H -/-/T -/-/T -/-/T -/-/T -/-/H \
         -/-/T -/-/T -/-/H -/-/T -/-/H -/-/T 9/-/N -/-/T -/-/T -/-/T -/-/T -/-/T -/-/T -/-/T \
         -/-/T -/-/T -/-/T 10/-/N 11/-/N Q/-/N A/-/N Q/-/N A/-/N Q/-/N A/-/N 12/-/N"
    );
    let headings: Vec<&str> = c
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Heading)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "Tajikistan (TIER 2 Watch List)",
            "Prosecution",
            "Protection",
            "Prevention"
        ]
    );
    assert!(text_with_label(&c, "4").contains("available on-line at www.state.gov/g/tip shortly"));
    assert!(
        text_with_label(&c, "6")
            .contains("please contact G/TIP and the appropriate regional bureau.")
    );
    assert!(c.paragraphs.iter().any(|p| p.text.contains(
        "Children, men, and women are coerced by some local government authorities to harvest cotton."
    )));
    assert_clean(&c);
}

#[test]
fn dushanbe_50_partial_extract() {
    let c = demo("06DUSHANBE50.txt");
    assert_eq!(c.id, "DUSHANBE50");
    assert_eq!(c.id_year, YearSource::Unknown);
    assert_eq!(c.date, None);
    assert_eq!(c.precedence, None);
    assert_eq!(c.origin, "Embassy Dushanbe");
    assert_eq!(c.from, "");
    assert!(c.to.is_empty() && c.info.is_empty());
    assert_eq!(c.classification, Classification::Unclassified);
    assert_eq!(c.classification_raw, "UNCLAS DUSHANBE 000050");
    assert_eq!(c.caveats, strs(&["SIPDIS"]));
    assert_eq!(c.sections, None);
    assert_eq!(
        c.tags,
        strs(&["PGOV", "PREL", "PHUM", "SMIG", "KWMN", "TI"])
    );
    assert_eq!(
        c.subject,
        "TAJIKISTAN STRENGTHENS ANTI-TIP EFFORTS WITH U.S. ASSISTANCE"
    );
    assert!(c.references.is_empty());
    assert_eq!(c.signer.as_deref(), Some("ARMBRUSTER"));
    assert!(
        c.partial
            .as_deref()
            .is_some_and(|p| p.starts_with("This record is a partial extract"))
    );
    assert_eq!(
        shape(&c),
        "1/-/N 2/-/N -/-/H 3/-/N 4/-/N 5/-/N -/-/H 6/-/N 7/-/N -/-/H 8/-/N 9/-/N 10/-/N 11/-/N"
    );
    assert!(text_with_label(&c, "6").contains("INL has granted over $1.3 million to IOM"));
    assert!(
        text_with_label(&c, "7").contains("Memorandum of Cooperation on the Sphere of Combating")
    );
    assert!(text_with_label(&c, "8").ends_with("up to $13,000 per person."));
    assert!(text_with_label(&c, "11").ends_with("END COMMENT."));
    assert!(!text_with_label(&c, "11").contains("ARMBRUSTER"));
    assert_clean(&c);

    let mut hinted = c.clone();
    hinted.apply_id_hint("06DUSHANBE50.txt");
    assert_eq!(
        (hinted.id.as_str(), hinted.id_year),
        ("06DUSHANBE50", YearSource::Metadata)
    );
    let mut wrong = c.clone();
    wrong.apply_id_hint("06DUSHANBE51");
    assert_eq!(wrong.id, "DUSHANBE50");
    assert!(!wrong.warnings.is_empty());
}

#[test]
fn dushanbe_1057() {
    let c = demo("07DUSHANBE1057.txt");
    assert_eq!(c.id, "07DUSHANBE1057");
    assert_eq!(
        c.date.map(|d| d.to_string()).as_deref(),
        Some("2007-07-11T13:20Z")
    );
    assert_eq!(c.precedence.as_ref().map(|p| p.code.as_str()), Some("R"));
    assert_eq!(c.origin, "Embassy Dushanbe");
    assert_eq!(c.to, strs(&["RUEHC/SECSTATE WASHDC 0650"]));
    assert_eq!(
        c.info,
        strs(&[
            "RUCNCIS/CIS COLLECTIVE",
            "RUCNDT/USMISSION USUN NEW YORK 1473",
            "RUEHVEN/USMISSION USOSCE 2001",
            "RUEHBS/USEU BRUSSELS 1238",
            "RUEHDBU/AMEMBASSY DUSHANBE 2451"
        ])
    );
    assert_eq!(c.classification, Classification::Unclassified);
    assert_eq!(c.classification_raw, "UNCLAS DUSHANBE 001057");
    assert_eq!(c.caveats, strs(&["SIPDIS"]));
    assert_eq!(c.sections, None);
    assert_eq!(c.tags, strs(&["PREL", "PHUM", "TI"]));
    assert_eq!(c.subject, "TAJIKISTAN PROMISES CONTINUED ANTI-TIP REFORMS");
    assert!(c.references.is_empty());
    assert_eq!(c.signer, None);
    assert_eq!(c.partial, None);
    assert_eq!(shape(&c), "1/SBU/N 2/SBU/N 3/SBU/N 4/U/N");
    assert!(text_with_label(&c, "4").ends_with("show a film later this month."));
    assert_clean(&c);
}

#[test]
fn dushanbe_170() {
    let c = demo("10DUSHANBE170.txt");
    assert_eq!(c.id, "10DUSHANBE170");
    assert_eq!(
        c.date.map(|d| d.to_string()).as_deref(),
        Some("2010-02-10T12:22Z")
    );
    let p = c.precedence.clone().expect("precedence");
    assert_eq!(
        (p.code.as_str(), p.name.as_str()),
        ("P R", "PRIORITY / ROUTINE")
    );
    assert_eq!(c.origin, "Embassy Dushanbe");
    assert_eq!(c.to, strs(&["RUEHC/SECSTATE WASHDC PRIORITY 1231"]));
    assert_eq!(c.info.len(), 9);
    assert_eq!(
        c.info.last().map(String::as_str),
        Some("RUEHDBU/AMEMBASSY DUSHANBE 2683")
    );
    assert_eq!(c.classification, Classification::Sbu);
    assert_eq!(
        c.classification_raw,
        "UNCLAS SECTION 01 OF 12 DUSHANBE 000170"
    );
    assert_eq!(c.caveats, strs(&["SENSITIVE", "SIPDIS"]));
    assert_eq!(c.sections, Some(12));
    assert_eq!(c.tags, strs(&["PGOV", "PHUM", "KTIP", "TI"]));
    assert_eq!(
        c.subject,
        "2010 TRAFFICKING IN PERSONS REPORT FOR TAJIKISTAN"
    );
    assert_eq!(c.references, strs(&["10STATE2094"]));
    assert_eq!(c.signer.as_deref(), Some("QUAST"));
    let headings: Vec<&str> = c
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Heading)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "PARAGRAPH 25: Tajikistan's TIP Situation",
            "PARAGRAPH 26: Background to Government's Anti-TIP Efforts",
            "PARAGRAPH 27: Investigation and Prosecution",
            "PARAGRAPH 28: Protection and Assistance to Victims",
            "PARAGRAPH 29: Prevention",
            "PARAGRAPH 30: PARTNERSHIPS"
        ]
    );
    let labels: Vec<&str> = c
        .paragraphs
        .iter()
        .filter_map(|p| p.label.as_deref())
        .collect();
    assert_eq!(
        labels.join(" "),
        "1 2 A B C D E A B C D E F A B C D E F G H I J K L A B C D E F G H I J K L M \
         A B C D E F G A B 4"
    );
    assert_eq!(shape(&c).split(' ').count(), 136);
    assert!(c.paragraphs.iter().any(|p| p.text.contains(
        "IOM is the most reliable source of information on trafficking in Tajikistan, and has"
    )));
    assert!(c.paragraphs.iter().any(|p| p.text.contains(
        "Trafficking in Persons in Tajikistan 2006-2010\" in May 2006. The Commission oversees"
    )));
    assert!(
        c.paragraphs
            .iter()
            .any(|p| p.text.contains("trafficking-related corruption in 2009."))
    );
    assert!(text_with_label(&c, "4").ends_with("Various Embassy Officers: 8 hours."));
    assert_clean(&c);
}

#[test]
fn the_demo_archive_lists_canonical_ids() {
    let archive = cables::archive::Archive::demo();
    let mut ids: Vec<&str> = archive.meta_refs().map(|m| m.id()).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "06DUSHANBE50",
            "07DUSHANBE1057",
            "09DUSHANBE1319",
            "09STATE60639",
            "10DUSHANBE170"
        ]
    );
}
