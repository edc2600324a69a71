//! Every header field on real header lines. Each case is a few lines copied from one cable of
//! the corpus (`../shared/corpus`, not needed to run these), named by the cable's id and the
//! form it came in: `site` (a cablegate page's text), `csv` (a `cables.csv` row: its header
//! column, then its text), `txt` (a converted text file).

use super::*;
use crate::cable::{Classification, YearSource};

/// The header of `lines`, joined as the text they came from.
fn header(lines: &[&str]) -> Header {
    parse_header(&lines.join("\n"))
}

const PARTIAL: &str = "This record is a partial extract of the original cable. The full text \
                       of the original cable is not available.";

#[test]
fn date_time_group_and_date_line() {
    // (cable, source, lines, date, precedence, date from a date line)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a str,
        Option<&'a str>,
        bool,
    );
    let cases: &[Case] = &[
        (
            "09DUSHANBE1319",
            "demo",
            &["R 241050Z NOV 09"],
            "2009-11-24T10:50Z",
            Some("R"),
            false,
        ),
        (
            "86MADRID4272",
            "csv",
            &["O 111714Z APR 86", "FM AMEMBASSY MADRID"],
            "1986-04-11T17:14Z",
            Some("O"),
            false,
        ),
        (
            "66BUENOSAIRES2481",
            "csv",
            &["P R 281848Z DEC 66", "FM AMEMBASSY BUENOS AIRES"],
            "1966-12-28T18:48Z",
            Some("P R"),
            false,
        ),
        (
            "06NEWDELHI5135",
            "txt",
            &[
                "DE RUEHNE #5135/01 2020722",
                "ZNY CCCCC ZZH",
                "O 210722Z JUL 06",
            ],
            "2006-07-21T07:22Z",
            Some("O"),
            false,
        ),
        (
            "06MOSCOW9533",
            "site",
            &["ZNY CCCCC ZZH", "P 310639Z AUG 06", "FM AMEMBASSY MOSCOW"],
            "2006-08-31T06:39Z",
            Some("P"),
            false,
        ),
        (
            "04RANGOON88",
            "site",
            &[
                PARTIAL,
                "Tuesday, 20 January 2004, 09:44",
                "S E C R E T RANGOON 000088 ",
            ],
            "2004-01-20T09:44Z",
            None,
            true,
        ),
        (
            "01VATICAN3507",
            "site",
            &[PARTIAL, "Tuesday, 03 July 2001, 12:03"],
            "2001-07-03T12:03Z",
            None,
            true,
        ),
    ];
    for (cable, source, lines, date, precedence, date_line) in cases {
        let h = header(lines);
        let case = format!("{cable} ({source})");
        assert_eq!(
            h.cable.date.map(|d| d.to_string()).as_deref(),
            Some(*date),
            "{case}"
        );
        assert_eq!(
            h.cable.precedence.as_ref().map(|p| p.code.as_str()),
            *precedence,
            "{case}"
        );
        assert_eq!(h.date_from_date_line, *date_line, "{case}");
    }
}

