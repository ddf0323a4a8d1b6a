//! The closed vocabularies of an example, each with its slug (as written in the corpus and the
//! API) and its Swedish label (as shown to people), defined once.

use std::fmt;

/// What every closed vocabulary offers: its members, their slugs and Swedish labels.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every member, in display order.
    const ALL: &'static [Self];
    /// What the vocabulary is called in messages, in English (e.g. "focus area").
    const NAME: &'static str;
    /// The slug used in files, URLs and JSON.
    fn slug(self) -> &'static str;
    /// The Swedish label shown to people.
    fn label(self) -> &'static str;

    /// The member with this slug; `None` when there is none.
    fn parse(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|m| m.slug() == slug)
    }

    /// The position of this member in [`Vocabulary::ALL`]; used as a compact index value.
    fn ordinal(self) -> usize {
        Self::ALL
            .iter()
            .position(|m| m.slug() == self.slug())
            .expect("every member is in ALL")
    }

    /// The allowed slugs, for error messages: "`a`, `b` or `c`".
    fn allowed() -> String {
        let slugs: Vec<String> = Self::ALL
            .iter()
            .map(|m| format!("`{}`", m.slug()))
            .collect();
        match slugs.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} eller {last}", rest.join(", ")),
            _ => slugs.join(""),
        }
    }
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])* $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $slug:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const NAME: &'static str = $what;
            fn slug(self) -> &'static str {
                match self { $(Self::$variant => $slug,)+ }
            }
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label,)+ }
            }
        }

        impl $name {
            /// The member with this slug; `None` when there is none.
            pub fn parse(slug: &str) -> Option<Self> {
                <Self as Vocabulary>::parse(slug)
            }
            /// The slug used in files, URLs and JSON.
            pub fn slug(self) -> &'static str {
                <Self as Vocabulary>::slug(self)
            }
            /// The Swedish label shown to people.
            pub fn label(self) -> &'static str {
                <Self as Vocabulary>::label(self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.slug())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.slug())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "okänt värde `{s}` för {}; tillåtet: {}",
                        $what,
                        <Self as Vocabulary>::allowed()
                    ))
                })
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some(concat!("A ", $what, " slug.")))
                    .enum_values(Some([$($slug),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

vocabulary! {
    /// One of the six focus areas of the City of Stockholm's quality programme.
    FocusArea, "focus area" {
        Informationshantering => "informationshantering", "Informationshantering";
        Finansiering => "finansiering", "Medveten finansiering av utvecklingsprojekt";
        Leverantorer => "leverantorer", "Ta tillvara leverantörers och utförares potential";
        Dialog => "dialog", "Dialog med stockholmarna";
        Partnerskap => "partnerskap", "Strategiska partnerskap";
        Metoder => "metoder", "Effektiva och stödjande metoder och mötesplatser för idéutbyte";
    }
}

impl FocusArea {
    /// The word a search for the focus area itself would use: the one word of its name that
    /// says what it is about ("Dialog med stockholmarna" is about dialog, not about every
    /// Stockholmer; "metoder och mötesplatser för idéutbyte", about idéutbyte: every example
    /// has a method).
    pub fn search_word(self) -> &'static str {
        match self {
            Self::Informationshantering => "informationshantering",
            Self::Finansiering => "finansiering",
            Self::Leverantorer => "leverantörer",
            Self::Dialog => "dialog",
            Self::Partnerskap => "partnerskap",
            Self::Metoder => "idéutbyte",
        }
    }

    /// The programme's own wording of what the focus area means.
    pub fn description(self) -> &'static str {
        match self {
            Self::Informationshantering => {
                "En god informationshantering, där data används för att anpassa tjänster efter \
                 stockholmarnas behov och integriteten inte äventyras."
            }
            Self::Finansiering => {
                "En medveten finansiering av utvecklingsprojekt, där kostnaderna vägs upp av den \
                 besparing som projektet innebär."
            }
            Self::Leverantorer => {
                "Att ta tillvara leverantörers och utförares potential, bland annat genom att \
                 främja innovationer i upphandlingar."
            }
            Self::Dialog => {
                "En aktiv och målstyrd dialog med stockholmarna, där nya dialogformer används för \
                 att möjliggöra mångfald."
            }
            Self::Partnerskap => {
                "Utveckling i strategiska partnerskap med akademi, näringsliv och andra aktörer, \
                 så att forskningsresultat kommer till nytta."
            }
            Self::Metoder => "Effektiva och stödjande metoder samt mötesplatser för idéutbyte.",
        }
    }
}

vocabulary! {
    /// The verksamhetsområde an example belongs to; exactly one per example.
    Area, "area" {
        Forskola => "forskola", "Förskola";
        Skola => "skola", "Skola";
        Aldreomsorg => "aldreomsorg", "Äldreomsorg";
        Socialtjanst => "socialtjanst", "Socialtjänst";
        Funktionsnedsattning => "funktionsnedsattning", "Stöd och service till personer med funktionsnedsättning";
        KulturFritid => "kultur-fritid", "Kultur och fritid";
        Stadsmiljo => "stadsmiljo", "Stadsmiljö och trafik";
        Administration => "administration", "Administration och stödfunktioner";
        Bolag => "bolag", "Stadens bolag";
    }
}

vocabulary! {
    /// How far an example has come (mognad).
    Maturity, "maturity" {
        Pilot => "pilot", "Testas i liten skala";
        Infort => "infort", "Infört i ordinarie verksamhet";
        Utvarderat => "utvarderat", "Infört och utvärderat";
        Spritt => "spritt", "Spritt till fler enheter";
    }
}

vocabulary! {
    /// Where an example is in the review workflow. Only [`Status::Published`] is ever public.
    Status, "status" {
        Published => "published", "Publicerat";
        Submitted => "submitted", "Inskickat";
        ChangesRequested => "changes_requested", "Ändringar begärda";
        Rejected => "rejected", "Avböjt";
        Archived => "archived", "Arkiverat";
    }
}

impl Status {
    /// What an organiser does to give an example this status, as a verb ("Publicera").
    pub fn action_label(self) -> &'static str {
        match self {
            Status::Published => "Publicera",
            Status::Submitted => "Skicka in",
            Status::ChangesRequested => "Begär ändringar",
            Status::Rejected => "Avböj",
            Status::Archived => "Arkivera",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_parses_back_to_its_member() {
        for f in FocusArea::ALL {
            assert_eq!(FocusArea::parse(f.slug()), Some(*f));
        }
        for a in Area::ALL {
            assert_eq!(Area::parse(a.slug()), Some(*a));
        }
    }

    #[test]
    fn there_are_six_focus_areas_and_nine_areas() {
        assert_eq!(FocusArea::ALL.len(), 6);
        assert_eq!(Area::ALL.len(), 9);
    }

    #[test]
    fn allowed_lists_every_slug() {
        assert_eq!(
            Maturity::allowed(),
            "`pilot`, `infort`, `utvarderat` eller `spritt`"
        );
    }

    #[test]
    fn an_unknown_slug_is_none() {
        assert_eq!(Area::parse("Förskola"), None);
    }
}

vocabulary! {
    /// How far a unit that took up an example has come with it.
    Stage, "stage" {
        Provar => "provar", "Provar";
        Infort => "infort", "Infört";
        Slutat => "slutat", "Slutat";
    }
}

vocabulary! {
    /// What an example got from an award.
    AwardResult, "award result" {
        Vinnare => "vinnare", "Vinnare";
        Hedersomnamnande => "hedersomnamnande", "Hedersomnämnande";
        Finalist => "finalist", "Finalist";
        Nominerad => "nominerad", "Nominerad";
    }
}
