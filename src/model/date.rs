//! Swedish month names and dates as prose, for every layer that writes a date for people
//! (the views, and the checker's messages about organisations).

use jiff::civil::Date;

/// The months in Swedish, January first.
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The Swedish name of a date's month.
pub fn month_sv(d: Date) -> &'static str {
    MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)]
}

/// A date as Swedish prose: "14 maj 2024".
pub fn date_sv(d: Date) -> String {
    format!("{} {} {}", d.day(), month_sv(d), d.year())
}
