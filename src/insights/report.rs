//! The figures of the insights page, drawn from the search log of a period and from the
//! corpus: what was searched for, what found nothing or little, what is rising, what was read,
//! and how the published examples spread over months, focus areas and areas.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use jiff::civil::Date;
use jiff::{Span, ToSpan};

use super::log::{Line, read_day};
use crate::model::{Area, Example, FocusArea, Status, Vocabulary};

/// The longest period the page reads at once (the retention period's length).
pub const MAX_DAYS: i64 = 400;
/// Searches that found at most this many examples count as finding few.
pub const FEW_HITS: u64 = 2;

/// Days from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// The `days` days that end with `to`.
    pub fn ending(to: Date, days: i64) -> Period {
        let from = to.checked_sub((days - 1).max(0).days()).unwrap_or(to);
        Period { from, to }
    }

    /// The period from `from` to `to`, or why it cannot be read (in Swedish).
    pub fn new(from: Date, to: Date) -> Result<Period, String> {
        if from > to {
            return Err("startdagen ligger efter slutdagen".into());
        }
        let days = from.until(to).map_or(i64::MAX, |s| i64::from(s.get_days()));
        if days >= MAX_DAYS {
            return Err(format!("perioden får vara högst {MAX_DAYS} dagar"));
        }
        Ok(Period { from, to })
    }

    fn days(&self) -> impl Iterator<Item = Date> + '_ {
        let mut day = Some(self.from);
        std::iter::from_fn(move || {
            let d = day.filter(|d| *d <= self.to)?;
            day = d.checked_add(Span::new().days(1)).ok();
            Some(d)
        })
    }
}

/// One search of the period: its normalised text, its filters, how often it was made and
/// how many examples it found the last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRow {
    pub q: String,
    pub filters: String,
    pub count: u64,
    pub hits: u64,
}

/// A search made more often in the last week of the period than in the week before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RisingRow {
    pub q: String,
    pub this_week: u64,
    pub week_before: u64,
}

/// What the search log says of a period.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// Every search, most frequent first.
    pub searches: Vec<SearchRow>,
    /// Searches per day, every day of the period.
    pub per_day: Vec<(Date, u64)>,
    /// Readings per example, most read first.
    pub views: Vec<(String, u64)>,
    /// Searches too many to be kept one by one.
    pub uncounted: u64,
}

impl Activity {
    /// Reads the log folder `dir` for `period`.
    pub fn read(dir: &Path, period: Period) -> Activity {
        let mut searches: HashMap<(String, String), (u64, u64)> = HashMap::new();
        let mut views: HashMap<String, u64> = HashMap::new();
        let mut out = Activity::default();
        for day in period.days() {
            let mut total = 0;
            for line in read_day(dir, day) {
                match line {
                    Line::Search { q, f, n, h } => {
                        total += n;
                        let e = searches.entry((q, f)).or_default();
                        e.0 += n;
                        e.1 = h;
                    }
                    Line::View { id, n } => *views.entry(id).or_default() += n,
                    Line::Overflow { n } => {
                        total += n;
                        out.uncounted += n;
                    }
                }
            }
            out.per_day.push((day, total));
        }
        out.searches = searches
            .into_iter()
            .map(|((q, filters), (count, hits))| SearchRow {
                q,
                filters,
                count,
                hits,
            })
            .collect();
        out.searches
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.q.cmp(&b.q)));
        out.views = views.into_iter().collect();
        out.views
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Every search made in the period.
    pub fn total(&self) -> u64 {
        self.per_day.iter().map(|(_, n)| n).sum()
    }

    /// The most frequent searches with words (a filter alone is not a search for something).
    pub fn top(&self, n: usize) -> Vec<&SearchRow> {
        self.with_words().take(n).collect()
    }

    /// The searches with words that found nothing the last time they were made.
    pub fn zero_hits(&self, n: usize) -> Vec<&SearchRow> {
        self.with_words().filter(|r| r.hits == 0).take(n).collect()
    }

    /// The searches with words that found one or two examples.
    pub fn few_hits(&self, n: usize) -> Vec<&SearchRow> {
        self.with_words()
            .filter(|r| (1..=FEW_HITS).contains(&r.hits))
            .take(n)
            .collect()
    }

    fn with_words(&self) -> impl Iterator<Item = &SearchRow> {
        self.searches.iter().filter(|r| !r.q.is_empty())
    }
}

/// The searches made more often in the seven days that end with `to` than in the seven
/// before (new ones included), by how much they grew.
pub fn rising(dir: &Path, to: Date, n: usize) -> Vec<RisingRow> {
    let this = Activity::read(dir, Period::ending(to, 7));
    let before_end = to.checked_sub(7.days()).unwrap_or(to);
    let before = Activity::read(dir, Period::ending(before_end, 7));
    let mut earlier: HashMap<&str, u64> = HashMap::new();
    for r in before.with_words() {
        *earlier.entry(&r.q).or_default() += r.count;
    }
    let mut now: HashMap<&str, u64> = HashMap::new();
    for r in this.with_words() {
        *now.entry(&r.q).or_default() += r.count;
    }
    let mut rows: Vec<RisingRow> = now
        .into_iter()
        .filter(|(q, c)| *c >= 2 && *c > earlier.get(q).copied().unwrap_or(0))
        .map(|(q, c)| RisingRow {
            q: q.to_owned(),
            this_week: c,
            week_before: earlier.get(q).copied().unwrap_or(0),
        })
        .collect();
    rows.sort_by(|a, b| {
        (b.this_week - b.week_before)
            .cmp(&(a.this_week - a.week_before))
            .then_with(|| a.q.cmp(&b.q))
    });
    rows.truncate(n);
    rows
}

