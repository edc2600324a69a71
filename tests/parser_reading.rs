//! Issue 13 shapes seen in the shared corpus: nothing of the cable lost, no furniture shown.
//! Each test is a reduced copy of the shape, named after a cable that has it.

use cables::cable::{self, Cable};

fn labels(c: &Cable) -> Vec<Option<&str>> {
    c.paragraphs.iter().map(|p| p.label.as_deref()).collect()
}

fn starts(c: &Cable, n: usize, with: &str) -> bool {
    c.paragraphs
        .get(n)
        .is_some_and(|p| p.text.starts_with(with))
}

#[test]
fn a_marking_glued_to_the_number_after_a_ref_line_is_paragraph_1() {
    // 09CAIRO2137: `REF: ... Classified By: ...` then `1.(C) On November 16`.
    let c = cable::parse(
        "C O N F I D E N T I A L CAIRO 002137\n\nTAGS: PREL EG\nSUBJECT: DEMARCHE DELIVERED\n\n\
         REF: A. STATE 116270 B. CAIRO 2044 Classified By: Minister Donald A. Blome for reason 1.4 (b).\n\
         1.(C) On November 16, we delivered ref A points to the MFA.\n\n\
         2.(C) Aboulmagd responded that Egypt would continue.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")]);
    assert!(starts(&c, 0, "On November 16"));
    assert_eq!(c.paragraphs[0].marking.as_deref(), Some("C"));
}

#[test]
fn a_marked_paragraph_after_the_classified_by_line_is_kept() {
    // 07IRANRPODUBAI23
    let c = cable::parse(
        "S E C R E T SECTION 01 OF 02 IRAN RPO DUBAI 000023\nTAGS PGOV, PREL, IR\n\
         SUBJECT: REFORMIST MP ON POLITICAL STATE OF PLAY\n\
         CLASSIFIED BY: Jillian Burns, Director. REASON: 1.4 (d)\n\
         1.(S) Summary: A reformist member of the Majles spoke.\n\
         2.(S) On April 11, IRPOffs met with a member of the Majles.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")]);
    assert!(starts(&c, 0, "Summary: A reformist"));
}

#[test]
fn a_numbered_paragraph_mark_ends_the_ref_block() {
    // 05REYKJAVIK520: `¶1.` right under the REF line was read as a REF item.
    let c = cable::parse(
        "R 051200Z DEC 05\nFM AMEMBASSY REYKJAVIK\nUNCLAS REYKJAVIK 000520\n\nTAGS: PTER ASEC IC\nSUBJECT: ICELAND: 2005 COUNTRY REPORTS\n\n\
         REF: STATE 193439 (NOTAL)\n¶1. The following text updates for 2005 the Iceland\n\
         country section.\n\n¶2. Iceland has no military forces.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")]);
    assert!(starts(&c, 0, "The following text"));
    assert_eq!(c.references, ["05STATE193439"]);
}

#[test]
fn a_number_glued_to_the_first_word_is_a_label() {
    // 09CAIRO1059 (`1.KEY POINTS` glued to the subject line), 08KYIV768 (`1.The`).
    let c = cable::parse(
        "C O N F I D E N T I A L CAIRO 001059\n\nTAGS: PREL EG\n\
         SUBJECT: PARLIAMENTARY AFFAIRS MINISTER ON CT LAWS\n\
         1.KEY POINTS -- (C) On June 2, Minister Shehab told the Ambassador.\n\n\
         2.(C) The Ambassador encouraged the GOE.\n\n3.Costa Rica's view was the same.\n",
    );
    assert_eq!(c.subject, "PARLIAMENTARY AFFAIRS MINISTER ON CT LAWS");
    assert_eq!(labels(&c), [Some("1"), Some("2"), Some("3")]);
    assert!(starts(&c, 0, "KEY POINTS -- (C) On June 2"));
    assert!(starts(&c, 2, "Costa Rica's"));
}

#[test]
fn decimals_and_reasons_stay_text() {
    let c = cable::parse("SUBJECT: X\n\n1. (C) Reasons\n1.4 (b) and (d) apply.\n");
    assert_eq!(labels(&c), [Some("1")]);
    assert!(c.paragraphs[0].text.contains("1.4 (b) and (d) apply."));
}

#[test]
fn a_line_between_tags_and_subject_does_not_end_the_header() {
    // 04MADRID2341 (cables.csv)
    let c = cable::parse(
        "UNCLAS MADRID 002341\n\nSIPDIS\n\nE.O. 12958: N/A\n\
         TAGS: CVIS, KVPR, PTER, ASEC, CMGT, PINR, PREL, SP\n(OULAD AKCHA, NAIMA ET AL)\n\
         SUBJECT:  VISAS VIPER SUBMISSION\n\nREF: MADRID 2280\n\n\
         1.   POST WISHES TO SUBMIT AND/OR UPDATE THE FOLLOWING\n  NAMES.\n",
    );
    assert_eq!(c.subject, "VISAS VIPER SUBMISSION");
    assert_eq!(labels(&c), [Some("1")]);
    assert!(starts(&c, 0, "POST WISHES"));
}