#[test]
fn classification_line_and_caveats() {
    // (cable, source, lines, level, line as written, caveats, sections, origin, serial)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [&'a str],
        Classification,
        &'a str,
        &'a [&'a str],
        Option<u32>,
        &'a str,
        u32,
    );
    let cases: &[Case] = &[
        (
            "06MOSCOW9533",
            "site",
            &[
                "C O N F I D E N T I A L SECTION 01 OF 05 MOSCOW 009533 ",
                "",
                "SIPDIS ",
                "",
                "SIPDIS ",
                "",
                "E.O. 12958: DECL: 08/30/2016 ",
            ],
            Classification::Confidential,
            "C O N F I D E N T I A L SECTION 01 OF 05 MOSCOW 009533",
            &["SIPDIS"],
            Some(5),
            "MOSCOW",
            9533,
        ),
        (
            "86MADRID4272",
            "csv",
            &[
                "AMEMBASSY TUNIS",
                "",
                "C O N F I D E N T I A L MADRID 04272 ",
                " ",
                "E.O. 12356:  DECL:  OADR ",
            ],
            Classification::Confidential,
            "C O N F I D E N T I A L MADRID 04272",
            &[],
            None,
            "MADRID",
            4272,
        ),
        (
            "88BEIJING25961",
            "csv",
            &[
                "AMCONSUL SHENYANG",
                "",
                "UNCLASSIFIED BEIJING 25961 ",
                " ",
                "The original message was classified Limited Official Use ",
            ],
            Classification::Unclassified,
            "UNCLASSIFIED BEIJING 25961",
            &[],
            None,
            "BEIJING",
            25961,
        ),
        (
            "04RANGOON88",
            "site",
            &[
                "S E C R E T RANGOON 000088 ",
                "SIPDIS ",
                "NOFORN ",
                "EO 12958 DECL: 01/09/2014 ",
            ],
            Classification::Secret,
            "S E C R E T RANGOON 000088",
            &["SIPDIS", "NOFORN"],
            None,
            "RANGOON",
            88,
        ),
        (
            "09UNVIEVIENNA279",
            "txt",
            &[
                "UNCLAS UNVIE VIENNA 000279 ",
                " ",
                "SENSITIVE ",
                "SIPDIS ",
                " ",
            ],
            Classification::Sbu,
            "UNCLAS UNVIE VIENNA 000279",
            &["SENSITIVE", "SIPDIS"],
            None,
            "UNVIE VIENNA",
            279,
        ),
        (
            "06NEWDELHI5135",
            "txt",
            &[
                "RHEHNSC/NSC WASHDC",
                "CONFIDENTIAL SECTION 01 OF 08 NEW DELHI 005135 ",
                " ",
                "SIPDIS ",
                " ",
                "SIPDIS ",
                " ",
                "STATE FOR INR/B ",
            ],
            Classification::Confidential,
            "CONFIDENTIAL SECTION 01 OF 08 NEW DELHI 005135",
            &["SIPDIS"],
            Some(8),
            "NEW DELHI",
            5135,
        ),
    ];
    for (cable, source, lines, level, raw, caveats, sections, origin, serial) in cases {
        let h = header(lines);
        let case = format!("{cable} ({source})");
        assert_eq!(h.cable.classification, *level, "{case}");
        assert_eq!(h.cable.classification_raw, *raw, "{case}");
        assert_eq!(h.cable.caveats, *caveats, "{case}");
        assert_eq!(h.cable.sections, *sections, "{case}");
        assert_eq!(h.class_origin.as_deref(), Some(*origin), "{case}");
        assert_eq!(h.class_serial, Some(*serial), "{case}");
    }
}

#[test]
fn routing_lines_without_a_classification_line() {
    // (cable, source, lines, level of `ZNY`/`ZNR`, serial of `DE`)
    let cases: &[(&str, &str, &[&str], Classification, u32)] = &[
        (
            "06NEWDELHI5135",
            "txt",
            &[
                "OO RUEHBI RUEHCI RUEHLH RUEHPW",
                "DE RUEHNE #5135/01 2020722",
                "ZNY CCCCC ZZH",
                "O 210722Z JUL 06",
            ],
            Classification::Confidential,
            5135,
        ),
        (
            "06ANKARA3352",
            "site",
            &[
                "DE RUEHAK #3352/01 1590652",
                "ZNY SSSSS ZZH",
                "O 080652Z JUN 06",
            ],
            Classification::Secret,
            3352,
        ),
        (
            "09UNVIEVIENNA279",
            "txt",
            &[
                "DE RUEHUNV #0279/01 1681458",
                "ZNR UUUUU ZZH",
                "O 171458Z JUN 09",
            ],
            Classification::Unclassified,
            279,
        ),
        (
            "10DOHA71",
            "site",
            &[
                "PP RUEHBC RUEHKUK RUEHROV RUEHTRO",
                "DE RUEHDO #0071/01 0550944",
                "ZNY CCCCC ZZH",
                "P 240944Z FEB 10",
            ],
            Classification::Confidential,
            71,
        ),
    ];
    for (cable, source, lines, level, serial) in cases {
        let h = header(lines);
        let case = format!("{cable} ({source})");
        assert_eq!(h.routing_level, Some(*level), "{case}");
        assert_eq!(h.de_serial, Some(*serial), "{case}");
        assert_eq!(h.cable.classification, Classification::Unknown, "{case}");
    }
}

