//! The lines of a listing rendered on every core and written in the listing's order: a
//! batch of rows is split between the threads, each renders its part into a buffer of its
//! own, and the buffers are written one after the other. The first batch is small, so the
//! first line of `cables list | head` comes at once.

use rayon::prelude::*;
use std::io::Write;

/// Rows in the first batch.
const FIRST_BATCH: usize = 256;
/// Rows per thread in every later batch.
const BATCH_PER_THREAD: usize = 4096;

/// Render each of `rows` with `render` (which appends its row's lines to the buffer it is
/// given, or nothing) and write them to `out` in the order of `rows`.
pub fn write_in_order<W, R>(
    rows: impl Iterator<Item = usize>,
    out: &mut W,
    render: R,
) -> std::io::Result<()>
where
    W: Write,
    R: Fn(usize, &mut Vec<u8>) -> std::io::Result<()> + Sync,
{
    let threads = rayon::current_num_threads().max(1);
    write_batches(
        rows,
        out,
        &render,
        threads,
        FIRST_BATCH,
        BATCH_PER_THREAD * threads,
    )
}

fn write_batches<W, R>(
    mut rows: impl Iterator<Item = usize>,
    out: &mut W,
    render: &R,
    threads: usize,
    first: usize,
    later: usize,
) -> std::io::Result<()>
where
    W: Write,
    R: Fn(usize, &mut Vec<u8>) -> std::io::Result<()> + Sync,
{
    let mut size = first.max(1);
    let mut batch: Vec<usize> = Vec::with_capacity(later);
    loop {
        batch.clear();
        batch.extend(rows.by_ref().take(size));
        if batch.is_empty() {
            return Ok(());
        }
        let part = batch.len().div_ceil(threads.max(1));
        let parts: Vec<std::io::Result<Vec<u8>>> = batch
            .par_chunks(part)
            .map(|rows| {
                let mut buf = Vec::with_capacity(rows.len() * 128);
                for &row in rows {
                    render(row, &mut buf)?;
                }
                Ok(buf)
            })
            .collect();
        for part in parts {
            out.write_all(&part?)?;
        }
        size = later.max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(row: usize, buf: &mut Vec<u8>) -> std::io::Result<()> {
        // Some rows write nothing, some two lines: the order must hold either way.
        match row % 7 {
            0 => Ok(()),
            3 => writeln!(buf, "{row}\n{row}b"),
            _ => writeln!(buf, "{row}"),
        }
    }

    #[test]
    fn lines_come_out_in_the_order_of_the_rows() {
        let rows: Vec<usize> = (0..10_000).rev().chain(20_000..20_100).collect();
        let mut sequential = Vec::new();
        for &row in &rows {
            render(row, &mut sequential).expect("writes");
        }
        for (threads, first, later) in [(1, 1, 1), (2, 3, 17), (3, 256, 1000), (4, 5000, 5000)] {
            let mut out = Vec::new();
            write_batches(
                rows.iter().copied(),
                &mut out,
                &render,
                threads,
                first,
                later,
            )
            .expect("writes");
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&sequential),
                "{threads} threads, batches of {first} then {later}"
            );
        }
    }

    #[test]
    fn a_failed_row_stops_the_listing_with_its_error() {
        let fail = |row: usize, buf: &mut Vec<u8>| {
            if row == 700 {
                return Err(std::io::Error::other("row 700"));
            }
            writeln!(buf, "{row}")
        };
        let mut out = Vec::new();
        let result = write_batches(0..2000, &mut out, &fail, 2, 256, 512);
        assert_eq!(
            result.map_err(|e| e.to_string()),
            Err("row 700".to_string())
        );
        let written = String::from_utf8_lossy(&out);
        assert!(
            written
                .lines()
                .all(|l| l.parse::<usize>().is_ok_and(|n| n < 700))
        );
    }
}
