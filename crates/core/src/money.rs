//! Exact money: integer fen (1 yuan = 100 fen).
//!
//! Poverty lines and incomes are compared at their boundaries (a household at exactly 2,300
//! yuan is not below a 2,300-yuan line), so money is never a float. Inputs are parsed from
//! their decimal text with at most two decimals; anything finer is an error, not a rounding.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An amount of money in fen (hundredths of a yuan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is empty.
    #[error("empty amount")]
    Empty,
    /// The text is not a decimal number.
    #[error("{} is not a decimal amount of yuan", crate::text::quote(.0))]
    NotANumber(String),
    /// More than two decimals (finer than one fen).
    #[error("{} has more than two decimals (money is in yuan to the fen)", crate::text::quote(.0))]
    TooPrecise(String),
    /// Beyond the range this tool accepts.
    #[error("{} is out of range", crate::text::quote(.0))]
    OutOfRange(String),
}

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(0);

    /// An amount from fen.
    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    /// An amount from whole yuan.
    pub const fn from_yuan(yuan: i64) -> Self {
        Money(yuan * 100)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// True when the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The amount in yuan as a float, for display and charts only, never for comparison.
    pub fn to_yuan_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Multiply by a ratio `num / den`, rounding half away from zero to the fen.
    ///
    /// Used for price conversion (chaining published lines). Returns `None` on overflow or a
    /// zero denominator.
    pub fn scale(self, num: i64, den: i64) -> Option<Money> {
        if den == 0 {
            return None;
        }
        let p = (self.0 as i128).checked_mul(num as i128)?;
        let d = den as i128;
        let q = p / d;
        let r = p % d;
        let q = if (r.abs() * 2) >= d.abs() {
            q + if (p < 0) == (d < 0) { 1 } else { -1 }
        } else {
            q
        };
        i64::try_from(q).ok().map(Money)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (neg, body) = match t.as_bytes()[0] {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, t),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() && frac.is_empty()
            || !digits(int)
            || !digits(frac)
            || (body.contains('.') && frac.is_empty() && int.is_empty())
        {
            return Err(MoneyError::NotANumber(t.to_string()));
        }
        if frac.len() > 2 {
            // Trailing zeros beyond the fen are still exact ("12.500").
            if frac[2..].bytes().any(|b| b != b'0') {
                return Err(MoneyError::TooPrecise(t.to_string()));
            }
        }
        let int_val: i64 = if int.is_empty() {
            0
        } else {
            int.parse()
                .map_err(|_| MoneyError::OutOfRange(t.to_string()))?
        };
        let mut frac_val: i64 = 0;
        for (i, b) in frac.bytes().take(2).enumerate() {
            frac_val += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        let fen = int_val
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac_val))
            .ok_or_else(|| MoneyError::OutOfRange(t.to_string()))?;
        Ok(Money(if neg { -fen } else { fen }))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Result<Money, MoneyError> {
        s.parse()
    }

    #[test]
    fn parses_yuan_to_fen() {
        let cases = [
            ("2300", 230_000),
            ("2300.5", 230_050),
            ("2300.05", 230_005),
            ("0.01", 1),
            (".5", 50),
            ("12.500", 1_250),
            ("-3", -300),
            (" 7 ", 700),
        ];
        for (input, fen) in cases {
            assert_eq!(m(input), Ok(Money::from_fen(fen)), "{input}");
        }
    }

    #[test]
    fn rejects_bad_amounts() {
        assert_eq!(m(""), Err(MoneyError::Empty));
        assert!(matches!(m("abc"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(m("1.2.3"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(m("."), Err(MoneyError::NotANumber(_))));
        assert!(matches!(m("1e3"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(m("NaN"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(m("2300.001"), Err(MoneyError::TooPrecise(_))));
        assert!(matches!(
            m("99999999999999999999"),
            Err(MoneyError::OutOfRange(_))
        ));
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Money::from_fen(230_005).to_string(), "2300.05");
        assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
    }

    #[test]
    fn scales_with_rounding() {
        // 206 * 625 / 206 = 625 exactly.
        assert_eq!(
            Money::from_yuan(206).scale(625, 206),
            Some(Money::from_yuan(625))
        );
        // 1 fen * 1/2 rounds half away from zero.
        assert_eq!(Money::from_fen(1).scale(1, 2), Some(Money::from_fen(1)));
        assert_eq!(Money::from_fen(1).scale(1, 3), Some(Money::from_fen(0)));
        assert_eq!(Money::from_fen(1).scale(1, 0), None);
    }
}
