//! The hostile archive of the hostile-output tests (escape sequences, OSC, BEL, C1 and bidi
//! controls, raw and as HTML or JSON escapes, in texts, ids, origins and file names), and the
//! scan for bytes that would act on a terminal. (Each test binary uses part of it.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test support: a failure fails the test loudly"
)]
#![allow(dead_code)]

use std::path::Path;

/// A cable text whose subject, tags and paragraphs carry hostile sequences, written as HTML
/// character references (decoded by the site page reader and again by the parser).
pub const PAGE_TEXT: &str = "S E C R E T ANKARA 000071 &#x000A;&#x000A;TAGS: PGOV&#x1b;[2J KTIP&#x000A;\
SUBJECT: TURKEY&amp;#x1b;]0;pwned&amp;#x07; AND &#x1b;]52;c;aGk=&#x07;TRAFFICKING&#x202e;&#x000A;&#x000A;\
¶1. (S/NF) Human trafficking&#x9b;2J networks &#x1b;[31mcross&#x1b;[0m the border &#x7;near Edirne.&#x000A;&#x000A;\
¶2. (S/NF) Officials said&#x2066; the traffickers use forged visas.";

pub fn site_page() -> String {
    format!(
        "<!DOCTYPE html><html><head><title>x</title></head><body>\n<table class='cable'>\n\
<tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>\n\
<tr><td><a>09ANKARA71&#x1b;]0;t&#x07;</a></td><td><a>2009-01-15 11:11</a></td><td><a>2011-03-14 06:06</a></td>\
<td><a>SECRET//NOFORN</a></td><td><a>Embassy &#x1b;[5mAnkara&#x202e;</a></td></tr></table>\n\
<code><pre>VZCZCXYZ0000&#x000A;P 151147Z JAN 09&#x000A;FM AMEMBASSY ANKARA&#x000A;TO SECSTATE WASHDC PRIORITY 8507</pre></code>\n\
<code><pre>{PAGE_TEXT}</pre></code>\n</body></html>\n"
    )
}

/// A cables.csv row whose id column holds an OSC title sequence and whose body holds raw
/// escapes, BEL and an RLO.
pub fn csv_row() -> String {
    "\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\u{1b}]0;title\u{7}\",\"Embassy Buenos Aires\u{9b}1m\",\"UNCLASSIFIED\",\"\",\
\"P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC PRIORITY\n\",\
\"UNCLAS BUENOS AIRES 2481\n\nSUBJ: FISHING \u{1b}[2J LIMITS\u{202e}\n\n1. THE FISHING \u{7}LIMITS TREATY WAS DISCUSSED \u{1b}P1;2q WITH THE MINISTRY.\n\n\
2. ARGENTINE NAVY PATROLS CONTINUE NEAR THE ESTUARY.\n\"\n"
        .to_string()
}

/// JSON lines: an `_id` with C1 and escape characters (as JSON escapes), and a body with more.
pub fn json_lines() -> String {
    concat!(
        r#"{"_id": "04ANKARA348\u009b2J\u001b[1m", "origin": "Embassy Ankara\u001b]0;x\u0007", "date_time": "2004-01-20 12:12", "#,
        r#""classification": "CONFIDENTIAL\u202e", "header": "R 201212Z JAN 04FM AMEMBASSY ANKARATO SECSTATE WASHDC", "#,
        r#""body": "CONFIDENTIAL ANKARA 000348SUBJECT: ERDOGAN\u0085 GOES\u2067 TO WASHINGTON\u00b61. (C) Erdogan will\u001b[2J discuss Cyprus."}"#,
        "\n"
    )
    .to_string()
}

/// A plain-text cable with raw escape sequences, in a file whose name holds ESC and C1 bytes.
pub const TEXT_CABLE: &str = "UNCLAS DUSHANBE 001319\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL, \u{1b}[8mTI\n\
SUBJECT: TAJIK \u{1b}]8;;http://x\u{7}TIP\u{1b}]8;;\u{7} COMMISSION\n\n1. (SBU) Summary: the \u{1b}[?1049l commission \
met.\u{7}\n\n2. (SBU) It met\u{200d} again\u{200b} in \u{1b}c November.\n";

pub fn write_archive(root: &Path) {
    std::fs::create_dir_all(root.join("sub")).expect("folder");
    std::fs::write(root.join("sub/page.html"), site_page()).expect("page");
    std::fs::write(root.join("rows.csv"), csv_row()).expect("csv");
    std::fs::write(root.join("dump.json"), json_lines()).expect("json");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"09DUSHANBE1319\x1b]0;owned\x07\x9b2J.txt");
        std::fs::write(root.join(name), TEXT_CABLE).expect("hostile name");
        let notes = std::ffi::OsStr::from_bytes(b"notes\x1b[2J\xc2\x9b.txt");
        std::fs::write(root.join(notes), "just a note\n").expect("hostile note");
    }
    #[cfg(not(unix))]
    std::fs::write(root.join("09DUSHANBE1319.txt"), TEXT_CABLE).expect("text");
}

/// Where in `bytes` something would act on a terminal: ESC, BEL, any other C0 control but
/// newline and tab, DEL, a raw C1 byte, or the UTF-8 form of a C1, bidi or zero-width control.
pub fn first_unsafe(bytes: &[u8]) -> Option<(usize, String)> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // Raw bytes that are not UTF-8 (a raw C1 byte) are unsafe too.
        Err(e) => return Some((e.valid_up_to(), "bytes that are not UTF-8".into())),
    };
    for (i, c) in text.char_indices() {
        if cables::cable::sanitize::is_unsafe_char(c) {
            let from = i.saturating_sub(40);
            let context: String = text[from..i].chars().collect();
            return Some((i, format!("{:?} after {context:?}", c)));
        }
    }
    None
}
