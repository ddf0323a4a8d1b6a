//! Ids from titles: "Halverat matsvinn i skolköket" → `halverat-matsvinn-i-skolkoket`.

use crate::model::MAX_ID_LEN;

/// The slug of a title: å, ä → a, ö → o (and other accents dropped), lowercase ASCII letters
/// and digits joined by single hyphens, at most [`MAX_ID_LEN`] characters (cut at a hyphen).
/// A title with no letters or digits gives `exempel`.
pub fn slugify(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
            'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' | 'û' => 'u',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_ascii_lowercase() || c.is_ascii_digit() => c,
            _ => '-',
        };
        if mapped != '-' || !out.ends_with('-') {
            out.push(mapped);
        }
    }
    let mut slug = out.trim_matches('-').to_owned();
    if slug.len() > MAX_ID_LEN {
        slug.truncate(MAX_ID_LEN);
        if let Some(cut) = slug.rfind('-') {
            slug.truncate(cut);
        }
    }
    if slug.is_empty() {
        "exempel".to_owned()
    } else {
        slug
    }
}

/// The `n`th candidate id for a slug: the slug itself, then `slug-2`, `slug-3`, … (shortened
/// so that the suffix fits within [`MAX_ID_LEN`]).
pub fn candidate(slug: &str, n: u32) -> String {
    if n <= 1 {
        return slug.to_owned();
    }
    let suffix = format!("-{n}");
    let mut base = slug.to_owned();
    base.truncate(MAX_ID_LEN - suffix.len());
    format!("{}{suffix}", base.trim_end_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExampleId;

    #[test]
    fn swedish_letters_become_ascii() {
        assert_eq!(
            slugify("Halverat matsvinn i skolköket!"),
            "halverat-matsvinn-i-skolkoket"
        );
        assert_eq!(
            slugify("Äldreboendet på Åsö – café"),
            "aldreboendet-pa-aso-cafe"
        );
    }

    #[test]
    fn a_title_without_letters_gives_a_default() {
        assert_eq!(slugify("   "), "exempel");
        assert_eq!(slugify("🙂 ../../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn long_titles_are_cut_at_a_hyphen_and_suffixes_fit() {
        let slug = slugify(&"långt ord ".repeat(20));
        assert!(slug.len() <= MAX_ID_LEN && !slug.ends_with('-'));
        assert!(ExampleId::parse(&slug).is_ok());
        let tenth = candidate(&slug, 10);
        assert!(tenth.ends_with("-10") && tenth.len() <= MAX_ID_LEN);
        assert!(ExampleId::parse(&tenth).is_ok());
    }
}