#[test]
fn a_repeated_header_after_tags_is_read_not_shown() {
    // 09STATE57530: an embedded dump repeats the routing and TAGS before the class line.
    let c = cable::parse(
        "R 041429Z JUN 09\nFM SECSTATE WASHDC\nTO RUEHME/AMEMBASSY MEXICO 1749\n\
         TAGS: ETTC KOMC MX\nUNCLAS SECTION 01 OF 03 STATE 057530\n\nSENSITIVE\nSIPDIS\n\
         MEXICO CITY FOR STEWART BEITZ\n\nE.O. 12958: N/A\nTAGS: ETTC KOMC MX\n\
         SUBJECT: BLUE LANTERN LEVEL 3: POST-SHIPMENT END-USE CHECK\n\n\
         1. (U) This is an action request.\n",
    );
    assert_eq!(
        c.subject,
        "BLUE LANTERN LEVEL 3: POST-SHIPMENT END-USE CHECK"
    );
    assert_eq!(labels(&c), [Some("1")]);
}

#[test]
fn a_subject_further_down_the_body_does_not_pull_the_body_into_the_header() {
    let c = cable::parse(
        "UNCLAS MADRID 002341\nTAGS: CVIS, SP\n\nThe talks went on.\n\n\
         1. The Embassy sent a note.\nSUBJECT: A NOTE\n",
    );
    assert_eq!(c.subject, "");
    assert!(starts(&c, 0, "The talks went on."));
}

#[test]
fn a_page_break_marker_inside_a_line_is_cut_out() {
    // 08BRASILIA43, 06BAKU1835: the line break before the marker was lost.
    let c = cable::parse(
        "C O N F I D E N T I A L SECTION 01 OF 04 BRASILIA 000043\n\nTAGS: PTER BR\n\
         SUBJECT: TERRORISM FINANCE\n\n1. (C) Their threshold for accepting evidence of terrorism \
         financing BRASILIA 00000043 002 OF 004 activity in the region is very high.\n\n\
         2. (C) Brazilian agencies understand that the BRASILIA 00000043 004 OF 004\n\
         full scope of the problem goes beyond the TBA.\n",
    );
    let text: Vec<&str> = c.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        text,
        [
            "Their threshold for accepting evidence of terrorism financing activity in the region is very high.",
            "Brazilian agencies understand that the full scope of the problem goes beyond the TBA.",
        ]
    );
}

#[test]
fn the_end_banner_of_a_dump_is_not_text_and_the_signer_is_read() {
    // 04BOGOTA2313
    let c = cable::parse(
        "UNCLAS BOGOTA 002313\n\nTAGS: PREL CO\nSUBJECT: TALKS\n\n1. (U) The talks went on.\n\
         WOOD\n\n\n=======================CABLE ENDS============================\n",
    );
    assert_eq!(c.signer.as_deref(), Some("WOOD"));
    let text: Vec<&str> = c.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(text, ["The talks went on."]);
}

