//! Cablegate site pages (`.html`): the metadata table and the two `<code><pre>` blocks.
//! Works for the 2010 HTTrack copies, the 2011 pages and the 2011 final template.

/// What a site page holds: its metadata table and the cable text of its `<pre>` blocks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SitePage {
    /// `Reference ID` column.
    pub reference_id: Option<String>,
    /// `Created` column as written (`2009-01-15 11:11`; its minutes are wrong on 2011 pages).
    pub created: Option<String>,
    /// `Released` column as written.
    pub released: Option<String>,
    /// `Classification` column: the link text, not its title.
    pub classification: Option<String>,
    /// `Origin` column (`Embassy Ankara`).
    pub origin: Option<String>,
    /// The cable text: the `<pre>` blocks joined by a blank line, tags dropped, entities decoded.
    pub text: String,
}

/// True when `text` looks like a cablegate site page.
pub fn is_site_page(text: &str) -> bool {
    text.contains("<table class='cable'>") || text.contains("<table class=\"cable\">")
}

/// A site page as a [`RawCable`](super::RawCable): its `<pre>` text and its table's metadata.
pub fn raw_cable(page: &str) -> Result<super::RawCable, super::Reason> {
    if !is_site_page(page) {
        return Err("an HTML page without a cablegate cable table".into());
    }
    let site = parse_site_page(page).ok_or("a cablegate page without any <pre> text")?;
    Ok(super::RawCable {
        text: site.text,
        meta: super::SourceMeta {
            id: site.reference_id,
            date: site.created,
            classification: site.classification,
            origin: site.origin,
            subject: None,
        },
        suffix: String::new(),
    })
}

/// Read a site page. `None` when it has no `<pre>` block at all.
pub fn parse_site_page(page: &str) -> Option<SitePage> {
    let mut out = SitePage::default();
    if let Some(table) = between(page, "class='cable'>", "</table>")
        .or_else(|| between(page, "class=\"cable\">", "</table>"))
    {
        let cells: Vec<String> = table
            .split("<td")
            .skip(1)
            .map(|cell| {
                let cell = cell.split_once('>').map(|(_, rest)| rest).unwrap_or(cell);
                let cell = cell.split("</td>").next().unwrap_or(cell);
                decode_html(&strip_tags(cell)).trim().to_string()
            })
            .collect();
        let get = |i: usize| cells.get(i).filter(|c| !c.is_empty()).cloned();
        out.reference_id = get(0);
        out.created = get(1);
        out.released = get(2);
        out.classification = get(3);
        out.origin = get(4);
    }
    let mut blocks = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<pre") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let body = &after[open_end + 1..];
        let end = body.find("</pre>").unwrap_or(body.len());
        blocks.push(decode_pre(&body[..end]));
        rest = &body[end..];
    }
    if blocks.is_empty() {
        return None;
    }
    out.text = blocks.join("\n\n");
    Some(out)
}

/// Text of a `<pre>` block: `&#x000A;` newlines, tags removed (keeping link text), entities
/// decoded, and the stray backslash before a newline (a CSV leftover) dropped.
fn decode_pre(block: &str) -> String {
    let text = decode_html(&strip_tags(block));
    text.replace("\\\n", "\n")
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end).map(|j| i + j).unwrap_or(s.len());
    Some(&s[i..j])
}

/// Remove `<...>` tags, keeping their content.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Decode HTML entities (`&#x000A;`, `&amp;`, `&para;`).
pub fn decode_html(s: &str) -> String {
    htmlize::unescape(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><table class='cable'>\n<tr><th>Reference ID</th></tr>\n<tr>\n<td>\n<a href='/cable/2009/01/09ANKARA71.html'>09ANKARA71</a>\n</td>\n<td>\n<a href='/date/2009-01_0.html'>2009-01-15 11:11</a>\n</td>\n<td>\n<a>2011-03-14 06:06</a>\n</td>\n<td>\n<a href='/classification/3_0.html' title='confidential'>SECRET</a>\n</td>\n<td>\n<a href='/origin/144_0.html'>Embassy Ankara</a>\n</td>\n</tr></table>\n<code><pre>P 151147Z JAN 09&#x000A;FM AMEMBASSY ANKARA</pre></code>\n<code><pre>S E C R E T ANKARA 000071&#x000A;&#x000A;TAGS: <a href='/tag/PGOV_0.html'>PGOV</a>&#x000A;&#x000A;<a id='par1' href='#par1'>\u{b6}</a>1. (S) Text &amp; more.</pre></code>";

    #[test]
    fn reads_metadata_and_text() {
        let page = parse_site_page(PAGE).expect("a page");
        assert_eq!(page.reference_id.as_deref(), Some("09ANKARA71"));
        assert_eq!(page.created.as_deref(), Some("2009-01-15 11:11"));
        assert_eq!(page.classification.as_deref(), Some("SECRET"));
        assert_eq!(page.origin.as_deref(), Some("Embassy Ankara"));
        assert!(
            page.text
                .starts_with("P 151147Z JAN 09\nFM AMEMBASSY ANKARA\n\nS E C R E T")
        );
        assert!(page.text.contains("TAGS: PGOV\n"));
        assert!(page.text.ends_with("\u{b6}1. (S) Text & more."));
    }

    #[test]
    fn no_pre_block_is_none() {
        assert!(parse_site_page("<html>nothing</html>").is_none());
    }
}
