//! A household CSV read in blocks of any size gives exactly what the whole-file read
//! gives: the same counts, the same rejected rows with the same row numbers and reasons, or
//! the same error. The first byte picks the block size (1 to 256 bytes) and the policy; the
//! rest is the file, so records, quoted fields, `\r`, `\r\n` and blank lines are cut at
//! every place a block can fall.
#![no_main]

use std::io::Cursor;

use fupin_engine::input::{BadRows, Rejects, check_households, read_counties_from};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let policy = if pick & 1 == 0 { BadRows::Error } else { BadRows::Skip };
    let chunk = usize::from(pick >> 1) * 2 + 1;
    let counties = read_counties_from(
        "counties.csv",
        Box::new(Cursor::new(b"code,name,province\n100001,A,P\n130125,B,P\n".to_vec())),
        &[],
        &mut Rejects::new(BadRows::Error),
    )
    .expect("fixture county table");
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("h.csv");
    std::fs::write(&path, body).expect("write");
    let read = |chunk: usize| {
        check_households(&path, &counties, None, policy, chunk)
            .map(|(c, rejected)| {
                let rows: Vec<(usize, String)> =
                    rejected.into_iter().map(|r| (r.row, r.reason)).collect();
                (c.read, c.accepted, c.rejected, rows)
            })
            .map_err(|e| e.to_string())
    };
    let whole = read(1 << 24);
    assert_eq!(read(chunk), whole, "block of {chunk} bytes");
});