fn text_of(c: &Cable) -> String {
    c.paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_word_hyphenated_at_a_line_end_is_one_word() {
    // 85ALEXANDRIA524, 85ALEXANDRIA548 (cables.csv): `FLARE- ` / `UP`, `DEMONSTRA- ` / `TION`.
    let c = cable::parse(
        "CONFIDENTIAL ALEXANDRIA 00524\n\nSUBJECT: LABOR SCENE\n\n\
         1. SINCE THE FLARE- \nUP OF WORKER VIOLENCE WE EARLIER REPORTED A DEMONSTRA- \n\
         TION ON JUNE 17. PRE- \nAND POST-WAR PLANS, THE TALKS -\nWHICH ENDED.\n",
    );
    let t = text_of(&c);
    assert!(t.contains("THE FLARE-UP OF WORKER"), "{t}");
    assert!(t.contains("A DEMONSTRATION ON JUNE 17"), "{t}");
    assert!(t.contains("PRE- AND POST-WAR"), "{t}");
    assert!(t.contains("THE TALKS - WHICH"), "{t}");
}

#[test]
fn quotes_a_csv_export_doubled_are_single_again() {
    // 10BAKU134, 10DHAKA27 (subject).
    let c = cable::parse(
        "CONFIDENTIAL BAKU 000134\n\nSUBJECT: PM PREPARES FOR \"\"TRANSFORMATIONAL\"\" VISIT\n\n\
         1. (C) He wanted it to succeed only to have it stymied by \"\"others,\"\" presumably\n\
         in the prime minister's office. He said \"\"Moscow had asked\" and escape at the end.\"\" Then\n\
         a sample row: \"sitelink\":\"\",\"isnew\":\"\".\n",
    );
    assert_eq!(c.subject, "PM PREPARES FOR \"TRANSFORMATIONAL\" VISIT");
    let t = text_of(&c);
    assert!(t.contains("stymied by \"others,\" presumably"), "{t}");
    assert!(t.contains("said \"Moscow had asked\" and"), "{t}");
    assert!(t.contains("at the end.\" Then"), "{t}");
    assert!(t.contains("\"sitelink\":\"\",\"isnew\":\"\""), "{t}");
}

#[test]
fn a_continuation_mark_after_the_signer_does_not_hide_it() {
    // 04BOGOTA11339: the page's last line is `WOOD \` (the mark before a newline that is gone).
    let c = cable::parse(
        "CONFIDENTIAL BOGOTA 011339\n\nSUBJECT: EU POLICY\n\n\
         1. (C) Countries like Sweden now need to do the same.\nWOOD \\",
    );
    assert_eq!(c.signer.as_deref(), Some("WOOD"));
    assert!(!text_of(&c).contains('\\'));
}

#[test]
fn an_embedded_record_dump_is_not_shown() {
    // 06LIMA1406: a truncated header, then the dump (`id:` ... `header ends`), then the text.
    let c = cable::parse(
        "C O N F I D E N T I A L LIMA 001406\n\nSUBJECT: FUJIMORISTAS DELIGHTED\n\nREF: 05 LIMA...\n\n\
         id: 60170\ndate: 4/11/2006 19:34\nrefid: 06LIMA1406\norigin: Embassy Lima\n\
         classification: CONFIDENTIAL\ndestination: \nheader:\nVZCZCXYZ0000\nPP RUEHWEB\n\n\
         DE RUEHPE #1406 1011934\nZNY CCCCC ZZH\nP 111934Z APR 06\nFM AMEMBASSY LIMA\n\n\
         ----------------- header ends ----------------\n\n\
         1. (C) Jaime Yoshiyama was jubilant over the election results.\n",
    );
    let t = text_of(&c);
    assert!(
        !t.contains("refid:") && !t.contains("header ends") && !t.contains("VZCZC"),
        "{t}"
    );
    assert!(t.contains("Jaime Yoshiyama was jubilant"), "{t}");
    // An `id: 12` line without a dump after it is text.
    let c =
        cable::parse("UNCLAS LIMA 000001\n\nSUBJECT: X\n\n1. The form asks for:\nid: 12\nname.\n");
    assert!(text_of(&c).contains("id: 12"));
}

#[test]
fn a_marked_classified_by_line_is_header_and_shown_as_such() {
    // 02ANKARA8852: ` (U) Classified by ...` under the REF block was the body's first paragraph.
    let c = cable::parse(
        "C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 008852\n\nSIPDIS\n\n\
         E.O. 12958: DECL: 12/04/2012\nTAGS: PREL PGOV ECON PINS TU\n\
         SUBJECT: SCENESETTER FOR DEC. 9-10 WASHINGTON VISIT\n\n\
         REF: A. ANKARA 6856\n     \u{b6}B. ANKARA 8252\n\n\n\
         \x20(U) Classified by Ambassador W.R. Pearson; reasons: 1.5 (b,d).\n\n\n\
         \u{b6}1. (C) Summary: As Turkey's strongest politician Tayyip\nErdogan is key.\n",
    );
    assert_eq!(labels(&c), [Some("1")]);
    assert!(starts(&c, 0, "Summary: As Turkey's"));
    assert_eq!(
        c.classified_by,
        "Ambassador W.R. Pearson; reasons: 1.5 (b,d)."
    );
    // 04ANKARA7106: the reason goes on after `E.O. 12958 1.4`, on the next line.
    let c = cable::parse(
        "S E C R E T ANKARA 007106\n\nTAGS: PREL TU\nSUBJECT: A RARE GLIMPSE\n\n\
         (U) Classified by CDA Robert Deutsch; reasons: E.O. 12958 1.4\n(a,b,c,d).\n\n\
         \u{b6}1. (S/NF) Summary: Long-term Embassy contact.\n",
    );
    assert_eq!(labels(&c), [Some("1")]);
    assert_eq!(
        c.classified_by,
        "CDA Robert Deutsch; reasons: E.O. 12958 1.4 (a,b,c,d)."
    );
}

#[test]
fn a_header_repeated_after_a_cut_preview_is_not_shown() {
    // 08ATHENS1156: the page shows the header cut at `C...`, then the whole cable again, its
    // header on a few long lines.
    let c = cable::parse(
        "O 121526Z AUG 08\nFM AMEMBASSY ATHENS\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 2329\n\n\
         C O N F I D E N T I A L ATHENS 001156\n\nSIPDIS\n\nE.O. 12958: DECL: 08/12/2018\n\
         TAGS: PGOV PREL GG GR\nSUBJECT: TFGG01: GREEKS WILL FOLLOW FRENCH LEAD ON GEORGIA\n\
         CRISIS\n\nREF: A. SECSTATE 86108\n     \u{b6}B. ATHENS 1152\n\nC...\n\n\
         C O N F I D E N T I A L ATHENS 001156 SIPDIS E.O. 12958: DECL: 08/12/2018 TAGS: PGOV PREL GG GR\n\n\
         SUBJECT: TFGG01: GREEKS WILL FOLLOW FRENCH LEAD ON GEORGIA CRISIS REF: A. SECSTATE 86108 \
         B. ATHENS 1152 Classified By: CHARGE D'AFFAIRES DEBORAH MCCARTHY. REASONS 1.4 (B) and (D). \n\n\
         \u{b6}1. (C) SUMMARY: The GOG has still not announced an official position.\n\n\
         \u{b6}2. (SBU) On August 12, A/DCM conveyed ref A points.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")]);
    assert!(starts(&c, 0, "SUMMARY: The GOG"));
    assert_eq!(
        c.classified_by,
        "CHARGE D'AFFAIRES DEBORAH MCCARTHY. REASONS 1.4 (B) and (D)."
    );
    assert_eq!(c.references, ["08STATE86108", "08ATHENS1152"]);
}

