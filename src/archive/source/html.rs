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
    /// The page is of the first release's template (Nov 2010: a `Date` column, no
    /// `Released`).
    pub first_release: bool,
    /// `Classification` column: the link text, not its title.
    pub classification: Option<String>,
    /// `Origin` column (`Embassy Ankara`).
    pub origin: Option<String>,
    /// The cable text: the `<pre>` blocks joined by a blank line, tags dropped, entities decoded.
    pub text: String,
}

/// When the first release's pages were published (the site opened on 28 Nov 2010).
pub const FIRST_RELEASE: &str = "2010-11-28";

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
            released: site
                .released
                .or_else(|| site.first_release.then(|| FIRST_RELEASE.into())),
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
        let cells = cells_of(table, "td");
        let get = |i: usize| cells.get(i).filter(|c| !c.is_empty()).cloned();
        // The columns by their headings: the 2010 template has `Date` and no `Released`
        // (Reference ID, Date, Classification, Origin); the 2011 ones `Created, Released`.
        let heads: Vec<String> = cells_of(table, "th")
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        // Headings are trusted when the row names several columns, the id's among them
        // (a row after the cells, `<td colspan='4'>`, adds a cell); else the 2011 positions.
        let named = heads.len() > 1 && heads.iter().any(|h| h == "reference id");
        let column = |names: &[&str], fallback: usize| {
            if !named {
                return Some(fallback);
            }
            heads.iter().position(|h| names.contains(&h.as_str()))
        };
        let at = |names: &[&str], fallback: usize| column(names, fallback).and_then(get);
        out.reference_id = at(&["reference id"], 0);
        out.created = at(&["created", "date"], 1);
        out.released = at(&["released"], 2);
        out.classification = at(&["classification"], 3);
        out.origin = at(&["origin"], 4);
        out.first_release = named && column(&["released"], 2).is_none();
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

/// The text of every `<tag>` cell (`td`, `th`) of a table, tags removed, entities decoded.
fn cells_of(table: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    table
        .split(open.as_str())
        .skip(1)
        .map(|cell| {
            let cell = cell.split_once('>').map(|(_, rest)| rest).unwrap_or(cell);
            let cell = cell.split(close.as_str()).next().unwrap_or(cell);
            decode_html(&strip_tags(cell)).trim().to_string()
        })
        .collect()
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
    fn the_first_release_template_is_read_by_its_headings() {
        let page = "<table class='cable'>\n<tr>\n<th>Reference ID</th>\n<th>Date</th>\n\
            <th>Classification</th>\n<th>Origin</th>\n</tr>\n<tr>\n<td>66BUENOSAIRES2481</td>\n\
            <td><a>1966-12-28 18:06</a></td>\n<td><a title='x'>UNCLASSIFIED</a></td>\n\
            <td>Embassy Buenos Aires</td>\n</tr>\n<tr>\n<td colspan='4'></td>\n</tr>\n</table>\
            <pre>UNCLASSIFIED</pre>";
        let site = parse_site_page(page).expect("a page");
        assert_eq!(site.created.as_deref(), Some("1966-12-28 18:06"));
        assert_eq!(site.released, None);
        assert_eq!(site.classification.as_deref(), Some("UNCLASSIFIED"));
        assert_eq!(site.origin.as_deref(), Some("Embassy Buenos Aires"));
        assert!(site.first_release);
        let raw = raw_cable(page).expect("a cable");
        assert_eq!(raw.meta.released.as_deref(), Some(FIRST_RELEASE));
        // A page of the 2011 template: its Released column.
        let raw = raw_cable(PAGE).expect("a cable");
        assert_eq!(raw.meta.released.as_deref(), Some("2011-03-14 06:06"));
    }

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