#[test]
fn from_to_and_info() {
    // (cable, source, lines, FM, TO, INFO)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a str,
        &'a [&'a str],
        &'a [&'a str],
    );
    let cases: &[Case] = &[
        (
            "86MADRID4272",
            "csv",
            &[
                "O 111714Z APR 86",
                "FM AMEMBASSY MADRID",
                "TO SECSTATE WASHDC IMMEDIATE 7698",
                "NATO COLLECTIVE IMMEDIATE",
                "INFO EUROPEAN POLADS COLLECTIVE",
                "AMEMBASSY ALGIERS",
                "AMEMBASSY CAIRO",
                "",
                "C O N F I D E N T I A L MADRID 04272 ",
            ],
            "AMEMBASSY MADRID",
            &[
                "SECSTATE WASHDC IMMEDIATE 7698",
                "NATO COLLECTIVE IMMEDIATE",
            ],
            &[
                "EUROPEAN POLADS COLLECTIVE",
                "AMEMBASSY ALGIERS",
                "AMEMBASSY CAIRO",
            ],
        ),
        (
            "88BEIJING25961",
            "csv",
            &[
                "ACTION EB-00",
                "INFO LOG-00 ADS-00 INR-10 EUR-00 SS-00 CIAE-00 DODE-00",
                "H-01 NSAE-00 COME-00 L-03 EAP-00 FAAE-00 DOTE-00",
                "STR-17 INRE-00 OCS-06 CA-02 USIE-00 JUSE-00 DS-01",
                "E-01 /041 W",
                "",
                "R 012357Z SEP 88",
                "FM AMEMBASSY BEIJING",
                "TO SECSTATE WASHDC 8448",
                "AMEMBASSY ULAANBATAAR POUCH)",
                "INFO AMEMBASSY MOSCOW",
                "AMCONSUL SHANGHAI",
            ],
            "AMEMBASSY BEIJING",
            &["SECSTATE WASHDC 8448", "AMEMBASSY ULAANBATAAR POUCH)"],
            &["AMEMBASSY MOSCOW", "AMCONSUL SHANGHAI"],
        ),
        (
            "06NEWDELHI5135",
            "txt",
            &[
                "O 210722Z JUL 06",
                "FM AMEMBASSY NEW DELHI",
                "TO RUEHC/SECSTATE WASHDC IMMEDIATE 6818",
                "INFO RUEHBJ/AMEMBASSY BEIJING 3078",
                "RUEHLM/AMEMBASSY COLOMBO 6415",
                "CONFIDENTIAL SECTION 01 OF 08 NEW DELHI 005135 ",
            ],
            "AMEMBASSY NEW DELHI",
            &["RUEHC/SECSTATE WASHDC IMMEDIATE 6818"],
            &[
                "RUEHBJ/AMEMBASSY BEIJING 3078",
                "RUEHLM/AMEMBASSY COLOMBO 6415",
            ],
        ),
        (
            "06MOSCOW9533",
            "site",
            &[
                "P 310639Z AUG 06",
                "FM AMEMBASSY MOSCOW",
                "TO RUEHC/SECSTATE WASHDC PRIORITY 1394",
                "INFO RUCNCIS/CIS COLLECTIVE PRIORITY",
                "RUEHXD/MOSCOW POLITICAL COLLECTIVE PRIORITY",
            ],
            "AMEMBASSY MOSCOW",
            &["RUEHC/SECSTATE WASHDC PRIORITY 1394"],
            &[
                "RUCNCIS/CIS COLLECTIVE PRIORITY",
                "RUEHXD/MOSCOW POLITICAL COLLECTIVE PRIORITY",
            ],
        ),
        (
            "09UNVIEVIENNA279",
            "txt",
            &[
                "O 171458Z JUN 09",
                "FM USMISSION UNVIE VIENNA",
                "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9589",
                "INFO RUEHII/VIENNA IAEA POSTS COLLECTIVE PRIORITY",
                "UNCLAS UNVIE VIENNA 000279 ",
            ],
            "USMISSION UNVIE VIENNA",
            &["RUEHC/SECSTATE WASHDC IMMEDIATE 9589"],
            &["RUEHII/VIENNA IAEA POSTS COLLECTIVE PRIORITY"],
        ),
    ];
    for (cable, source, lines, from, to, info) in cases {
        let h = header(lines);
        let case = format!("{cable} ({source})");
        assert_eq!(h.cable.from, *from, "{case}");
        assert_eq!(h.cable.to, *to, "{case}");
        assert_eq!(h.cable.info, *info, "{case}");
    }
}

