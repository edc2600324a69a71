//! The parser never panics: arbitrary bytes, randomly mutated demo cables, and the awkward
//! inputs every reader meets (invalid UTF-8, CRLF, a BOM, tabs, an empty file). A text that
//! is not a cable is reported as such.

mod sandbox;

use cables::cable::{self, Classification};
use proptest::prelude::*;

fn demo_texts() -> Vec<&'static str> {
    cables::archive::DEMO.iter().map(|(_, t)| *t).collect()
}

fn check_invariants(c: &cable::Cable) {
    for (i, p) in c.paragraphs.iter().enumerate() {
        assert_eq!(p.n as usize, i + 1);
        assert!(!p.text.chars().any(cable::sanitize::is_unsafe_char));
    }
    assert!(!c.subject.chars().any(cable::sanitize::is_unsafe_char));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let c = cable::parse_bytes(&bytes);
        check_invariants(&c);
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "(?s).{0,600}") {
        check_invariants(&cable::parse(&s));
    }

    #[test]
    fn header_like_noise_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("TAGS: ".to_string()), Just("SUBJECT:".to_string()), Just("REF: A. 08 HAGUE".to_string()),
                Just("C O N F I D E N T I A L".to_string()), Just("UNCLAS SECTION 01 OF".to_string()),
                Just("¶".to_string()), Just("[1](#)".to_string()), Just("$\\underline{\\P}".to_string()),
                Just("- 1".to_string()), Just("(S/NF)".to_string()), Just("R 241050Z NOV 09".to_string()),
                Just("FM AMEMBASSY".to_string()), Just("DE RUEHDBU #".to_string()), Just("-----".to_string()),
                "[A-Z0-9 .:/()#¶\\-]{0,30}",
            ],
            0..40,
        )
    ) {
        let text = lines.join("\n");
        check_invariants(&cable::parse(&text));
    }

    #[test]
    fn mutated_demo_cables_never_panic(
        which in 0usize..5,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..40),
    ) {
        let mut bytes = demo_texts()[which].as_bytes().to_vec();
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        check_invariants(&cable::parse_bytes(&bytes));
    }

    #[test]
    fn truncated_demo_cables_never_panic(which in 0usize..5, cut in any::<prop::sample::Index>()) {
        let text = demo_texts()[which];
        let mut end = cut.index(text.len() + 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        check_invariants(&cable::parse(&text[..end]));
    }
}

#[test]
fn empty_input() {
    let c = cable::parse_bytes(b"");
    assert!(c.paragraphs.is_empty());
    assert!(!c.looks_like_cable());
    assert_eq!(c.classification, Classification::Unknown);
}

#[test]
fn crlf_bom_and_tabs_read_like_the_original() {
    let text = demo_texts()[0];
    let plain = cable::parse(text);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").as_bytes());
    let crlf = cable::parse_bytes(&bytes);
    assert_eq!(crlf.id, plain.id);
    assert_eq!(crlf.tags, plain.tags);
    assert_eq!(crlf.paragraphs, plain.paragraphs);
    let tabbed = cable::parse(&text.replace("TAGS: ", "TAGS:\t"));
    assert_eq!(tabbed.tags, plain.tags);
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    let c = cable::parse_bytes(
        b"UNCLAS PARIS 000123\n\nTAGS: PREL\nSUBJECT: CAF\xC9 \xB6 TEST\n\n\xB61. (U) Text.\n",
    );
    assert_eq!(c.subject, "CAFÉ ¶ TEST");
    assert_eq!(
        c.paragraphs.first().and_then(|p| p.label.as_deref()),
        Some("1")
    );
}

#[test]
fn escape_sequences_never_survive() {
    let c = cable::parse(
        "UNCLAS PARIS 000123\nSUBJECT: A\u{1b}[31mRED\u{1b}[0m\n\n1. (U) B\u{1b}]0;x\u{7}C.\n",
    );
    assert_eq!(c.subject, "ARED");
    assert_eq!(c.paragraphs.first().map(|p| p.text.as_str()), Some("BC."));
}

#[test]
fn a_text_that_is_not_a_cable_is_reported_with_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("groceries.txt");
    std::fs::write(&path, "eggs\nmilk\nbread\n").expect("write");
    assert!(!cable::parse("eggs\nmilk\nbread\n").looks_like_cable());
    let out = sandbox::cables()
        .args(["parse", &path.display().to_string()])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("groceries.txt") && err.contains("not a cable"),
        "{err}"
    );
}

#[test]
fn a_cable_parses_with_exit_code_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("09DUSHANBE1319.txt");
    std::fs::write(&path, demo_texts()[0]).expect("write");
    let out = sandbox::cables()
        .args(["parse", "--json", &path.display().to_string()])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["id"], "09DUSHANBE1319");
    for key in [
        "id",
        "date",
        "precedence",
        "origin",
        "to",
        "info",
        "classification",
        "caveats",
        "sections",
        "tags",
        "subject",
        "references",
        "signer",
        "partial",
        "paragraphs",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["n", "label", "marking", "kind", "text"] {
        assert!(
            v["paragraphs"][0].get(key).is_some(),
            "missing paragraph {key}"
        );
    }
}
