use std::fmt;

/// The longest id allowed, in bytes (ids are ASCII).
pub const MAX_ID_LEN: usize = 80;

/// The id of an example: a kebab-case ASCII slug, `[a-z0-9]+(-[a-z0-9]+)*`, at most
/// [`MAX_ID_LEN`] characters. Because the alphabet has no `/`, `.` or `\`, an `ExampleId` is
/// always safe to join onto a directory path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct ExampleId(String);

/// Why a string is not a valid [`ExampleId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The string is empty.
    #[error("id är tomt; använd små bokstäver a–z, siffror och enstaka bindestreck")]
    Empty,
    /// The string is longer than [`MAX_ID_LEN`].
    #[error("id är {0} tecken långt; högst {MAX_ID_LEN} tecken får plats")]
    TooLong(usize),
    /// The string has a character outside `a-z`, `0-9` and `-`.
    #[error(
        "id innehåller {0:?}; bara små bokstäver a–z, siffror och bindestreck går \
         (skriv å och ä som a, ö som o)"
    )]
    BadCharacter(char),
    /// The string starts or ends with a hyphen, or has two in a row.
    #[error("id har ett bindestreck först, sist eller två i rad; bindestreck står bara mellan ord")]
    BadHyphen,
}

impl ExampleId {
    /// Parses a slug, returning which rule it breaks on `Err`.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        if s.is_empty() {
            return Err(IdError::Empty);
        }
        let chars = s.chars().count();
        if chars > MAX_ID_LEN {
            return Err(IdError::TooLong(chars));
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(IdError::BadCharacter(c));
        }
        if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(IdError::BadHyphen);
        }
        Ok(Self(s.to_owned()))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file name of this example in the corpus: `{id}.md`.
    pub fn file_name(&self) -> String {
        format!("{}.md", self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ExampleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for ExampleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ExampleId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kebab_case_slug_is_accepted() {
        assert_eq!(
            ExampleId::parse("matsvinn-2024").unwrap().as_str(),
            "matsvinn-2024"
        );
    }

    #[test]
    fn path_traversal_is_rejected() {
        assert_eq!(
            ExampleId::parse("../../etc/passwd"),
            Err(IdError::BadCharacter('.'))
        );
    }

    #[test]
    fn uppercase_and_swedish_letters_are_rejected() {
        assert_eq!(
            ExampleId::parse("Matsvinn"),
            Err(IdError::BadCharacter('M'))
        );
        assert_eq!(
            ExampleId::parse("förskola"),
            Err(IdError::BadCharacter('ö'))
        );
    }

    #[test]
    fn stray_hyphens_are_rejected() {
        for bad in ["-a", "a-", "a--b"] {
            assert_eq!(ExampleId::parse(bad), Err(IdError::BadHyphen), "{bad}");
        }
    }

    #[test]
    fn an_id_of_81_characters_is_too_long() {
        assert_eq!(ExampleId::parse(&"a".repeat(81)), Err(IdError::TooLong(81)));
        assert!(ExampleId::parse(&"a".repeat(80)).is_ok());
    }
}
