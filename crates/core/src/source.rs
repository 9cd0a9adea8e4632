//! Sources: where a parameter value was read, graded by who published the copy cited.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The official source of a parameter value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the document.
    pub title: String,
    /// Issuing body.
    pub issuer: String,
    /// Date of the document (YYYY-MM-DD, or YYYY-MM where only the month is known).
    pub date: String,
    /// Where it was read: the best copy known (an archived copy's address).
    #[serde(default)]
    pub url: String,
    /// How much the copy at `url` can be trusted (required in parameter files; a profile's
    /// own source may leave it out: `unspecified`).
    #[serde(default)]
    pub grade: Grade,
    /// Further copies or corroborating reports, each with its grade.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<SourceCopy>,
}

/// Another copy of a source, or a report that corroborates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceCopy {
    /// Its address.
    pub url: String,
    /// Its grade.
    pub grade: Grade,
    /// What it is (a full text, the press report of the issue, a mirror).
    #[serde(default)]
    pub note: String,
}

/// The grade of a source as read: who published the copy fupin cites.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// The document as its issuing body published it (a government site, an official
    /// gazette, a statistical yearbook or communique).
    OfficialText,
    /// State media reporting or quoting it (Xinhua, People's Daily, China Daily, CGTN, China
    /// News Service, China.org.cn, the State Council Information Office), on their sites or
    /// mirrored.
    OfficialPress,
    /// Other news media and commentary.
    Press,
    /// Question-and-answer, document-collection and re-post sites; a copy with no editorial
    /// standing.
    Aggregator,
    /// fupin's own note: no source gives the value (the value is a placeholder).
    Note,
    /// Not stated (a profile's own source).
    #[default]
    Unspecified,
}

impl Grade {
    /// The name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::OfficialText => "official-text",
            Grade::OfficialPress => "official-press",
            Grade::Press => "press",
            Grade::Aggregator => "aggregator",
            Grade::Note => "note",
            Grade::Unspecified => "unspecified",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, {})", self.title, self.issuer, self.date)?;
        if self.grade != Grade::Unspecified {
            write!(f, " [{}]", self.grade)?;
        }
        if !self.url.is_empty() {
            write!(f, " {}", self.url)?;
        }
        Ok(())
    }
}
