//! A result rendered into a writer (`render_to`, which serialises a JSON document as it is
//! written) is byte for byte the document `render` gives, in every format.

use fupin::{Doc, Format, Tables};

mod common;
use common::root;

#[test]
fn rendering_into_a_writer_gives_the_same_bytes() {
    let data = root().join("data/sample");
    let plan = |p: &str| {
        fupin::plan(fupin::open_profile(root().join(p)).expect("profile"), None).expect("plan")
    };
    let plans = [
        plan("profiles/national-2011.toml"),
        plan("profiles/w1/w1-3218.toml"),
    ];
    let tables = Tables {
        counties: Some(data.join("counties.csv")),
        villages: Some(data.join("villages.csv")),
        households: Some(data.join("households.csv")),
        ..Tables::default()
    };
    let opts = tables.options(Some(fupin::HouseholdDetail::All));
    let a = fupin::assess(&plans[0], &opts).expect("assess");
    let c = fupin::compare(&plans, &opts, false).expect("compare");
    let t = fupin::tabulate(&plans, &opts).expect("tabulate");
    for doc in [
        Doc::Assessment(&a),
        Doc::Comparison(&c),
        Doc::Tabulation(&t),
    ] {
        for format in [Format::Json, Format::Csv, Format::Table] {
            let whole = fupin::render(doc, format).expect("render");
            let mut written = Vec::new();
            fupin::render_to(doc, format, &mut written, "out").expect("render_to");
            assert!(written == whole, "{format:?}");
            assert!(whole.len() > 100);
        }
    }
    // A writer that fails is named in the error.
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("device full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let e = fupin::render_to(Doc::Assessment(&a), Format::Json, &mut Full, "report.json")
        .expect_err("full");
    assert!(e.to_string().contains("report.json: cannot write"), "{e}");
}
