//! Hand-built cables for the TUI tests (the parser is not needed to test the screens).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test support: a failure fails the test loudly"
)]
#![allow(dead_code)]

use cables::archive::Archive;
use cables::cable::{
    Cable, CableDate, Classification, Paragraph, ParagraphKind, Precedence, YearSource,
};
use cables::tui::harness::Harness;
use cables::tui::theme::Theme;

/// A cable with `paragraphs` numbered paragraphs of varied length, referencing `refs`.
pub fn cable(id: &str, refs: &[&str], paragraphs: u32) -> Cable {
    let words = "the commission met on November 17 to discuss PHUM and KTIP matters raised \
                 in 09STATE59732 while the deputy minister (C) denied any problem existed";
    Cable {
        id: id.to_string(),
        id_year: YearSource::Dtg,
        date: Some(CableDate {
            year: 2009,
            month: 11,
            day: 24,
            hour: 10,
            minute: 50,
        }),
        precedence: Some(Precedence {
            code: "R".into(),
            name: "ROUTINE".into(),
        }),
        origin: "Embassy Dushanbe".into(),
        from: "AMEMBASSY DUSHANBE".into(),
        to: vec!["SECSTATE WASHDC".into()],
        info: vec!["CIS COLLECTIVE".into(), "AMEMBASSY MOSCOW".into()],
        classification: Classification::Confidential,
        classification_raw: "CONFIDENTIAL".into(),
        caveats: vec!["SIPDIS".into()],
        sections: None,
        tags: vec!["PHUM".into(), "KTIP".into(), "TI".into()],
        subject: format!("SUBJECT OF {id}: TAJIK TIP COMMISSION EVOLVING"),
        references: refs.iter().map(|r| r.to_string()).collect(),
        signer: Some("QUAST".into()),
        partial: None,
        classified_by: String::new(),
        paragraphs: (1..=paragraphs)
            .map(|n| Paragraph {
                n,
                label: Some(n.to_string()),
                marking: Some(if n % 3 == 0 { "C" } else { "SBU" }.into()),
                kind: ParagraphKind::Numbered,
                text: std::iter::repeat_n(words, 1 + (n as usize % 3))
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect(),
        warnings: Vec::new(),
    }
}

/// The demo archive, but every cable loads as a hand-built one (`A` refs `B`), and the
/// reference `09DUSHANBE2` resolves to cable `B`.
pub fn harness(w: u16, h: u16) -> Harness {
    Harness::new(Archive::demo(), Theme::role_test(), w, h)
        .with_loader(Box::new(|i| {
            Some(cable(
                &format!("09DUSHANBE{}", i + 100),
                &["09DUSHANBE2", "08STATE1"],
                30,
            ))
        }))
        .with_resolver(Box::new(|id| {
            (id == "09DUSHANBE2").then(|| (1, cable("09DUSHANBE2", &[], 5)))
        }))
}

/// The status bar's message now (empty when there is none).
pub fn said(h: &Harness) -> String {
    h.app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// Bytes a front end writes (`FixedTerminal<Sink>`), kept where the test can read them.
#[derive(Clone, Default)]
pub struct Sink(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut held) = self.0.lock() {
            held.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Sink {
    /// Everything written so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().map(|b| b.clone()).unwrap_or_default()
    }

    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }
}