#[test]
fn tags() {
    // (cable, source, lines, TAGS)
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "06MOSCOW9533",
            "site",
            &[
                "E.O. 12958: DECL: 08/30/2016 ",
                "TAGS: PGOV ECON PINR RS",
                "SUBJECT: A CAUCASUS WEDDING ",
            ],
            &["PGOV", "ECON", "PINR", "RS"],
        ),
        (
            "86MADRID4272",
            "csv",
            &[
                "E.O. 12356:  DECL:  OADR ",
                "TAGS:  PREL, MARR, SP, LY ",
                "SUBJECT:  SPAIN RECALLS AMBASSADOR FROM LIBYA IN ",
            ],
            &["PREL", "MARR", "SP", "LY"],
        ),
        (
            "04RANGOON88",
            "site",
            &[
                "EO 12958 DECL: 01/09/2014 ",
                "TAGS PGOV, PARM, PREL, BM, RS, KS, KNPP ",
                "SUBJECT: BURMA: RUMORS OF CONSTRUCTION OF A NUCLEAR REACTOR ",
            ],
            &["PGOV", "PARM", "PREL", "BM", "RS", "KS", "KNPP"],
        ),
        // Repeated codes and glued `VTPREL`: each code once.
        (
            "01VATICAN3507",
            "site",
            &[
                "EO 12958 DECL: 07/02/11 ",
                "TAGS PREL, PHUM, IS, EG, CH, ID, PHUM, IS, EG, CH, ID, PHUM, IS, EG, CH, ID, PHUM, IS, EG, CH, ID, VT, VTPREL, VTPREL, VTPREL ",
                "SUBJECT:  THE VATICAN-- THE SUPRANATIONAL POWER ",
            ],
            &["PREL", "PHUM", "IS", "EG", "CH", "ID", "VT"],
        ),
        (
            "09UNVIEVIENNA279",
            "txt",
            &[
                "E.O. 12958: N/A ",
                "TAGS: AORC PREL KNNP IAEA UN",
                "SUBJECT: DG ELBARADEI FUELS THE BUDGET DEBATE ",
            ],
            &["AORC", "PREL", "KNNP", "IAEA", "UN"],
        ),
        (
            "66BUENOSAIRES2481",
            "csv",
            &[
                "E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009 ",
                "TAGS: EFIS PBTS AR",
                "SUBJECT:  EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS ",
            ],
            &["EFIS", "PBTS", "AR"],
        ),
    ];
    for (cable, source, lines, tags) in cases {
        assert_eq!(header(lines).cable.tags, *tags, "{cable} ({source})");
    }
}

