//! Swedish formatting of dates and numbers.

use jiff::civil::Date;

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

/// A date as Swedish prose: "14 maj 2024".
pub fn date_sv(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[(d.month() - 1) as usize],
        d.year()
    )
}

/// A date without its year: "3 november".
pub fn day_month_sv(d: Date) -> String {
    format!("{} {}", d.day(), MONTHS[(d.month() - 1) as usize])
}

/// A short date for lists of changes: "3 nov".
pub fn short_date_sv(d: Date) -> String {
    let month = MONTHS[(d.month() - 1) as usize];
    format!("{} {}", d.day(), month.get(..3).unwrap_or(month))
}

/// A day of a fair: "tisdag 3 november 2026".
pub fn weekday_date_sv(d: Date) -> String {
    use jiff::civil::Weekday;
    let day = match d.weekday() {
        Weekday::Monday => "måndag",
        Weekday::Tuesday => "tisdag",
        Weekday::Wednesday => "onsdag",
        Weekday::Thursday => "torsdag",
        Weekday::Friday => "fredag",
        Weekday::Saturday => "lördag",
        Weekday::Sunday => "söndag",
    };
    format!("{day} {}", date_sv(d))
}

/// "1 exempel" / "12 exempel" — the noun is the same in singular and plural, but hits differ.
pub fn hits_sv(n: u64) -> String {
    if n == 1 {
        "1 träff".to_owned()
    } else {
        format!("{n} träffar")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_swedish_way() {
        assert_eq!(date_sv(jiff::civil::date(2024, 5, 14)), "14 maj 2024");
    }
}
