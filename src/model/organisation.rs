//! The City of Stockholm's administrations and companies, with the dates the merged district
//! administrations existed, so that an example can be checked against its year.
//!
//! The list is the vocabulary of the field `organisation`. An organisation that is not in it
//! is allowed (a new company, another municipality's installation); one that is in it with
//! an end date is wrong for an example from a later year, and one with a start date for an
//! example from an earlier year. The corpus keeps the list organisers edit
//! (`organisationer.toml`, see `corpus::read_organisations`); [`Organisations::builtin`] is the
//! list a corpus without that file gets, and what the bundled file was made from.

use jiff::civil::{Date, date};

/// One administration or company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// The name as examples write it.
    pub name: String,
    /// The first day it existed (`None`: before any example).
    pub from: Option<Date>,
    /// The last day it existed (`None`: it still exists).
    pub until: Option<Date>,
    /// What it became, or what it was formed from.
    pub note: String,
}

/// An entry of the built-in list.
struct Builtin {
    name: &'static str,
    from: Option<Date>,
    until: Option<Date>,
    note: &'static str,
}

const fn always(name: &'static str) -> Builtin {
    Builtin {
        name,
        from: None,
        until: None,
        note: "",
    }
}

/// One formed on `from` out of others (`note` says which).
const fn formed(name: &'static str, from: Date, note: &'static str) -> Builtin {
    Builtin {
        name,
        from: Some(from),
        until: None,
        note,
    }
}

/// One that ended on `until` (`note` says what it became).
const fn ended(name: &'static str, until: Date, note: &'static str) -> Builtin {
    Builtin {
        name,
        from: None,
        until: Some(until),
        note,
    }
}

/// The administrations and companies, current ones first. Dates of the mergers: Rinkeby-Kista
/// and Spånga-Tensta became Järva, Norrmalm and Östermalm became Norra innerstaden, both on
/// 1 July 2023 (kommunfullmäktige 24 April 2023); Hägersten-Liljeholmen and Älvsjö became
/// Hägersten-Älvsjö on 1 July 2020.
const BUILTIN: &[Builtin] = &[
    always("Bromma stadsdelsförvaltning"),
    always("Enskede-Årsta-Vantör stadsdelsförvaltning"),
    always("Farsta stadsdelsförvaltning"),
    formed(
        "Hägersten-Älvsjö stadsdelsförvaltning",
        date(2020, 7, 1),
        "bildades av Hägersten-Liljeholmens och Älvsjö stadsdelsförvaltningar",
    ),
    always("Hässelby-Vällingby stadsdelsförvaltning"),
    formed(
        "Järva stadsdelsförvaltning",
        date(2023, 7, 1),
        "bildades av Rinkeby-Kista och Spånga-Tensta stadsdelsförvaltningar",
    ),
    always("Kungsholmens stadsdelsförvaltning"),
    formed(
        "Norra innerstadens stadsdelsförvaltning",
        date(2023, 7, 1),
        "bildades av Norrmalms och Östermalms stadsdelsförvaltningar",
    ),
    always("Skarpnäcks stadsdelsförvaltning"),
    always("Skärholmens stadsdelsförvaltning"),
    always("Södermalms stadsdelsförvaltning"),
    always("Arbetsmarknadsförvaltningen"),
    always("Exploateringskontoret"),
    always("Fastighetskontoret"),
    always("Idrottsförvaltningen"),
    always("Kulturförvaltningen"),
    always("Miljöförvaltningen"),
    always("Serviceförvaltningen"),
    always("Socialförvaltningen"),
    always("Stadsbyggnadskontoret"),
    always("Stadsledningskontoret"),
    always("Trafikkontoret"),
    always("Utbildningsförvaltningen"),
    always("Äldreförvaltningen"),
    always("Familjebostäder"),
    always("Micasa Fastigheter"),
    always("SISAB"),
    always("Stockholm Parkering"),
    always("Stockholm Vatten och Avfall"),
    always("Stockholms Hamnar"),
    always("Stockholmshem"),
    always("Stokab"),
    always("Svenska Bostäder"),
    ended(
        "Hägersten-Liljeholmens stadsdelsförvaltning",
        date(2020, 6, 30),
        "blev Hägersten-Älvsjö stadsdelsförvaltning",
    ),
    ended(
        "Älvsjö stadsdelsförvaltning",
        date(2020, 6, 30),
        "blev Hägersten-Älvsjö stadsdelsförvaltning",
    ),
    ended(
        "Rinkeby-Kista stadsdelsförvaltning",
        date(2023, 6, 30),
        "blev Järva stadsdelsförvaltning",
    ),
    ended(
        "Spånga-Tensta stadsdelsförvaltning",
        date(2023, 6, 30),
        "blev Järva stadsdelsförvaltning",
    ),
    ended(
        "Norrmalms stadsdelsförvaltning",
        date(2023, 6, 30),
        "blev Norra innerstadens stadsdelsförvaltning",
    ),
    ended(
        "Östermalms stadsdelsförvaltning",
        date(2023, 6, 30),
        "blev Norra innerstadens stadsdelsförvaltning",
    ),
];