/// Published examples per month of the period, by the day they were created (the day a
/// unit sent them in, or the day an organiser added them).
pub fn published_per_month(examples: &[Example], period: Period) -> Vec<((i16, i8), u64)> {
    let mut months: BTreeMap<(i16, i8), u64> = BTreeMap::new();
    let mut m = (period.from.year(), period.from.month());
    while m <= (period.to.year(), period.to.month()) {
        months.insert(m, 0);
        m = if m.1 == 12 {
            (m.0 + 1, 1)
        } else {
            (m.0, m.1 + 1)
        };
    }
    for e in examples.iter().filter(|e| e.status == Status::Published) {
        if let Some(n) = months.get_mut(&(e.created.year(), e.created.month())) {
            *n += 1;
        }
    }
    months.into_iter().collect()
}

/// Published examples per year (the year the work was done) and focus area.
pub fn focus_areas_by_year(examples: &[Example]) -> Vec<(i16, Vec<u64>)> {
    by_year(examples, FocusArea::ALL, |e, f| e.focus_areas.contains(f))
}

/// Published examples per year and area.
pub fn areas_by_year(examples: &[Example]) -> Vec<(i16, Vec<u64>)> {
    by_year(examples, Area::ALL, |e, a| e.area == *a)
}

fn by_year<V>(
    examples: &[Example],
    all: &[V],
    has: impl Fn(&Example, &V) -> bool,
) -> Vec<(i16, Vec<u64>)> {
    let mut years: BTreeMap<i16, Vec<u64>> = BTreeMap::new();
    for e in examples.iter().filter(|e| e.status == Status::Published) {
        let row = years.entry(e.year).or_insert_with(|| vec![0; all.len()]);
        for (i, v) in all.iter().enumerate() {
            if has(e, v) {
                row[i] += 1;
            }
        }
    }
    years.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insights::log::Line;

    fn write(dir: &Path, day: Date, lines: &[Line]) {
        let text: String = lines
            .iter()
            .map(|l| serde_json::to_string(l).unwrap() + "\n")
            .collect();
        std::fs::write(dir.join(format!("{day}.jsonl")), text).unwrap();
    }

    fn s(q: &str, n: u64, h: u64) -> Line {
        Line::Search {
            q: q.into(),
            f: String::new(),
            n,
            h,
        }
    }

    #[test]
    fn a_period_sums_the_days_and_sorts_top_zero_and_few() {
        let dir = tempfile::tempdir().unwrap();
        let d1 = jiff::civil::date(2026, 11, 2);
        let d2 = jiff::civil::date(2026, 11, 3);
        write(dir.path(), d1, &[s("matsvinn", 3, 5), s("robotar", 1, 0)]);
        write(
            dir.path(),
            d2,
            &[s("matsvinn", 2, 6), s("drönare", 4, 0), s("lss", 1, 2)],
        );
        let a = Activity::read(dir.path(), Period::new(d1, d2).unwrap());
        assert_eq!(a.total(), 11);
        assert_eq!(a.per_day, [(d1, 4), (d2, 7)]);
        assert_eq!(a.top(1)[0].q, "matsvinn");
        assert_eq!(a.top(1)[0].count, 5);
        assert_eq!(a.top(1)[0].hits, 6, "the last day's hits");
        let zero: Vec<&str> = a.zero_hits(10).iter().map(|r| r.q.as_str()).collect();
        assert_eq!(zero, ["drönare", "robotar"]);
        assert_eq!(a.few_hits(10)[0].q, "lss");
        let only_first = Activity::read(dir.path(), Period::new(d1, d1).unwrap());
        assert_eq!(only_first.total(), 4);
    }

    #[test]
    fn rising_compares_the_last_week_with_the_one_before() {
        let dir = tempfile::tempdir().unwrap();
        let to = jiff::civil::date(2026, 11, 20);
        write(dir.path(), to, &[s("tolk", 5, 3), s("matsvinn", 2, 9)]);
        let week_before = to.checked_sub(10.days()).unwrap();
        write(
            dir.path(),
            week_before,
            &[s("matsvinn", 4, 9), s("tolk", 1, 3)],
        );
        let r = rising(dir.path(), to, 10);
        assert_eq!(
            r,
            [RisingRow {
                q: "tolk".into(),
                this_week: 5,
                week_before: 1
            }]
        );
    }

    #[test]
    fn a_period_must_run_forwards_and_not_beyond_the_retention() {
        let d = jiff::civil::date(2026, 11, 2);
        assert!(Period::new(d, d.checked_sub(1.day()).unwrap()).is_err());
        assert!(Period::new(d.checked_sub(400.days()).unwrap(), d).is_err());
        assert!(Period::new(d.checked_sub(399.days()).unwrap(), d).is_ok());
        assert_eq!(Period::ending(d, 7).from, jiff::civil::date(2026, 10, 27));
    }
}
