use super::exit::VillageIncidence;
use crate::tests_support::{ctx_for, store};
use fupin_core::rule::{VillageData, VillageRule};
use fupin_core::units::{County, CountyTable, Region, Village, VillageTable};

#[test]
fn incidence_bound_is_inclusive_and_regional() {
    let counties = CountyTable::new(vec![
        County {
            code: "100001".into(),
            region: Some(Region::West),
            ..County::default()
        },
        County {
            code: "200001".into(),
            region: Some(Region::Central),
            ..County::default()
        },
    ]);
    let v = |code: &str, county: &str, poor| Village {
        code: code.into(),
        county: county.into(),
        name: code.into(),
        population: Some(300),
        poor_population: Some(poor),
        row: 2,
    };
    let villages = VillageTable::new(vec![
        v("a1", "100001", 9),  // 3.00% west
        v("a2", "100001", 10), // 3.33% west
        v("b1", "200001", 6),  // 2.00% central
        v("b2", "200001", 7),  // 2.33% central
    ]);
    let s = store();
    let ctx = ctx_for(&s, 2018);
    let data = VillageData {
        villages: &villages,
        counties: &counties,
        tallies: None,
        origin: "villages.csv",
    };
    let got: Vec<bool> = VillageIncidence
        .evaluate(&ctx, &data)
        .expect("evaluates")
        .iter()
        .map(|c| c.passed)
        .collect();
    assert_eq!(got, [true, false, true, false]);
}
