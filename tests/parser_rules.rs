//! Header shapes seen on real pages (phase 3): each test is a reduced copy of the shape.

use cables::cable::{self, Classification};

#[test]
fn a_paragraph_mark_before_the_eo_line_keeps_the_header_going() {
    // 73TEHRAN2077
    let c = cable::parse(
        "P 020834Z APR 73\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC PRIORITY 1692\n\
         S E C R E T TEHRAN 2077\n\n¶E. O. 11652: GDS\nTAGS: PFOR IR PK XF\n\
         SUBJECT: AUDIENCE WITH SHAH APRIL 5\n\n¶1. THE SHAH RECEIVED ME.\n",
    );
    assert_eq!(c.subject, "AUDIENCE WITH SHAH APRIL 5");
    assert_eq!(c.tags, ["PFOR", "IR", "PK", "XF"]);
    assert_eq!(
        c.paragraphs.first().map(|p| p.label.as_deref()),
        Some(Some("1"))
    );
}

#[test]
fn lettered_reference_items_are_not_paragraphs() {
    // 08BEIJING1454
    let c = cable::parse(
        "O 161034Z APR 08\nFM AMEMBASSY BEIJING\n\
         C O N F I D E N T I A L SECTION 01 OF 04 BEIJING 001454\n\nTAGS: PGOV CH\n\
         SUBJECT: HU JINTAO IN CHARGE\n\nREF: A. OSC cpp20080407530001\n\
         ¶B. OSC cpp20080408507001\n¶C. BEIJING 1234\n\n\
         Classified By: Ambassador Clark T. Randt, Jr. Reasons 1.4 (b) and (d).\n\n\
         ¶1. (C) President Hu Jintao remains firmly in charge.\n",
    );
    let labels: Vec<_> = c.paragraphs.iter().map(|p| p.label.clone()).collect();
    assert_eq!(labels, [Some("1".to_string())]);
    assert_eq!(c.references, ["08BEIJING1234"]);
}

#[test]
fn a_classified_by_paragraph_does_not_end_the_subject() {
    let c =
        cable::parse("SUBJECT: X\n\n1.(U) Classified by Jeffrey Feltman.\n\n¶2. (U) April 7.\n");
    assert_eq!(
        c.paragraphs.first().and_then(|p| p.label.as_deref()),
        Some("1")
    );
    let c = cable::parse(
        "SUBJECT: (U) Secretary Clinton's July 14 conversation\n\
         with Dutch Foreign Minister Verhagen\n\
         1. Classified by Bureau Assistant Secretary Philip H. Gordon. Reason: 1.4 (d)\n\
         2. (U) July 14; 2:45 p.m.; Washington, DC.\n",
    );
    assert_eq!(
        c.subject,
        "Secretary Clinton's July 14 conversation with Dutch Foreign Minister Verhagen"
    );
    // The numbered line stays the body's first paragraph.
    let first = c.paragraphs.first().expect("a paragraph");
    assert_eq!(first.label.as_deref(), Some("1"));
    assert!(
        first.text.starts_with("Classified by Bureau"),
        "{}",
        first.text
    );
}

#[test]
fn sensitive_glued_to_other_header_text_makes_sbu() {
    for text in [
        "UNCLAS TRIPOLI 000368\n\n SENSITIVE DEPT FOR NEA/MAG\n\nTAGS: EPET LY\nSUBJECT: X\n",
        "UNCLAS BRASILIA 000773\n\nTREASURY FOR OASIA AID/W FOR LAC/AA SENSITIVE SIPDIS\n\nTAGS: EPET BR\nSUBJECT: X\n",
        "UNCLAS SECTION 01 OF 04 RIYADH 001557SENSITIVE\n\nTAGS: EPET SA\nSUBJECT: X\n",
    ] {
        assert_eq!(
            cable::parse(text).classification,
            Classification::Sbu,
            "{text}"
        );
    }
    let plain =
        "UNCLAS TRIPOLI 000368\n\nDEPT FOR NEA/MAG\n\nTAGS: EPET LY\nSUBJECT: SENSITIVE ISSUES\n";
    assert_eq!(
        cable::parse(plain).classification,
        Classification::Unclassified
    );
}

