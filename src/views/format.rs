//! Swedish formatting of dates and numbers.

use jiff::civil::Date;

pub use crate::model::date_sv;
use crate::model::month_sv;

/// A date without its year: "3 november".
pub fn day_month_sv(d: Date) -> String {
    format!("{} {}", d.day(), month_sv(d))
}

/// A short date for lists of changes: "3 nov".
pub fn short_date_sv(d: Date) -> String {
    format!("{} {}", d.day(), short_month(d))
}

/// The first three letters of a date's month ("nov").
fn short_month(d: Date) -> &'static str {
    let month = month_sv(d);
    month.get(..3).unwrap_or(month)
}

/// A month of a year, short: "nov 2026".
pub fn month_year_sv(d: Date) -> String {
    format!("{} {}", short_month(d), d.year())
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

/// A time of day as Swedish text writes it (Språkrådet): "9.00", "16.30".
pub fn time_sv(t: jiff::civil::Time) -> String {
    format!("{}.{:02}", t.hour(), t.minute())
}

/// A small count in words, as Swedish text writes numbers up to twelve ("sex"); digits above.
pub fn number_sv(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
        "tolv",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// `n` with the singular or plural of a noun: "1 monter", "3 montrar".
pub fn count_sv(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The days of a fair in Swedish, runs of consecutive days as ranges: "3–4 november 2026",
/// "30 oktober–2 november 2026", "3, 5 och 7 november 2026". The year is written once when
/// all days share it.
pub fn days_sv(dates: &[Date]) -> String {
    let mut days = dates.to_vec();
    days.sort();
    days.dedup();
    let mut runs: Vec<(Date, Date)> = Vec::new();
    for d in days {
        match runs.last_mut() {
            Some((_, end)) if end.tomorrow().ok() == Some(d) => *end = d,
            _ => runs.push((d, d)),
        }
    }
    let one_year = runs.first().map(|r| r.0.year()) == runs.last().map(|r| r.1.year());
    let same_month = |a: Date, b: Date| (a.year(), a.month()) == (b.year(), b.month());
    let texts: Vec<String> = runs
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| {
            // A month is written once, after the last day of it in the list.
            let next_in_month = runs.get(i + 1).is_some_and(|next| same_month(b, next.0));
            let end = if next_in_month {
                b.day().to_string()
            } else {
                day_month_sv(b)
            };
            let run = if a == b {
                end
            } else if same_month(a, b) {
                format!("{}–{end}", a.day())
            } else if a.year() == b.year() {
                format!("{}–{end}", day_month_sv(a))
            } else {
                format!("{} {}–{end}", day_month_sv(a), a.year())
            };
            if one_year || next_in_month {
                run
            } else {
                format!("{run} {}", b.year())
            }
        })
        .collect();
    let listed = match texts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} och {last}", rest.join(", ")),
    };
    match (one_year, runs.last()) {
        (true, Some((_, end))) => format!("{listed} {}", end.year()),
        _ => listed,
    }
}

#[cfg(test)]
mod days_tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_days_of_a_fair_are_written_as_ranges_with_the_year_once() {
        let d = |m, day| date(2026, m, day);
        assert_eq!(days_sv(&[d(11, 3)]), "3 november 2026");
        assert_eq!(days_sv(&[d(11, 4), d(11, 3)]), "3–4 november 2026");
        assert_eq!(
            days_sv(&[d(10, 30), d(10, 31), d(11, 1), d(11, 2)]),
            "30 oktober–2 november 2026"
        );
        assert_eq!(
            days_sv(&[d(11, 3), d(11, 5), d(11, 7)]),
            "3, 5 och 7 november 2026"
        );
        assert_eq!(
            days_sv(&[d(11, 3), d(11, 4), d(11, 10)]),
            "3–4 och 10 november 2026"
        );
        assert_eq!(
            days_sv(&[date(2026, 12, 31), date(2027, 1, 1)]),
            "31 december 2026–1 januari 2027"
        );
        assert_eq!(days_sv(&[]), "");
    }
}

/// The label of the filter on examples confirmed current: "Bekräftade senaste två åren" for
/// 24 months, "Bekräftade senaste 18 månaderna" for 18.
pub fn confirmed_within(months: u32) -> String {
    const YEARS: [&str; 6] = ["", "året", "två åren", "tre åren", "fyra åren", "fem åren"];
    match (months % 12, (months / 12) as usize) {
        (0, y) if (1..YEARS.len()).contains(&y) => format!("Bekräftade senaste {}", YEARS[y]),
        _ => format!("Bekräftade senaste {months} månaderna"),
    }
}
