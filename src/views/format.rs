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
