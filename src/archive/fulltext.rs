//! Keyword index at paragraph granularity. (Skeleton: a linear scan until the archive issue
//! brings the real index.)

use super::{Archive, ArchiveError, Hit};

/// Linear scan for paragraphs containing every word of `query` (case-insensitive).
pub fn naive_search(
    archive: &Archive,
    query: &str,
    limit: usize,
) -> Result<Vec<Hit>, ArchiveError> {
    let words: Vec<String> = query.split_whitespace().map(|w| w.to_lowercase()).collect();
    if words.is_empty() {
        return Err(ArchiveError::Query("empty query".into()));
    }
    let mut hits = Vec::new();
    for i in 0..archive.len() {
        let cable = archive.cable(i)?;
        for p in &cable.paragraphs {
            let lower = p.text.to_lowercase();
            if words.iter().all(|w| lower.contains(w.as_str())) {
                let start = lower.find(words[0].as_str()).unwrap_or(0);
                let from = p.text.floor_char_boundary(start.saturating_sub(40));
                let to = p.text.ceil_char_boundary((start + 80).min(p.text.len()));
                hits.push(Hit {
                    cable: i,
                    id: cable.id.clone(),
                    paragraph: p.n,
                    label: p.label.clone(),
                    score: 1.0,
                    snippet: p.text[from..to].to_string(),
                    snippet_hits: vec![],
                });
                if hits.len() >= limit {
                    return Ok(hits);
                }
            }
        }
    }
    Ok(hits)
}