#[test]
fn subject() {
    // (cable, source, lines, subject)
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "86MADRID4272",
            "csv",
            &[
                "TAGS:  PREL, MARR, SP, LY ",
                "SUBJECT:  SPAIN RECALLS AMBASSADOR FROM LIBYA IN ",
                "-         RESPONSE TO QADHAFI'S THREATS ",
                " ",
                "REF:  A) MADRID 3838, B) MADRID 3703 ",
            ],
            "SPAIN RECALLS AMBASSADOR FROM LIBYA IN - RESPONSE TO QADHAFI'S THREATS",
        ),
        (
            "04RANGOON88",
            "site",
            &[
                "TAGS PGOV, PARM, PREL, BM, RS, KS, KNPP ",
                "SUBJECT: BURMA: RUMORS OF CONSTRUCTION OF A NUCLEAR REACTOR ",
                "NEAR MINBU",
                "REF: STATE 297614 AND PREVIOUS 03 RANGOON 1427",
            ],
            "BURMA: RUMORS OF CONSTRUCTION OF A NUCLEAR REACTOR NEAR MINBU",
        ),
        (
            "88BEIJING25961",
            "csv",
            &[
                "TAGS: EAIR, CH, MG, OTRA, ATRN ",
                "SUBJECT: CIVAIR: AIR MONGOLIA - THE \"DO IT YOURSELF\" ",
                "- AIRLINE ",
                " ",
                "1. SUMMARY: THE RECENTLY INAUGURATED WEEKLY AIR ",
            ],
            "CIVAIR: AIR MONGOLIA - THE \"DO IT YOURSELF\" - AIRLINE",
        ),
        (
            "10DOHA71",
            "site",
            &[
                "TAGS: PREL KWBG KPAL IR QA",
                "SUBJECT: SENATOR KERRY'S MEETING WITH QATAR'S PRIME MINISTER ",
                " ",
                "Classified By: Ambassador Joseph E. LeBaron, for reasons 1.4 (b, d). ",
            ],
            "SENATOR KERRY'S MEETING WITH QATAR'S PRIME MINISTER",
        ),
        (
            "06NEWDELHI5135",
            "txt",
            &[
                "TAGS: PREL PGOV PTER PINR IN",
                "SUBJECT: INDIA'S NATIONAL SECURITY ADVISORY BOARD: ADVISING ",
                "THE ADVISORS ",
                " ",
                "Classified By: A/PolCouns Jon Dorschner for Reasons 1.4 (B, D) ",
            ],
            "INDIA'S NATIONAL SECURITY ADVISORY BOARD: ADVISING THE ADVISORS",
        ),
    ];
    for (cable, source, lines, subject) in cases {
        assert_eq!(header(lines).cable.subject, *subject, "{cable} ({source})");
    }
}

#[test]
fn references() {
    // (cable, source, lines, year of the cable, references as canonical ids)
    type Case<'a> = (&'a str, &'a str, &'a [&'a str], u16, &'a [&'a str]);
    let cases: &[Case] = &[
        (
            "86MADRID4272",
            "csv",
            &[
                "-         RESPONSE TO QADHAFI'S THREATS ",
                " ",
                "REF:  A) MADRID 3838, B) MADRID 3703 ",
                " ",
                "1.  (U) THE SPANISH GOVERNMENT ANNOUNCED APRIL 10 THAT ",
            ],
            1986,
            &["86MADRID3838", "86MADRID3703"],
        ),
        (
            "09UNVIEVIENNA279",
            "txt",
            &[
                "SUBJECT: DG ELBARADEI FUELS THE BUDGET DEBATE ",
                " ",
                "REF: A. UNVIE 109 ",
                "     B. UNVIE 201 ",
                " ",
                "1. (SBU) Summary:  IAEA Director General ElBaradei intervened ",
            ],
            2009,
            &["09UNVIEVIENNA109", "09UNVIEVIENNA201"],
        ),
        (
            "01VATICAN3507",
            "site",
            &[
                "SUBJECT:  THE VATICAN-- THE SUPRANATIONAL POWER ",
                "REF: 00 ROME 0988",
                "¶1. (U) CLASSIFIED BY CDA JOSEPH MERANTE FOR REASONS 1.5 (B) AND (D).  CONFIDENTIAL",
            ],
            2001,
            &["00ROME988"],
        ),
        (
            "04RANGOON88",
            "site",
            &[
                "NEAR MINBU",
                "REF: STATE 297614 AND PREVIOUS 03 RANGOON 1427",
                "Classified By: COM Carmen Martinez for Reasons 1.5 (B,D)",
            ],
            2004,
            &["04STATE297614", "04PREVIOUS3", "03RANGOON1427"],
        ),
        (
            "66BUENOSAIRES2481",
            "csv",
            &[
                "SUBJECT:  EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS ",
                " ",
                "REF: STATE 106206 ",
            ],
            1966,
            &["66STATE106206"],
        ),
    ];
    for (cable, source, lines, year, references) in cases {
        let h = header(lines);
        assert_eq!(
            refs::parse_refs(&h.ref_block, Some(*year), None),
            *references,
            "{cable} ({source})"
        );
    }
}

#[test]
fn classified_by() {
    // (cable, source, lines, who and why)
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "06MOSCOW9533",
            "site",
            &[
                "SUBJECT: A CAUCASUS WEDDING ",
                "",
                "",
                "Classified By: Deputy Chief of Mission Daniel A. Russell. Reason 1.4 ( ",
                "b, d) ",
                "",
                "Summary ",
            ],
            "Deputy Chief of Mission Daniel A. Russell. Reason 1.4 ( b, d)",
        ),
        (
            "10DOHA71",
            "site",
            &[
                "SUBJECT: SENATOR KERRY'S MEETING WITH QATAR'S PRIME MINISTER ",
                " ",
                "Classified By: Ambassador Joseph E. LeBaron, for reasons 1.4 (b, d). ",
                " ",
                "-------------- ",
            ],
            "Ambassador Joseph E. LeBaron, for reasons 1.4 (b, d).",
        ),
        (
            "04RANGOON88",
            "site",
            &[
                "REF: STATE 297614 AND PREVIOUS 03 RANGOON 1427",
                "Classified By: COM Carmen Martinez for Reasons 1.5 (B,D)",
                "¶1. (S/NF) An expatriate businessman recently volunteered",
            ],
            "COM Carmen Martinez for Reasons 1.5 (B,D)",
        ),
        (
            "10LONDON255",
            "site",
            &[
                "TAGS: EAIR ECON EU SENV SP UK",
                " ",
                "Classified By: Kathleen Doherty, Economic Counselor for reasons 1.4 (b) ",
                ", (d) ",
                " ",
                "¶1. (C/NF) Summary: The British government reiterated its view",
            ],
            "Kathleen Doherty, Economic Counselor for reasons 1.4 (b) (d)",
        ),
        (
            "06NEWDELHI5135",
            "txt",
            &[
                "THE ADVISORS ",
                " ",
                "Classified By: A/PolCouns Jon Dorschner for Reasons 1.4 (B, D) ",
                " ",
                "1.  (C) Summary: The National Security Advisory Board -- ",
            ],
            "A/PolCouns Jon Dorschner for Reasons 1.4 (B, D)",
        ),
    ];
    for (cable, source, lines, by) in cases {
        assert_eq!(header(lines).cable.classified_by, *by, "{cable} ({source})");
    }
}

