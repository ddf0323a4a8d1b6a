//! Highlighted snippets: a fragment of text and the byte ranges that matched.

use std::ops::Range;

/// A fragment of an example's text with the parts that matched the query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The plain text of the fragment.
    pub fragment: String,
    /// Byte ranges of `fragment` that matched, in order, not overlapping.
    pub highlights: Vec<Range<usize>>,
    /// Whether text was cut before the fragment.
    pub cut_before: bool,
    /// Whether text was cut after the fragment.
    pub cut_after: bool,
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

impl Snippet {
    /// A snippet of `text` cut at a word boundary to at most `max_chars`, with no highlights.
    pub fn plain(text: &str, max_chars: usize) -> Self {
        let text = text.trim();
        if text.chars().count() <= max_chars {
            return Self {
                fragment: text.to_owned(),
                ..Self::default()
            };
        }
        let cut: String = text.chars().take(max_chars).collect();
        let end = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
        Self {
            fragment: cut[..end].trim_end().to_owned(),
            cut_after: true,
            ..Self::default()
        }
    }

    /// The snippet as HTML: the text escaped, matches in `<mark>`, cuts shown as "…".
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(self.fragment.len() + 32);
        if self.cut_before {
            out.push('…');
        }
        let mut at = 0;
        for r in &self.highlights {
            if r.start < at || r.end > self.fragment.len() {
                continue;
            }
            escape_into(&mut out, &self.fragment[at..r.start]);
            out.push_str("<mark>");
            escape_into(&mut out, &self.fragment[r.clone()]);
            out.push_str("</mark>");
            at = r.end;
        }
        escape_into(&mut out, &self.fragment[at..]);
        if self.cut_after {
            out.push('…');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_text_and_marks_matches() {
        let s = Snippet {
            fragment: "a <b> matsvinn".into(),
            highlights: vec![Range { start: 6, end: 14 }],
            cut_before: true,
            ..Snippet::default()
        };
        assert_eq!(s.to_html(), "…a &lt;b&gt; <mark>matsvinn</mark>");
    }

    #[test]
    fn a_plain_snippet_is_cut_at_a_word_boundary() {
        let s = Snippet::plain("ett två tre fyra", 9);
        assert_eq!(s.fragment, "ett två");
        assert!(s.cut_after);
    }
}
