//! The small pattern language of form fields (`pattern` on a text field): enough to say "a
//! letter then six digits" without shipping a regular-expression engine to every phone.
//!
//! A pattern matches the whole answer. It is a sequence of items, each optionally followed by a
//! quantifier:
//! - items: a literal character; `\d` digit; `\w` letter, digit or `_`; `\s` space; `.` any
//!   character; `[...]` one of a set, with ranges (`[A-Z0-9]`) and negation (`[^ ]`); `\` before
//!   any other character means that character;
//! - quantifiers: `?` `*` `+` `{n}` `{n,}` `{n,m}`.
//!
//! No groups and no alternation: forms that need them ask for two fields instead.

/// The most repetitions a quantifier may name.
const MAX_REPEAT: u32 = 1000;

/// The longest pattern source: what a form needs is a line, not a program.
pub const MAX_SOURCE_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Class {
    Literal(char),
    Digit,
    Word,
    Space,
    Any,
    Set {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Class {
    fn matches(&self, c: char) -> bool {
        match self {
            Class::Literal(l) => *l == c,
            Class::Digit => c.is_ascii_digit(),
            Class::Word => c.is_alphanumeric() || c == '_',
            Class::Space => c.is_whitespace(),
            Class::Any => true,
            Class::Set { negated, ranges } => {
                ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    class: Class,
    min: u32,
    max: u32,
}

/// A checked pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern(Vec<Item>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternError;

impl Pattern {
    pub fn parse(source: &str) -> Result<Pattern, PatternError> {
        if source.chars().count() > MAX_SOURCE_CHARS {
            return Err(PatternError);
        }
        let mut chars = source.chars().peekable();
        let mut items = Vec::new();
        while let Some(c) = chars.next() {
            let class = match c {
                '\\' => match chars.next().ok_or(PatternError)? {
                    'd' => Class::Digit,
                    'w' => Class::Word,
                    's' => Class::Space,
                    other => Class::Literal(other),
                },
                '.' => Class::Any,
                '[' => {
                    let negated = chars.next_if_eq(&'^').is_some();
                    let mut ranges = Vec::new();
                    loop {
                        let lo = match chars.next().ok_or(PatternError)? {
                            ']' if !ranges.is_empty() => break,
                            '\\' => chars.next().ok_or(PatternError)?,
                            c => c,
                        };
                        if chars.next_if_eq(&'-').is_none() {
                            ranges.push((lo, lo));
                            continue;
                        }
                        // A `-` last in the set stands for itself.
                        if chars.peek() == Some(&']') {
                            ranges.extend([(lo, lo), ('-', '-')]);
                            continue;
                        }
                        let hi = match chars.next().ok_or(PatternError)? {
                            '\\' => chars.next().ok_or(PatternError)?,
                            c => c,
                        };
                        if hi < lo {
                            return Err(PatternError);
                        }
                        ranges.push((lo, hi));
                    }
                    Class::Set { negated, ranges }
                }
                '?' | '*' | '+' | '{' | '}' | ']' | '(' | ')' | '|' => return Err(PatternError),
                c => Class::Literal(c),
            };
            let (min, max) = match chars.peek() {
                Some('?') => (0, 1),
                Some('*') => (0, MAX_REPEAT),
                Some('+') => (1, MAX_REPEAT),
                Some('{') => {
                    chars.next();
                    let mut body = String::new();
                    loop {
                        match chars.next().ok_or(PatternError)? {
                            '}' => break,
                            c => body.push(c),
                        }
                    }
                    let number = |s: &str| s.trim().parse::<u32>().map_err(|_| PatternError);
                    let (min, max) = match body.split_once(',') {
                        None => (number(&body)?, number(&body)?),
                        Some((min, "")) => (number(min)?, MAX_REPEAT),
                        Some((min, max)) => (number(min)?, number(max)?),
                    };
                    if min > max || max > MAX_REPEAT {
                        return Err(PatternError);
                    }
                    items.push(Item { class, min, max });
                    continue;
                }
                _ => (1, 1),
            };
            if (min, max) != (1, 1) {
                chars.next();
            }
            items.push(Item { class, min, max });
        }
        Ok(Pattern(items))
    }

    /// Whether the whole of `text` matches.
    ///
    /// Linear in items × length, whatever the quantifiers: `.*` two hundred times over a long
    /// answer costs no more than two hundred letters.
    pub fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        // reachable[i]: the items so far can consume exactly chars[..i].
        let mut reachable = vec![false; n + 1];
        reachable[0] = true;
        let mut run = vec![0usize; n + 1];
        let mut before = vec![0usize; n + 2];
        for item in &self.0 {
            // run[j]: how many characters just before j the item's class accepts in a row.
            for j in 1..=n {
                run[j] = if item.class.matches(chars[j - 1]) {
                    run[j - 1] + 1
                } else {
                    0
                };
            }
            // before[i]: how many of reachable[..i] hold, to ask about a range at once.
            for i in 0..=n {
                before[i + 1] = before[i] + usize::from(reachable[i]);
            }
            let (min, max) = (item.min as usize, item.max as usize);
            // The item ends at j when it started at some reachable i with min <= j - i <= max
            // and every character in between is of its class.
            let next: Vec<bool> = (0..=n)
                .map(|j| {
                    let Some(last) = j.checked_sub(min) else {
                        return false;
                    };
                    let first = j.saturating_sub(max.min(run[j]));
                    first <= last && before[last + 1] > before[first]
                })
                .collect();
            reachable = next;
        }
        reachable[n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        Pattern::parse(pattern).unwrap().matches(text)
    }

    #[test]
    fn a_pattern_matches_the_whole_answer() {
        assert!(matches(r"\d{4}", "2026"));
        assert!(!matches(r"\d{4}", "20261"));
        assert!(!matches(r"\d{4}", "x2026"));
        assert!(matches(r"[A-Z]{2}-\d+", "AB-12"));
        assert!(!matches(r"[A-Z]{2}-\d+", "AB-"));
        assert!(matches(
            r"AHU-\d{7}\.AH\.01\.\d{2}\.TAHUN \d{4}",
            "AHU-0012345.AH.01.29.TAHUN 2026"
        ));
        assert!(matches(r"[^ ]+", "tanpa-spasi"));
        assert!(!matches(r"[^ ]+", "ada spasi"));
        assert!(matches(r"a?b*c{1,2}", "c"));
        assert!(matches(r"a?b*c{1,2}", "abbbcc"));
        assert!(!matches(r"a?b*c{1,2}", "abbbccc"));
        assert!(matches(r".*", ""));
        assert!(matches(r"[a-c-]+", "a-b-c"));
    }

    #[test]
    fn greedy_items_give_back_what_later_items_need() {
        assert!(matches(r"\d*5", "12345"));
        assert!(matches(r".*x.*", "abxcd"));
    }

    #[test]
    fn unsupported_or_broken_patterns_are_refused() {
        for bad in [
            "(a|b)", "a**", "[z-a]", "[abc", "\\", "x{3,1}", "x{2000}", "+a", "x{a}", "x{3",
        ] {
            assert_eq!(Pattern::parse(bad), Err(PatternError), "{bad}");
        }
    }

    #[test]
    fn matching_stays_linear_on_hostile_input() {
        let pattern = Pattern::parse(&"a*".repeat(30)).unwrap();
        let text = "a".repeat(200) + "b";
        assert!(!pattern.matches(&text));
        // The longest pattern a form may hold, all `.*`, against the longest short answer.
        let pattern = Pattern::parse(&".*".repeat(MAX_SOURCE_CHARS / 2)).unwrap();
        assert!(pattern.matches(&"x".repeat(1000)));
        assert_eq!(
            Pattern::parse(&".*".repeat(MAX_SOURCE_CHARS / 2 + 1)),
            Err(PatternError)
        );
    }

    /// The plain way: from every place the items so far reach, try every repetition count.
    fn matches_by_trying_every_count(pattern: &Pattern, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut reachable = vec![false; chars.len() + 1];
        reachable[0] = true;
        for item in &pattern.0 {
            let mut next = vec![false; chars.len() + 1];
            for start in (0..=chars.len()).filter(|i| reachable[*i]) {
                let (mut count, mut at) = (0, start);
                loop {
                    if count >= item.min {
                        next[at] = true;
                    }
                    if count == item.max || at == chars.len() || !item.class.matches(chars[at]) {
                        break;
                    }
                    count += 1;
                    at += 1;
                }
            }
            reachable = next;
        }
        reachable[chars.len()]
    }

    proptest::proptest! {
        #[test]
        fn the_linear_matcher_agrees_with_trying_every_count(
            source in "([ab.]|\\d)([?*+]|\\{[0-3](,[0-3]?)?\\})?([ab.][?*+]?){0,4}",
            text in "[ab1]{0,12}",
        ) {
            if let Ok(pattern) = Pattern::parse(&source) {
                proptest::prop_assert_eq!(
                    pattern.matches(&text),
                    matches_by_trying_every_count(&pattern, &text),
                    "{} on {:?}", source, text
                );
            }
        }
    }
}