#[test]
fn the_preview_before_a_dump_gives_way_to_the_full_text() {
    // 09LIMA146: header and `¶1. (C) Summary: At the ...`, the dump, then the cable again.
    let c = cable::parse(
        "P 032213Z FEB 09\nFM AMEMBASSY LIMA\nTO SECSTATE WASHDC PRIORITY 9983\n\n\
         C O N F I D E N T I A L LIMA 000146\n\n\nE.O. 12958: DECL: 02/03/2029\n\
         TAGS PGOV, PREL, SNAR, PE\nSUBJECT: GARCIA AT THE HALF-WAY MARK\n\n\
         Classified By: DCM James Nealon for reasons 1.4(c) and (d).\n\n\
         \u{b6}1.  (C) Summary: At the ...\n\nid: 190261\ndate: 2/3/2009 22:13\nrefid: 09LIMA146\n\
         origin: Embassy Lima\nheader:\nP 032213Z FEB 09\nFM AMEMBASSY LIMA\n\n\
         ----------------- header ends ----------------\n\n\
         C O N F I D E N T I A L LIMA 000146\n\n\nE.O. 12958: DECL: 02/03/2029\n\
         TAGS PGOV, PREL, SNAR, PE\nSUBJECT: GARCIA AT THE HALF-WAY MARK\n\n\
         Classified By: DCM James Nealon for reasons 1.4(c) and (d).\n\n\
         \u{b6}1.  (C) Summary: At the half-way point in President Garcia's\nterm, the balance is mixed.\n\n\
         \u{b6}2.  (C) The economy grew.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")]);
    assert!(starts(&c, 0, "Summary: At the half-way point"), "{c:?}");
    assert_eq!(
        c.classified_by,
        "DCM James Nealon for reasons 1.4(c) and (d)."
    );
}

#[test]
fn a_section_header_repeated_mid_text_keeps_the_sentence_under_it() {
    // 00HARARE5461: the second section's header stands inside a sentence that a page break
    // cut; the rest of the sentence under the TAGS line is text, not header.
    let c = cable::parse(
        "O 271459Z SEP 00\nFM AMEMBASSY HARARE\nTO SECSTATE WASHDC IMMEDIATE 7212\n\n\
         C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461\n\nSIPDIS\n\n\
         E.O. 12958: DECL: 09/21/10\nTAGS: PGOV PINS ZI\nSUBJECT: PRIVATE SECTOR AS MIDDLEMAN\n\n\
         \u{b6}5. (C) HE HAS A CERTAIN CREDIBILITY WITH BOTH MAJOR\n\
         C O N F I D E N T I A L SECTION 02 OF 02 HARARE 005461\nSIPDIS\nXXXXXXXXXXXX\n\
         E.O. 12958: DECL: 09/21/10 TAGS: PGOV PINS ZI\n\
         POLITICAL PARTIES. THE CHALLENGE IS TO AGREE.\n\
         \u{b6}6. (C) XXXXXXXXXXXX SAID HE HAS HEARD HINTS.\n",
    );
    assert_eq!(labels(&c), [Some("5"), Some("6")]);
    assert_eq!(
        c.paragraphs[0].text,
        "HE HAS A CERTAIN CREDIBILITY WITH BOTH MAJOR POLITICAL PARTIES. THE CHALLENGE IS TO AGREE."
    );
}

#[test]
fn paragraph_1_glued_to_a_repeated_header_keeps_its_number() {
    // 08VILNIUS668: `... REF: VILNIUS 663 1. (SBU)` then the paragraph's text.
    let c = cable::parse(
        "R 131030Z AUG 08\nFM AMEMBASSY VILNIUS\nTO SECSTATE WASHDC 2714\n\n\
         UNCLAS VILNIUS 000668\n\nSENSITIVE\nSIPDIS\n\nTAGS: PREL BO GG\n\
         SUBJECT: BELARUS: SPAT WITH RUSSIA OVER GEORGIA\n\nREF: VILNIUS 663\n\n\
         \u{b6}1. The neutrality of the Belarusian regime with regar...\n\n\
         UNCLAS VILNIUS 000668 SENSITIVE SIPDIS AMEMBASSY MINSK SENDS E.O. 12958: N/A TAGS: PREL BO GG\n\
         SUBJECT: BELARUS: SPAT WITH RUSSIA OVER GEORGIA REF: VILNIUS 663 1. (SBU)\n\
         The neutrality of the Belarusian regime has become a dispute.\n\n\
         2. (SBU) A response was provided.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")]);
    assert_eq!(c.paragraphs[0].marking.as_deref(), Some("SBU"));
    assert!(starts(&c, 0, "The neutrality of the Belarusian regime has"));
}