#[test]
fn partial_extract_note() {
    for (cable, lines) in [
        ("04RANGOON88", [PARTIAL, "Tuesday, 20 January 2004, 09:44"]),
        ("01VATICAN3507", [PARTIAL, "Tuesday, 03 July 2001, 12:03"]),
    ] {
        assert_eq!(
            header(&lines).cable.partial.as_deref(),
            Some(PARTIAL),
            "{cable} (site)"
        );
    }
    assert_eq!(
        header(&["P 310639Z AUG 06", "FM AMEMBASSY MOSCOW"])
            .cable
            .partial,
        None
    );
}

#[test]
fn where_the_body_starts() {
    // (cable, source, lines, the body's first line)
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "86MADRID4272",
            "csv",
            &[
                "SUBJECT:  SPAIN RECALLS AMBASSADOR FROM LIBYA IN ",
                "-         RESPONSE TO QADHAFI'S THREATS ",
                " ",
                "REF:  A) MADRID 3838, B) MADRID 3703 ",
                " ",
                "1.  (U) THE SPANISH GOVERNMENT ANNOUNCED APRIL 10 THAT ",
            ],
            "1.  (U) THE SPANISH",
        ),
        (
            "06MOSCOW9533",
            "site",
            &[
                "SUBJECT: A CAUCASUS WEDDING ",
                "",
                "",
                "Classified By: Deputy Chief of Mission Daniel A. Russell. Reason 1.4 ( ",
                "b, d) ",
                "",
                "Summary ",
                "------- ",
            ],
            "Summary ",
        ),
        (
            "04RANGOON88",
            "site",
            &[
                "REF: STATE 297614 AND PREVIOUS 03 RANGOON 1427",
                "Classified By: COM Carmen Martinez for Reasons 1.5 (B,D)",
                "¶1. (S/NF) An expatriate businessman recently volunteered",
            ],
            "¶1. (S/NF)",
        ),
        (
            "10DOHA71",
            "site",
            &[
                "SUBJECT: SENATOR KERRY'S MEETING WITH QATAR'S PRIME MINISTER ",
                " ",
                "Classified By: Ambassador Joseph E. LeBaron, for reasons 1.4 (b, d). ",
                " ",
                "-------------- ",
                "(C) KEY POINTS ",
            ],
            "-------------- ",
        ),
        (
            "88BEIJING25961",
            "csv",
            &[
                "SUBJECT: CIVAIR: AIR MONGOLIA - THE \"DO IT YOURSELF\" ",
                "- AIRLINE ",
                " ",
                "1. SUMMARY: THE RECENTLY INAUGURATED WEEKLY AIR ",
            ],
            "1. SUMMARY:",
        ),
    ];
    for (cable, source, lines, first) in cases {
        let text = lines.join("\n");
        let h = parse_header(&text);
        let body = text.get(h.body_start..).unwrap_or("");
        assert!(
            body.trim_start().starts_with(first),
            "{cable} ({source}): body starts at {body:?}"
        );
    }
}