#[test]
fn a_year_before_the_origin_on_the_classification_line() {
    // 7575LIBREVILLE1895 on the site
    let c = cable::parse(
        "O R 181205Z NOV 75 ZFF4\nFM AMEMBASSY LIBREVILLE\nTO SECSTATE WASHDC IMMEDIATE 7102\n\
         C O N F I D E N T I A L 75 LIBREVILLE 1895\nE.O. 11652: NGDS\nTAGS: PFOR UNGA GB KS KN\n\
         SUBJ: KOREA AT 30TH UNGA: GABON\n\n¶1. PRESIDENT BONGO ASSURED ME.\n",
    );
    assert_eq!(c.id, "75LIBREVILLE1895");
    let mut c = c;
    c.apply_id_hint("7575LIBREVILLE1895");
    assert_eq!(c.id, "75LIBREVILLE1895");
    assert!(
        c.warnings.iter().all(|w| !w.contains("source names")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn a_reference_item_cut_by_a_blank_line_is_joined() {
    let refs = |t: &str| cable::references_in(t, Some(2004), None);
    assert_eq!(
        refs(
            "SUBJECT: X\n\nRefs:  (A) Rio de Janeiro 00190  (B) Rio de Janeiro\n\n00723  (C) Brasilia 01392\n\n1.  (U)  SUMMARY"
        ),
        ["04RIODEJANEIRO190", "04RIODEJANEIRO723", "04BRASILIA1392"]
    );
    assert_eq!(
        refs("SUBJECT: X\n\nREFS:  A. STATE 7869 B. 03\n\nHANOI 2323 E. HCMC 196\n\n¶1. Mission"),
        ["04STATE7869", "03HANOI2323", "04HOCHIMINHCITY196"]
    );
    // A body paragraph after a finished item stays in the body.
    let c = cable::parse(
        "R 010101Z JAN 04\nFM AMEMBASSY HANOI\nUNCLAS HANOI 000001\nSUBJECT: X\n\n\
         REF: STATE 7869 (NOTAL)\n\n2004 was a year of change in Hanoi.\n",
    );
    assert_eq!(c.references, ["04STATE7869"]);
    assert_eq!(c.paragraphs.len(), 1);
}

#[test]
fn markdown_breaks_and_glued_ref_labels() {
    let refs = |t: &str| cable::references_in(t, Some(2006), None);
    assert_eq!(
        refs(
            "SUBJECT: HRC \\\n \\\nREF: A. A) BERN 1253 \\\n \\\n     B. B) GENEVA 1633 \\\n \\\nClassified By: Pol"
        ),
        ["06BERN1253", "06GENEVA1633"]
    );
    assert_eq!(
        refs("\nLULA GOVERNMENT AND FTAA REF: (A) 05 SAO PAULO 405; (B) 02 BRASILIA 2670"),
        ["05SAOPAULO405", "02BRASILIA2670"]
    );
}

#[test]
fn a_repeated_tags_label_inside_the_list() {
    let c = cable::parse("TAGS: EAID, ECON, EINV, PREL, BA, TAGS: EFIN \nSUBJECT: X\n");
    assert_eq!(c.tags, ["EAID", "ECON", "EINV", "PREL", "BA", "EFIN"]);
}

#[test]
fn an_email_header_before_the_cable() {
    // 08TRIPOLI230
    let c = cable::parse(
        "From: CBPC, EACTAPP [EACTAPP@state.sgov.gov]\nSent: Monday, March 17, 2008 6:49 PM\n\
         To: EACTTripoli\nSubject: TRIPOLI 00000230 R CO 17-MAR-08 LIBYA MAKES PROGRESS\n\
         REFORM [7168207]\n\nCONFIDENTIAL\n\nDE RUEHTRO #0230/01 0771653\nR 171653Z MAR 08\n\
         FM AMEMBASSY TRIPOLI\nTO RUEHC/SECSTATE WASHDC 3246\n\
         C O N F I D E N T I A L SECTION 01 OF 02 TRIPOLI 000230\n\nTAGS: ECIN LY\n\n\
         SUBJECT: LIBYA MAKES PROGRESS ON BANKING REFORM\n\n¶1. (C) Summary: progress.\n",
    );
    assert_eq!(c.id, "08TRIPOLI230");
    assert_eq!(c.origin, "Embassy Tripoli");
    assert_eq!(c.subject, "LIBYA MAKES PROGRESS ON BANKING REFORM");
}

#[test]
fn a_serial_cut_on_the_classification_line_and_a_telegram_print() {
    let c = cable::parse(
        "DE RUEHBU #1673/01 2361854\nR 241854Z AUG 07\nFM AMEMBASSY BUENOS AIRES\n\
         C O N F I D E N T I A L BUENOS AIRES 00167SIPDIS SIPDIS\n\nSUBJECT: X\n",
    );
    assert_eq!(c.id, "07BUENOSAIRES1673");
    let c = cable::parse(
        "CONFIDENTIAL\n\nTo:       No Action Addressee\n\
         From:     AMEMBASSY ABU DHABI (ABU DHABI 2641 - UNKNOWN)\n\nTAGS:     PREL, EPET\n",
    );
    assert_eq!(
        (c.id.as_str(), c.origin.as_str()),
        ("ABUDHABI2641", "Embassy Abu Dhabi")
    );
}

#[test]
fn a_body_glued_to_the_ref_line_stays_in_the_body() {
    // 10LONDON92: the whole body on the REF line.
    let c = cable::parse(
        "R 121200Z JAN 10\nFM AMEMBASSY LONDON\nUNCLAS LONDON 000092\nSUBJECT: X\n\n\
         REF: 09 State 124006  LONDON 00000092  001.3 OF 012   1.  In response to reftel, \
         the following is the statement.  2.  The United Kingdom is open.\n",
    );
    assert_eq!(c.references, ["09STATE124006"]);
    let first = c.paragraphs.first().expect("the body");
    assert!(
        first.text.contains("In response to reftel"),
        "{}",
        first.text
    );
}

#[test]
fn a_partial_extract_is_a_cable_and_a_note_about_cables_is_not() {
    let extract = "This record is a partial extract of the original cable. The full text of the \
                   original cable is not available.\n\nC O N F I D E N T I A L OTTAWA 002182\n\n\
                   SIPDIS\n\n1. It appears that the trials were conducted without intelligence.\n";
    assert!(cables::cable::parse(extract).looks_like_cable());
    let body_only = "C O N F I D E N T I A L OTTAWA 002182\n\nSIPDIS\n\n1. Text.\n";
    assert!(cables::cable::parse(body_only).looks_like_cable());
    let note = "# Reading notes\n\nBy class: CONFIDENTIAL 643, SECRET 231, UNCLASSIFIED 181.\n\
                Re-read the Paris cables first.\n";
    assert!(!cables::cable::parse(note).looks_like_cable());
}

#[test]
fn a_subject_line_starting_with_fm_is_not_a_cable() {
    // cablemap's `data-subject/out/07BERN881.txt`: the expected subject alone in a file named
    // like an id. The name never makes a cable, and neither does this one line.
    let line = "FM CALMY-REY \"TAKES NOTE\" OF USG CONCERNS REGARDING IRAN/IAEA AND IRAN/EGL\n";
    assert!(!cables::cable::parse(line).looks_like_cable());
    let routed = "FM AMEMBASSY BERN\nTO SECSTATE WASHDC 1234\n\nSUBJECT: TALKS\n";
    assert!(cables::cable::parse(routed).looks_like_cable());
    let fm_only = "FM AMEMBASSY BERN\n\nThe talks went on.\n";
    assert!(cables::cable::parse(fm_only).looks_like_cable());
}