#[test]
fn a_subject_cut_by_a_blank_line_goes_on_and_the_ref_under_it_is_read() {
    // 07LONDON4045: `SUBJECT: ... COHEN'S` / blank / `VISIT TO THE UK, ...` / REF / Classified By.
    let c = cable::parse(
        "P 251638Z OCT 07\nFM AMEMBASSY LONDON\n\n\
         C O N F I D E N T I A L SECTION 01 OF 05 LONDON 004045\nSIPDIS\n\n\
         EO 12958 DECL: 10/17/2017\n\nTAGS PGOV, PREL, KISL, UK\n\n\
         SUBJECT: EUR SENIOR ADVISOR PANDITH AND S/P ADVISOR COHEN'S\n\n\
         VISIT TO THE UK, OCTOBER 9-14, 2007\n\nREF: LONDON 4030\n\n\
         Classified By: DCM Richard LeBaron for reasons 1.4 b, d\n\n\
         \u{b6}1. (C) Summary. EUR Senior Advisor Farah Pandith met leaders.\n",
    );
    assert_eq!(
        c.subject,
        "EUR SENIOR ADVISOR PANDITH AND S/P ADVISOR COHEN'S VISIT TO THE UK, OCTOBER 9-14, 2007"
    );
    assert_eq!(c.references, ["07LONDON4030"]);
    assert_eq!(c.classified_by, "DCM Richard LeBaron for reasons 1.4 b, d");
    assert_eq!(labels(&c), [Some("1")]);
}

#[test]
fn a_stray_line_above_the_classified_by_line_is_shown_first() {
    // 09TRIPOLI260: `PHUM,PREL,LY` between REF and a `CLASSIFIED BY` cut by a blank line.
    let c = cable::parse(
        "C O N F I D E N T I A L TRIPOLI 000260\n\nE.O. 12958: DECL:  3/30/2019\n\
         TAGS: PHUM PREL LY\nSUBJECT: UPDATE ON FATHI EL-JAHMI\n\nREF: TRIPOLI 251\n\n\
         PHUM,PREL,LY\n\nCLASSIFIED BY: Gene A. Cretz, Ambassador, Embassy Tripoli,\n\n\
         Department of State. REASON: 1.4 (b), (d)\n\n1.(C) Following up on a report.\n",
    );
    assert_eq!(c.subject, "UPDATE ON FATHI EL-JAHMI");
    assert_eq!(c.paragraphs[0].text, "PHUM,PREL,LY");
    assert!(c.classified_by.starts_with("Gene A. Cretz, Ambassador"));
    assert_eq!(labels(&c), [None, Some("1")]);
}

#[test]
fn reftel_in_a_sentence_is_not_a_ref_line() {
    // 08PARIS137: the body opens with `... delivered` / `reftel demarche to ...`.
    let c = cable::parse(
        "UNCLAS PARIS 000137\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREF SMIG FR\n\
         SUBJECT: CUBAN MIGRANTS DEMARCHE DELIVERED\n\nREF: 08 STATE 07089\n\n\
         Political Minister Counselor Josiah Rosenblatt delivered\n\
         reftel demarche to A/S-equivalent for the Americas Daniel\n\
         Parfait on January 24.  Parfait responded that France will\nconsider the proposal.\n",
    );
    assert_eq!(
        c.paragraphs[0].text,
        "Political Minister Counselor Josiah Rosenblatt delivered reftel demarche to \
         A/S-equivalent for the Americas Daniel Parfait on January 24. Parfait responded \
         that France will consider the proposal."
    );
}

#[test]
fn address_lines_after_a_blank_in_a_repeated_header_are_not_shown() {
    // 00THEHAGUE1695 (fourth round): the copy of the header has `DEPT FOR ...` address lines
    // after a blank line under its classification line, before E.O./TAGS/SUBJECT.
    let c = cable::parse(
        "R 070000Z JUN 00\nFM AMEMBASSY THE HAGUE\nTO SECSTATE WASHDC 1234\n\n\
         UNCLAS SECTION 01 OF 02 THE HAGUE 001695\n\nSIPDIS\n\nE.O. 12958: N/A\n\
         TAGS: PREL NL\nSUBJECT: PEACEKEEPING REMAINS SENSITIVE\n\n\
         \u{b6}1. (U) The Dutch ...\n\n\
         UNCLAS SECTION 01 OF 02 THE HAGUE 001695\nSIPDIS\n\n\
         DEPT FOR S/P, IO/UNP, EUR/RPM\nJCS FOR J-5\n\nOSD FOR ISA-NATO\n\n\
         E.O. 12958: N/A\n\nTAGS: PREL NL\n\nSUBJECT: PEACEKEEPING REMAINS SENSITIVE\n\n\
         \u{b6}1. (U) The Dutch remain wary of peacekeeping.\n\n\
         \u{b6}2. (U) Parliament debated it.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")]);
    assert!(starts(&c, 0, "The Dutch remain wary"), "{:?}", c.paragraphs);
}

