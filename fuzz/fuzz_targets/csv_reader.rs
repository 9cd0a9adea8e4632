//! Any bytes given to the CSV readers yield tables or an error naming the file, never a
//! panic; under `skip`, every row read is accepted or rejected. Household files go through
//! the streaming scan with blocks of 1 to 64 bytes, so records are cut everywhere.
#![no_main]

use std::io::Cursor;

use fupin_engine::input::{BadRows, Rejects, check_households, read_counties_from};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the table and the policy; the rest is the file.
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let policy = if pick & 1 == 0 { BadRows::Error } else { BadRows::Skip };
    let mut rejects = Rejects::new(policy);
    if pick & 2 == 0 {
        let r = read_counties_from("fuzz.csv", Box::new(Cursor::new(body.to_vec())), &[], &mut rejects);
        if let Err(e) = r {
            assert!(e.to_string().starts_with("fuzz.csv"), "{e}");
        }
    } else {
        let counties = read_counties_from(
            "counties.csv",
            Box::new(Cursor::new(
                b"code,name,province\n100001,A,\xe6\xb2\xb3\xe5\x8c\x97\n".to_vec(),
            )),
            &[],
            &mut Rejects::new(BadRows::Error),
        )
        .expect("fixture county table");
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("fuzz.csv");
        std::fs::write(&path, body).expect("write");
        let chunk = usize::from(pick >> 2) + 1;
        match check_households(&path, &counties, None, policy, chunk) {
            Ok((c, rejected)) => {
                assert_eq!(c.read, c.accepted + c.rejected);
                assert_eq!(c.rejected, rejected.len());
            }
            Err(e) => assert!(e.to_string().starts_with(&path.display().to_string()), "{e}"),
        }
    }
    for c in rejects.counts.values() {
        assert_eq!(c.read, c.accepted + c.rejected);
    }
});
