//! A calendar day, the only way the corpus writes a date.
//!
//! Dates of entry into force, date parameters and the day of an evaluation are compared as
//! days, not as text: a [`Date`] exists only for a real day of the calendar (« 2025-02-30 » is
//! refused), and is read from a `"AAAA-MM-JJ"` string or a TOML date.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A day of the calendar.
///
/// ```
/// use ess_corpus::Date;
///
/// let day: Date = "2024-02-29".parse().unwrap();
/// assert_eq!(day.to_string(), "2024-02-29");
/// assert!("2023-02-29".parse::<Date>().unwrap_err().to_string().contains("n'existe pas"));
/// assert!("20250101".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// The day `year-month-day`, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// The same day as a `chrono` date.
    pub fn naive(self) -> NaiveDate {
        self.0
    }
}

impl From<NaiveDate> for Date {
    fn from(day: NaiveDate) -> Date {
        Date(day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not written `AAAA-MM-JJ`.
    Shape(String),
    /// Written so, but no such day (« 2025-02-30 »).
    NoSuchDay(String),
}

impl DateError {
    /// What is wrong, to follow « date « … » invalide : ».
    pub fn reason(&self) -> &'static str {
        match self {
            DateError::Shape(_) => "écrivez-la AAAA-MM-JJ, par exemple 2025-01-01",
            DateError::NoSuchDay(_) => "ce jour n'existe pas dans le calendrier",
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Shape(s) => write!(f, "« {s} » n'est pas une date : {}", self.reason()),
            DateError::NoSuchDay(s) => write!(f, "la date « {s} » n'existe pas dans le calendrier"),
        }
    }
}

impl std::error::Error for DateError {}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let shape_ok = s.len() == 10
            && s.char_indices().all(|(i, c)| match i {
                4 | 7 => c == '-',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(DateError::Shape(s.to_string()));
        }
        let number = |range: std::ops::Range<usize>| s[range].parse::<u32>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        Date::from_ymd(year as i32, month, day).ok_or_else(|| DateError::NoSuchDay(s.to_string()))
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A day, `YYYY-MM-DD`.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

/// Reads a date from a string, or from a TOML date (which `toml` hands over as a map with one
/// private key holding its text).
struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("une date AAAA-MM-JJ")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
        s.parse()
            .map_err(|why: DateError| E::custom(french(why.to_string())))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Date, E> {
        Err(E::custom(french(format!(
            "le nombre {n} n'est pas une date : écrivez \"AAAA-MM-JJ\", par exemple \"2025-01-01\""
        ))))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Date, E> {
        self.visit_i64(n as i64)
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Date, E> {
        Err(E::custom(french(format!(
            "le nombre {n} n'est pas une date"
        ))))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let entry: Option<(String, String)> = map.next_entry()?;
        let Some(datetime) = entry.and_then(|(_, text)| text.parse::<toml::value::Datetime>().ok())
        else {
            return Err(de::Error::custom(french("une date est attendue".into())));
        };
        match (datetime.date, datetime.time) {
            (Some(d), None) => Date::from_ymd(d.year as i32, d.month as u32, d.day as u32)
                .ok_or_else(|| de::Error::custom(french(format!("la date {d} n'existe pas")))),
            _ => Err(de::Error::custom(french(format!(
                "« {datetime} » : une date sans heure est attendue (AAAA-MM-JJ)"
            )))),
        }
    }
}

/// Marks a message already written in French, so the loader passes it on as it is.
pub(crate) fn french(message: String) -> String {
    format!("{FRENCH_MARK}{message}")
}

/// The prefix of messages the loader does not translate.
pub(crate) const FRENCH_MARK: &str = "[fr] ";

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_real_days_are_dates() {
        assert!("2024-02-29".parse::<Date>().is_ok());
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-1-01",
            "hier",
            "",
            "2025-02-30",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn toml_dates_and_strings_read_the_same() {
        #[derive(Deserialize)]
        struct T {
            a: Date,
            b: Date,
        }
        let t: T = toml::from_str("a = 2025-01-01\nb = \"2025-01-01\"").unwrap();
        assert_eq!(t.a, t.b);
        assert!(toml::from_str::<T>("a = 20250101\nb = \"2025-01-01\"").is_err());
        assert!(toml::from_str::<T>("a = 2025-01-01T10:00:00\nb = \"2025-01-01\"").is_err());
    }

    proptest! {
        #[test]
        fn a_date_reads_back_what_it_writes(days in 0i64..200_000) {
            let day = Date(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days));
            prop_assert_eq!(day.to_string().parse::<Date>(), Ok(day));
        }

        #[test]
        fn no_text_makes_the_parser_panic(s in "\\PC{0,20}") {
            let _ = s.parse::<Date>();
        }
    }
}