#[test]
fn a_site_row_pasted_as_lines_is_not_shown() {
    // 03THEHAGUE2163 (fourth round): the cut preview, the site's row one field a line
    // (number, date, id, origin, classification, cited ids), then the whole cable again.
    let c = cable::parse(
        "This record is a partial extract of the original cable.\n\n\
         UNCLAS SECTION 01 OF 02 THE HAGUE 002163\n\nSIPDIS\n\nE.O. 12958 N/A\n\
         TAGS: EPET ENRG NL\nSUBJECT: Secretary Abraham's Meeting\n\n\n\u{b6}1.  (U) ...\n\
         10341\n\n2003-08-27\n\n03THEHAGUE2163\n\nEmbassy The Hague\n\nUNCLASSIFIED\n\n\
         03STATE1234|03STATE5678\n\n\n\
         UNCLAS SECTION 01 OF 02 THE HAGUE 002163\n\nSIPDIS\n\nE.O. 12958 N/A\n\
         TAGS: EPET ENRG NL\nSUBJECT: Secretary Abraham's Meeting\n\n\
         \u{b6}1.  (U) The Secretary met the Minister.\n\n\u{b6}2.  (U) They agreed.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")], "{:?}", c.paragraphs);
    assert!(starts(&c, 0, "The Secretary met"));
}

#[test]
fn a_cables_csv_row_pasted_before_the_copy_is_not_shown() {
    // 07THEHAGUE1295 (fourth round): the cut preview, then a cables.csv row whose text field
    // starts with the routing lines, then the copy of the classification line.
    let c = cable::parse(
        "O 051617Z JUL 07\nFM AMEMBASSY THE HAGUE\nTO SECSTATE WASHDC 9745\n\n\
         S E C R E T THE HAGUE 001295\n\nSIPDIS\n\nE.O. 12958: DECL: 07/05/2017\n\
         TAGS: PREL NL\nSUBJECT: DUTCH VIEWS\n\n\u{b6}1. (S) Summ...\n\n\
         114457,7/5/2007 16:17,07THEHAGUE1295,\"Embassy The\n\
         Hague\",SECRET//NOFORN,,\"VZCZCXYZ0000\nOO RUEHWEB\nDE RUEHTC #1295/01 1861617\n\
         ZNY SSSSS ZZH\nO 051617Z JUL 07\nFM AMEMBASSY THE HAGUE\n\
         TO RUEHC/SECSTATE WASHDC IMMEDIATE 9745\n\
         \",\"S E C R E T THE HAGUE 001295\nSIPDIS\nE.O. 12958: DECL: 07/05/2017\n\
         TAGS: PREL NL\nSUBJECT: DUTCH VIEWS\n\
         \u{b6}1. (S) Summary: The Dutch agreed.\n\u{b6}2. (S) They will send troops.\n",
    );
    assert_eq!(labels(&c), [Some("1"), Some("2")], "{:?}", c.paragraphs);
    assert!(starts(&c, 0, "Summary: The Dutch agreed"));
}

#[test]
fn tags_of_a_dump_above_the_classification_line_do_not_end_the_header() {
    // 08MEXICO714, 09ABUJA2170 (fourth round): a site row (classification column, then TAGS
    // and a cut SUBJECT) stands above the cable's own classification line, whose header follows.
    let c = cable::parse(
        "R 111940Z MAR 08\nFM AMEMBASSY MEXICO\nTO RUEHC/SECSTATE WASHDC 0855\n\n\
         145314\n2008-03-11 19:40:00\n08MEXICO714\nEmbassy Mexico\nCONFIDENTIAL//NOFORN\n\n\
         TAGS: PGOV PREL MX\nSUBJECT: SECRETARY CHERTOFF AND\n\
         C O N F I D E N T I A L SECTION 01 OF 02 MEXICO 000714\n\nSIPDIS\n\nSENSITIVE\nSIPDIS\n\n\
         PASS TO DHS ADAM ISLES\n\nE.O. 12958: DECL: 10/08/2027\nTAGS: PGOV PREL MX\n\
         SUBJECT: SECRETARY CHERTOFF AND MINISTER MOURINO MEET\n\nREF: MEXICO 700\n\n\
         Classified By: Political Minister Counselor Charles V. Barclay.\n\n\
         \u{b6}1. (C) Summary: The Secretary met the Minister.\n\n\u{b6}2. (C) They agreed.\n",
    );
    assert_eq!(c.subject, "SECRETARY CHERTOFF AND MINISTER MOURINO MEET");
    assert_eq!(
        c.classification_raw,
        "C O N F I D E N T I A L SECTION 01 OF 02 MEXICO 000714"
    );
    assert_eq!(c.references, ["08MEXICO700"]);
    assert_eq!(labels(&c), [Some("1"), Some("2")], "{:?}", c.paragraphs);
}