#[test]
fn id_from_the_header_lines() {
    // The id is built by `parse` from the header's parts: (cable, source, lines, id, its
    // year's source, origin). Lines glued by a dump are re-broken first (`relines`).
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a str,
        YearSource,
        &'a str,
    );
    let cases: &[Case] = &[
        (
            "06MOSCOW9533",
            "site",
            &[
                "DE RUEHMO #9533/01 2430639",
                "ZNY CCCCC ZZH",
                "P 310639Z AUG 06",
                "FM AMEMBASSY MOSCOW",
                "TO RUEHC/SECSTATE WASHDC PRIORITY 1394",
                "C O N F I D E N T I A L SECTION 01 OF 05 MOSCOW 009533 ",
            ],
            "06MOSCOW9533",
            YearSource::Dtg,
            "Embassy Moscow",
        ),
        (
            "86MADRID4272",
            "csv",
            &[
                "O 111714Z APR 86",
                "FM AMEMBASSY MADRID",
                "TO SECSTATE WASHDC IMMEDIATE 7698",
                "",
                "C O N F I D E N T I A L MADRID 04272 ",
            ],
            "86MADRID4272",
            YearSource::Dtg,
            "Embassy Madrid",
        ),
        (
            "09UNVIEVIENNA279",
            "txt",
            &[
                "O 171458Z JUN 09",
                "FM USMISSION UNVIE VIENNA",
                "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9589",
                "UNCLAS UNVIE VIENNA 000279 ",
            ],
            "09UNVIEVIENNA279",
            YearSource::Dtg,
            "UNVIE",
        ),
        (
            "04RANGOON88",
            "site",
            &[
                PARTIAL,
                "Tuesday, 20 January 2004, 09:44",
                "S E C R E T RANGOON 000088 ",
            ],
            "04RANGOON88",
            YearSource::Inferred,
            "Embassy Rangoon",
        ),
        // No classification line: the serial of the `DE` line.
        (
            "06NEWDELHI5135",
            "txt",
            &[
                "DE RUEHNE #5135/01 2020722",
                "ZNY CCCCC ZZH",
                "O 210722Z JUL 06",
                "FM AMEMBASSY NEW DELHI",
            ],
            "06NEWDELHI5135",
            YearSource::Dtg,
            "Embassy New Delhi",
        ),
        // A dump's line glued together: date, classification line, caveats, TAGS.
        (
            "06ANKARA3352",
            "site",
            &[
                "O 080652Z JUN 06",
                "FM AMEMBASSY ANKARA",
                "Cable dated:2006-06-08T06:52:00S E C R E T SECTION 01 OF 04 ANKARA 003352SIPDISSIPDISNOFORNE.O. 12958: DECL: 06/05/2026TAGS: MOPS PREL PARM TU IZ IR AJ AF",
            ],
            "06ANKARA3352",
            YearSource::Dtg,
            "Embassy Ankara",
        ),
    ];
    for (cable, source, lines, id, year, origin) in cases {
        let c = crate::cable::parse(&lines.join("\n"));
        let case = format!("{cable} ({source})");
        assert_eq!(c.id, *id, "{case}");
        assert_eq!(c.id_year, *year, "{case}");
        assert_eq!(c.origin, *origin, "{case}");
    }
}
