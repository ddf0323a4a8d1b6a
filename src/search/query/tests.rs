use super::*;

#[test]
fn a_query_splits_into_words_phrases_and_exclusions() {
    assert_eq!(
        parts("matsvinn \"daglig mätning\" -pilot +skola"),
        vec![
            Part::Word("matsvinn".into()),
            Part::Phrase("daglig mätning".into()),
            Part::Excluded("pilot".into()),
            Part::Word("skola".into()),
        ]
    );
}

#[test]
fn near_spellings_allow_one_edit_from_five_letters_and_two_from_nine() {
    assert_eq!(fuzzy_distance("skola"), Some(1));
    assert_eq!(fuzzy_distance("mat"), None);
    assert_eq!(fuzzy_distance("ombd"), Some(1));
    assert_eq!(fuzzy_distance("inskoling"), Some(2));
}