#[test]
fn a_dump_ref_and_the_cables_own_ref_stay_apart() {
    // 08KINSHASA189 (fourth round): the dump's `REF: 07 KINSHASA 798` and the cable's own
    // REF line were glued into `79807`.
    let c = cable::parse(
        "R 221200Z FEB 08\nFM AMEMBASSY KINSHASA\n\nSECRET//NOFORN\nTAGS: EMIN PGOV\n\
         SUBJECT: CONGOLESE URANIUM\nREF: 07 KINSHASA 798\n\
         S E C R E T SECTION 01 OF 02 KINSHASA 000189\n\nE.O. 12958: DECL: 02/22/2018\n\
         TAGS: EMIN PGOV\nSUBJECT: CONGOLESE URANIUM\nREF: 07 KINSHASA 798\n\n\
         \u{b6}1. (S) Summary: The GDRC looks to China.\n",
    );
    assert_eq!(c.references, ["07KINSHASA798"]);
    assert_eq!(labels(&c), [Some("1")], "{:?}", c.paragraphs);
}

#[test]
fn classified_by_with_two_spaces_is_a_header_line() {
    // 09STOCKHOLM787 (fourth round): `Classified  By: DCM ...`.
    let c = cable::parse(
        "P 181428Z DEC 09\nFM AMEMBASSY STOCKHOLM\n\n\
         C O N F I D E N T I A L STOCKHOLM 000787\n\nTAGS: KISL SW\n\n\
         SUBJECT: SWEDEN'S PROGRAM\n\nREF: A. STOCKHOLM 779\n\n\
         Classified  By: DCM Robert Silverman for reasons 1.4(b) and (d).\n\n\
         \u{b6}1. (C) Summary: The police have three concerns.\n",
    );
    assert_eq!(labels(&c), [Some("1")], "{:?}", c.paragraphs);
    assert_eq!(
        c.classified_by,
        "DCM Robert Silverman for reasons 1.4(b) and (d)."
    );
}

#[test]
fn a_ref_items_parenthesis_closed_on_the_next_line_stays_in_the_ref() {
    // 04WELLINGTON591 (fourth round): `A. WELLINGTON 539 (NATS BACK AWAY FROM PRE-ELECTION` /
    // `CHANGE)`: the body started at `CHANGE)`, REF items and `Classified By` were shown.
    let c = cable::parse(
        "R 120000Z JUL 04\nFM AMEMBASSY WELLINGTON\n\n\
         C O N F I D E N T I A L WELLINGTON 000591\n\nTAGS: PGOV NZ\n\
         SUBJECT: NZ OPPOSITION PARTY CONFERENCE\n\n\
         REF: A. WELLINGTON 539 (NATS BACK AWAY FROM PRE-ELECTION\nCHANGE)\n\
         \u{b6}B. WELLINGTON 89 (OPPOSITION BLASTS RACIAL POLICIES)\n\n\
         Classified By: POLITICAL COUNSELOR T. BROWN FOR REASONS 1.5(B, D)\n\n\
         \u{b6}1. (C) Summary: The National Party met.\n",
    );
    assert_eq!(c.references, ["04WELLINGTON539", "04WELLINGTON89"]);
    assert_eq!(labels(&c), [Some("1")], "{:?}", c.paragraphs);
}

#[test]
fn a_subject_ending_to_a_place_and_a_reason_after_a_blank_stay_in_the_header() {
    // 07LONDON4472 (fourth round): `SUBJECT: ... DECEMBER 7 VISIT` / blank / `TO LONDON`, then
    // `Classified By: ... FOR REASONS` / blank / `1.4 B, D`.
    let c = cable::parse(
        "P 051158Z DEC 07\nFM AMEMBASSY LONDON\n\n\
         C O N F I D E N T I A L LONDON 004472\n\nEO 12958 DECL: 12/05/2017\n\
         TAGS EAIR, ECON, UK\nSUBJECT: SCENESETTER FOR SECRETARY PETERS' DECEMBER 7 VISIT\n\n\
         TO LONDON\n\nClassified By: AMBASSADOR ROBERT H. TUTTLE FOR REASONS\n\n1.4 B, D\n\n\
         \u{b6}1. (SBU) Summary: Your visit comes after a transition.\n",
    );
    assert_eq!(
        c.subject,
        "SCENESETTER FOR SECRETARY PETERS' DECEMBER 7 VISIT TO LONDON"
    );
    assert_eq!(
        c.classified_by,
        "AMBASSADOR ROBERT H. TUTTLE FOR REASONS 1.4 B, D"
    );
    assert_eq!(labels(&c), [Some("1")], "{:?}", c.paragraphs);
}