/// A list of organisations: the vocabulary of the field `organisation`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Organisations(Vec<Organisation>);

impl Organisations {
    /// The list as given.
    pub fn new(list: Vec<Organisation>) -> Self {
        Organisations(list)
    }

    /// The list built into the program (the city's organisation of 2026).
    pub fn builtin() -> Self {
        Organisations(
            BUILTIN
                .iter()
                .map(|b| Organisation {
                    name: b.name.to_owned(),
                    from: b.from,
                    until: b.until,
                    note: b.note.to_owned(),
                })
                .collect(),
        )
    }

    /// Every organisation, in the list's order.
    pub fn all(&self) -> &[Organisation] {
        &self.0
    }

    /// The organisation of this name (compared without case), if the list knows it.
    pub fn get(&self, name: &str) -> Option<&Organisation> {
        let name = name.trim().to_lowercase();
        self.0.iter().find(|o| o.name.to_lowercase() == name)
    }

    /// `name` as the list writes it, when the list knows it.
    pub fn canonical(&self, name: String) -> String {
        self.get(&name).map_or(name, |o| o.name.clone())
    }

    /// The organisations that exist on `today`, for a form's choices.
    pub fn current(&self, today: Date) -> impl Iterator<Item = &Organisation> {
        self.0.iter().filter(move |o| {
            o.from.is_none_or(|from| from <= today) && o.until.is_none_or(|until| until >= today)
        })
    }

    /// Why `name` cannot be the organisation of an example from `year`: a Swedish sentence,
    /// or `None` when it existed some time that year or is not in the list.
    pub fn out_of_time(&self, name: &str, year: i16) -> Option<String> {
        let o = self.get(name)?;
        let note = if o.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", o.note)
        };
        if let Some(until) = o.until
            && year > until.year()
        {
            return Some(format!(
                "{} fanns till {}{note}, men exemplet är från {year}",
                o.name,
                super::date_sv(until),
            ));
        }
        if let Some(from) = o.from
            && year < from.year()
        {
            return Some(format!(
                "{} finns från {}{note}, men exemplet är från {year}",
                o.name,
                super::date_sv(from),
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merged_administration_is_wrong_after_its_last_year_and_right_in_it() {
        let late = Organisations::builtin()
            .out_of_time("Rinkeby-Kista stadsdelsförvaltning", 2025)
            .unwrap();
        assert!(late.contains("fanns till 30 juni 2023"), "{late}");
        assert!(late.contains("Järva"), "{late}");
        assert_eq!(
            Organisations::builtin().out_of_time("Rinkeby-Kista stadsdelsförvaltning", 2023),
            None
        );
        assert_eq!(
            Organisations::builtin().out_of_time("Järva stadsdelsförvaltning", 2023),
            None
        );
    }

    #[test]
    fn a_new_administration_is_wrong_before_its_first_year() {
        let early = Organisations::builtin()
            .out_of_time("Hägersten-Älvsjö stadsdelsförvaltning", 2019)
            .unwrap();
        assert!(early.contains("finns från 1 juli 2020"), "{early}");
        assert_eq!(
            Organisations::builtin().out_of_time("hägersten-älvsjö stadsdelsförvaltning", 2020),
            None
        );
    }

    #[test]
    fn organisations_the_list_does_not_know_and_lasting_ones_are_never_wrong() {
        assert_eq!(
            Organisations::builtin().out_of_time("Bromma stadsdelsförvaltning", 2001),
            None
        );
        assert_eq!(
            Organisations::builtin().out_of_time("Malmö stad", 2025),
            None
        );
        let list = Organisations::builtin();
        let now = date(2026, 12, 2);
        assert!(list.current(now).all(|o| o.until.is_none()));
        assert!(!list.current(now).any(|o| o.name.starts_with("Rinkeby")));
        // On the last day before the merger, the old ones, not yet the new one.
        let before = date(2023, 6, 30);
        assert!(list.current(before).any(|o| o.name.starts_with("Rinkeby")));
        assert!(!list.current(before).any(|o| o.name.starts_with("Järva")));
    }
}
