//! The 2001 list of key counties by province (`key_counties_2001.toml`, compiled in): which
//! provinces shared the 592 in 2001, and how many each received (domain.md §11.1).
//!
//! The 2001 designation shares its quotas among the provinces of this list; a province that is
//! not on it gets the quota of the provinces whose key counties were all moved
//! (`std2001.designation.eastern_key_counties`, 0). The grouping is the list's, not the
//! statistical east/central/west division: Hebei and Hainan are eastern provinces in that
//! division, and kept 39 and 5 key counties.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use fupin_core::serde::Deserialize;

/// The list, as shipped.
pub const LIST_TOML: &str = include_str!("../key_counties_2001.toml");

/// Where the list lives in the repository, for messages and docs.
pub const ORIGIN: &str = "rules/std2001/key_counties_2001.toml";

/// One source of the list.
#[derive(Debug, Clone, Deserialize)]
#[serde(crate = "fupin_core::serde")]
pub struct ListSource {
    /// What the source says.
    pub title: String,
    /// Who published the copy.
    pub issuer: String,
    /// Its date.
    pub date: String,
    /// The copy read, where one was recorded.
    #[serde(default)]
    pub url: Option<String>,
    /// The copy's grade (docs/sources.md).
    pub grade: String,
}

/// The list's totals and the sources of the grouping.
#[derive(Debug, Clone, Deserialize)]
#[serde(crate = "fupin_core::serde")]
pub struct ListInfo {
    /// Key counties in the list (592).
    pub total: i64,
    /// Sources of the per-province counts.
    pub sources: Vec<String>,
    /// Whose quotas moved in 2001.
    pub moved: String,
    /// The source of that statement.
    pub moved_source: String,
}

/// One province of the list.
#[derive(Debug, Clone, Deserialize)]
#[serde(crate = "fupin_core::serde")]
pub struct ListProvince {
    /// The province's name as a county table starts it (河北 for 河北省).
    pub name: String,
    /// The province's GB/T 2260 code: the first two digits of its counties' codes.
    pub code: String,
    /// Key counties the list gives it.
    pub counties: i64,
    /// Sources beyond the list's own, where the province's count has more.
    #[serde(default)]
    pub sources: Vec<String>,
    /// True only where a copy better than an aggregator's gives the count (Hebei's press
    /// copy); the others rest on the two aggregator copies.
    #[serde(default)]
    pub confirmed: bool,
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(crate = "fupin_core::serde")]
#[serde(deny_unknown_fields)]
pub struct List2001 {
    /// Sources by key.
    pub sources: BTreeMap<String, ListSource>,
    /// Totals.
    pub list: ListInfo,
    /// Provinces in the list's order.
    pub province: Vec<ListProvince>,
}

impl List2001 {
    /// The list entry of a province named as a county table names it (`河北省`), if any.
    pub fn province_of(&self, province: &str) -> Option<&ListProvince> {
        let p = province.trim();
        self.province.iter().find(|e| p.starts_with(&e.name))
    }

    /// The list entry of a county: by the first two digits of its code (the province's
    /// GB/T 2260 code), so a table that names provinces in English or by another form is
    /// placed all the same; by the province's name when the code is not a GB/T code.
    pub fn province_of_county(&self, code: &str, province: &str) -> Option<&ListProvince> {
        let code = code.trim();
        let gb = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
        if gb {
            self.province.iter().find(|e| code.starts_with(&e.code))
        } else {
            self.province_of(province)
        }
    }
}

/// The shipped list, parsed once.
///
/// # Panics
/// Never on the shipped file: a unit test parses it, so a malformed list fails the build's
/// tests, not a run.
pub fn list() -> &'static List2001 {
    static LIST: OnceLock<List2001> = OnceLock::new();
    LIST.get_or_init(|| {
        #[allow(clippy::expect_used)]
        fupin_core::parse_toml(LIST_TOML).expect("the shipped 2001 list parses (tested)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_the_2001_list() {
        let l = list();
        // domain.md §11.1: 592 in 21 provinces, Hebei 39 and Hainan 5 among them.
        assert_eq!(l.province.len(), 21);
        assert_eq!(l.province.iter().map(|p| p.counties).sum::<i64>(), 592);
        assert_eq!(l.list.total, 592);
        assert_eq!(l.province_of("河北省").map(|p| p.counties), Some(39));
        // Only Hebei's count has a copy better than an aggregator's.
        let confirmed: Vec<&str> = l
            .province
            .iter()
            .filter(|p| p.confirmed)
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(confirmed, ["河北"]);
        assert_eq!(l.province_of("海南省").map(|p| p.counties), Some(5));
        assert_eq!(l.province_of("云南省").map(|p| p.counties), Some(73));
        // The coastal developed provinces whose quotas moved, and Tibet, are not on it.
        for p in [
            "浙江省",
            "福建省",
            "山东省",
            "广东省",
            "江苏省",
            "西藏自治区",
            "北京市",
        ] {
            assert!(l.province_of(p).is_none(), "{p}");
        }
        // Every source named resolves.
        let named = l
            .list
            .sources
            .iter()
            .chain(std::iter::once(&l.list.moved_source))
            .chain(l.province.iter().flat_map(|p| &p.sources));
        for s in named {
            assert!(l.sources.contains_key(s), "{s}");
        }
        // A county is placed by its code whatever the name of its province: Guizhou in English,
        // 贵州省 in Chinese; Zhejiang's 33 is not on the list; a code that is not a GB/T code
        // falls back to the name.
        assert_eq!(
            l.province_of_county("520121", "Guizhou")
                .map(|p| p.counties),
            Some(50)
        );
        assert_eq!(
            l.province_of_county("130121", "河北省").map(|p| p.counties),
            Some(39)
        );
        assert!(l.province_of_county("330102", "Zhejiang").is_none());
        assert_eq!(
            l.province_of_county("X-1", "海南省").map(|p| p.counties),
            Some(5)
        );
        // Codes are two digits and distinct.
        let codes: std::collections::BTreeSet<&str> =
            l.province.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes.len(), 21);
        assert!(l.province.iter().all(|p| p.code.len() == 2));
        // No name is a prefix of another (a table's name matches one entry at most).
        for a in &l.province {
            for b in &l.province {
                assert!(
                    a.name == b.name || !b.name.starts_with(&a.name),
                    "{}",
                    a.name
                );
            }
        }
    }
}