#[test]
fn a_page_break_marker_before_a_header_line_is_cut() {
    // 09TRIPOLI371, 08LONDON2294 (fourth round): `TRIPOLI 00000371 001.2 OF 002 CLASSIFIED BY:`
    // became a paragraph; a marker after the subject stayed in it.
    let c = cable::parse(
        "P 061532Z MAY 09\nFM AMEMBASSY TRIPOLI\n\n\
         C O N F I D E N T I A L SECTION 01 OF 02 TRIPOLI 000371\n\nTAGS: PREL LY\n\
         SUBJECT: ENCOURAGING CEN-SAD TO COOPERATE TRIPOLI 00000371 001.2 OF 002\n\n\
         TRIPOLI 00000371 001.2 OF 002 CLASSIFIED BY: Gene A. Cretz, Ambassador. REASON: 1.4 (b)\n\n\
         \u{b6}1. (C) Summary: CEN-SAD met.\n",
    );
    assert_eq!(c.subject, "ENCOURAGING CEN-SAD TO COOPERATE");
    assert_eq!(
        c.classified_by,
        "Gene A. Cretz, Ambassador. REASON: 1.4 (b)"
    );
    assert_eq!(labels(&c), [Some("1")], "{:?}", c.paragraphs);
}

#[test]
fn a_continuation_mark_at_the_end_of_the_last_line_is_not_shown() {
    // 07BOGOTA4029, 08TASHKENT153 (fourth round): a MySQL-escaped text ends `Drucker \` or
    // `NORLAND \v`; the mark stayed in the last paragraph.
    for end in ["Drucker \\", "NORLAND \\v"] {
        let c = cable::parse(&format!(
            "O 051803Z JUN 07\nFM AMEMBASSY BOGOTA\n\nC O N F I D E N T I A L BOGOTA 004029\n\n\
             TAGS: PGOV CO\nSUBJECT: URIBE EXPLAINS\n\n\u{b6}1. (C) The FARC held prisoners.\n{end}"
        ));
        let shown: String = c.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert!(!shown.contains('\\'), "{end}: {:?}", c.paragraphs);
    }
}

#[test]
fn a_quoted_marking_in_a_note_above_tags_does_not_start_the_body() {
    // 04MADRID2006 (fourth round): `CORRECTED COPY ... ONLY CORRECTION IS ADDING` /
    // `"(C)" DESIGNATION TO PARA 4.` above E.O./TAGS/SUBJECT started the body there.
    let c = cable::parse(
        "C O N F I D E N T I A L MADRID 002006\n\nSIPDIS\n\n\
         CORRECTED COPY OF MADRID 1870 -- ONLY CORRECTION IS ADDING\n\
         \"(C)\" DESIGNATION TO PARA 4.\n\nE.O. 12958: DECL: 05/21/2014\n\
         TAGS: PREL, PGOV, SP\nSUBJECT: SPAIN: ZAPATERO'S CHIEF OF STAFF (CORRECTED COPY)\n\n\
         Classified By: DCM J. Robert Manzanares, reasons 1.4(b) and (d).\n\n\
         1. (C) Summary: The DCM met Serrano.\n",
    );
    assert_eq!(
        c.subject,
        "SPAIN: ZAPATERO'S CHIEF OF STAFF (CORRECTED COPY)"
    );
    assert_eq!(c.tags, ["PREL", "PGOV", "SP"]);
    assert!(
        c.paragraphs.iter().all(|p| !p.text.contains("TAGS")),
        "{:?}",
        c.paragraphs
    );
}

#[test]
fn noforn_before_the_internet_note_is_a_caveat() {
    // 09STATE15113 (fourth round): `NOFORN, NOT FOR INTERNET DISTRIBUTION` under the
    // classification line gave no caveat.
    let c = cable::parse(
        "R 130000Z FEB 09\nFM SECSTATE WASHDC\n\nC O N F I D E N T I A L STATE 015113\n\n\
         NOFORN, NOT FOR INTERNET DISTRIBUTION\n\nTAGS: PTER ASEC\nSUBJECT: CRITICAL SITES\n\n\
         1. (C/NF) Posts are asked to review the list.\n",
    );
    assert_eq!(c.caveats, ["NOFORN"]);
}

#[test]
fn caveats_glued_into_one_word_are_read() {
    // 06ANKARA3352 (fourth round): `... ANKARA 003352SIPDISSIPDISNOFORNE.O. 12958` on one
    // line of a dump lost its NOFORN.
    let c = cable::parse(
        "Cable dated:2006-06-08T06:52:00S E C R E T SECTION 01 OF 04 ANKARA \
         003352SIPDISSIPDISNOFORNE.O. 12958: DECL: 06/05/2026TAGS: MOPS PREL TU\
         SUBJECT: TURKEY AND IRAQ\n\n1. (S) Summary: Turkey met.\n",
    );
    assert!(c.caveats.iter().any(|c| c == "NOFORN"), "{:?}", c.caveats);
}
