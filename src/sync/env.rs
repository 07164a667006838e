//! `${NAME}` references in the string values of a desired-state file,
//! expanded from the environment.
//!
//! `${NAME}` is replaced by the variable's value; `NAME` is ASCII letters,
//! digits and `_`, not starting with a digit. `$${` stands for a literal
//! `${`. Any other `$` is kept as it is. A variable that is not set is an
//! error naming it, never an empty string.

use std::borrow::Cow;

/// Why a string's references could not be expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ExpandError {
    /// `${NAME}` names a variable that is not set.
    Missing(String),
    /// `${` without a closing `}`, or a name that is not a valid one.
    Malformed(String),
}

/// Expands every `${NAME}` in `value` through `lookup`.
pub(crate) fn expand<'a>(
    value: &'a str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Cow<'a, str>, ExpandError> {
    if !value.contains('$') {
        return Ok(Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
        } else if let Some(after) = tail.strip_prefix("${") {
            let Some(end) = after.find('}') else {
                return Err(ExpandError::Malformed(
                    "`${` without a closing `}` (write `$${` for a literal `${`)".to_owned(),
                ));
            };
            let name = &after[..end];
            if !is_name(name) {
                return Err(ExpandError::Malformed(format!(
                    "`${{{name}}}` is not a variable reference: names are letters, digits and `_`, not starting with a digit (write `$${{` for a literal `${{`)"
                )));
            }
            let found = lookup(name).ok_or_else(|| ExpandError::Missing(name.to_owned()))?;
            out.push_str(&found);
            rest = &after[end + 1..];
        } else {
            out.push('$');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Writes `value` so that [`expand`] gives it back: every `${` becomes `$${`.
pub(crate) fn escape(value: &str) -> Cow<'_, str> {
    if value.contains("${") {
        Cow::Owned(value.replace("${", "$${"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A reference to the variable `name`.
pub(crate) fn reference(name: &str) -> String {
    format!("${{{name}}}")
}

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "SECRET" => Some("s3cr3t".to_owned()),
            "EMPTY" => Some(String::new()),
            "WITH_REF" => Some("${SECRET}".to_owned()),
            _ => None,
        }
    }

    fn run(value: &str) -> Result<String, ExpandError> {
        expand(value, &env).map(Cow::into_owned)
    }

    #[test]
    fn references_expand_and_other_dollars_stay() {
        assert_eq!(run("plain").unwrap(), "plain");
        assert_eq!(run("${SECRET}").unwrap(), "s3cr3t");
        assert_eq!(run("a-${SECRET}-b-${EMPTY}-c").unwrap(), "a-s3cr3t-b--c");
        assert_eq!(run("cost: $5, $NAME, $").unwrap(), "cost: $5, $NAME, $");
        // A value is not expanded again.
        assert_eq!(run("${WITH_REF}").unwrap(), "${SECRET}");
    }

    #[test]
    fn double_dollar_is_a_literal_reference() {
        assert_eq!(run("$${SECRET}").unwrap(), "${SECRET}");
        assert_eq!(run("$$${SECRET}").unwrap(), "$${SECRET}");
        assert_eq!(run("$$x").unwrap(), "$$x");
    }

    #[test]
    fn missing_and_malformed_references_are_errors() {
        assert_eq!(
            run("x${MISSING}y"),
            Err(ExpandError::Missing("MISSING".into()))
        );
        assert!(matches!(run("${SECRET"), Err(ExpandError::Malformed(_))));
        assert!(matches!(run("${}"), Err(ExpandError::Malformed(_))));
        assert!(matches!(run("${1A}"), Err(ExpandError::Malformed(_))));
        assert!(matches!(run("${A-B}"), Err(ExpandError::Malformed(_))));
    }

    #[test]
    fn escape_round_trips() {
        for value in ["plain", "${SECRET}", "$${x}", "a$b${c}$", "$$${"] {
            assert_eq!(run(&escape(value)).unwrap(), value, "{value}");
        }
    }
}
