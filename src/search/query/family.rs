//! Words of one family: a verb and the nouns made from it.

/// Lemmas of the same word family as `lemma` by Swedish's regular derivations: a verb and
/// its nouns in -ning, -ande, -ering and -ation, and a participle's verb ("vräka" and
/// "vräkning", "auskultera" and "auskultation", "utskriven" and "utskriva", "utskrivning").
/// Candidates only: the caller keeps those the index has.
pub fn family(lemma: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut verbs = Vec::new();
    let strip = |suffix: &str| {
        lemma
            .strip_suffix(suffix)
            .filter(|b| b.chars().count() >= 3)
    };
    if let Some(base) = strip("ering").or_else(|| strip("ation")) {
        verbs.push(format!("{base}era"));
    } else if let Some(base) = strip("ning").or_else(|| strip("ande")) {
        verbs.push(format!("{base}a"));
    } else if let Some(base) = strip("en").filter(|b| !b.ends_with('e')) {
        // Participles of strong verbs: "utskriven" of "utskriva".
        verbs.push(format!("{base}a"));
    } else if lemma.ends_with('a') && strip("a").is_some() {
        verbs.push(lemma.to_owned());
    }
    for verb in verbs {
        if let Some(base) = verb.strip_suffix("era") {
            out.push(format!("{base}ering"));
            out.push(format!("{base}ation"));
        }
        if let Some(base) = verb.strip_suffix('a') {
            out.push(format!("{base}ning"));
            out.push(format!("{base}ande"));
        }
        out.push(verb);
    }
    out.retain(|w| w != lemma);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_family_joins_verbs_and_their_nouns() {
        assert!(family("vräka").contains(&"vräkning".to_owned()));
        assert!(family("vräkning").contains(&"vräka".to_owned()));
        assert!(family("auskultera").contains(&"auskultation".to_owned()));
        assert!(family("auskultation").contains(&"auskultera".to_owned()));
        assert!(family("registrering").contains(&"registrera".to_owned()));
        assert!(family("utskriven").contains(&"utskrivning".to_owned()));
        assert!(family("genomförande").contains(&"genomföra".to_owned()));
        assert!(family("skola").contains(&"skolning".to_owned()));
        assert!(family("mat").is_empty());
    }
}
