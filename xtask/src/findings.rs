//! What a check reports, and how it is printed: one line a finding,
//! `error[<rule>] <location>: <what is wrong>; <what to do>`, or a JSON array.

use serde_json::Value;

/// How much a finding weighs: errors fail the run, notes only inform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails `check-spec`.
    Error,
    /// Informs (non-breaking additions under `--against`).
    Note,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Error or note.
    pub severity: Severity,
    /// The rule id, `nullable-optional-array`.
    pub rule: &'static str,
    /// A JSON pointer into the spec, `METHOD /path`, or a file name.
    pub location: String,
    /// `<what is wrong>; <what to do>`, on one line.
    pub message: String,
    /// Further lines printed after the finding (a diff).
    pub detail: Option<String>,
}

impl Finding {
    /// An error finding.
    pub fn error(
        rule: &'static str,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity: Severity::Error,
            rule,
            location: location.into(),
            message: message.into(),
            detail: None,
        }
    }

    /// A note: reported, but does not fail the run.
    pub fn note(
        rule: &'static str,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity: Severity::Note,
            ..Finding::error(rule, location, message)
        }
    }

    /// Attaches lines to print after the finding.
    pub fn detail(mut self, detail: String) -> Self {
        self.detail = Some(detail);
        self
    }

    /// The one-line form.
    pub fn line(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Note => "note",
        };
        format!(
            "{severity}[{}] {}: {}",
            self.rule, self.location, self.message
        )
    }

    /// The JSON form, keys in the order `rule`, `location`, `message` (then
    /// `severity` for notes and `diff` when there is one).
    fn to_json(&self) -> String {
        let string = |s: &str| Value::from(s).to_string();
        let mut fields = vec![
            ("rule", string(self.rule)),
            ("location", string(&self.location)),
            ("message", string(&self.message)),
        ];
        if self.severity == Severity::Note {
            fields.push(("severity", string("note")));
        }
        if let Some(detail) = &self.detail {
            fields.push(("diff", string(detail)));
        }
        let body: Vec<String> = fields
            .iter()
            .map(|(key, value)| format!("    \"{key}\": {value}"))
            .collect();
        format!("  {{\n{}\n  }}", body.join(",\n"))
    }
}

/// The output formats of `check-spec`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One line a finding, then a summary.
    Text,
    /// A JSON array of `{rule, location, message}` objects.
    Json,
}

/// Renders findings: lines and a summary count, or a JSON array.
pub fn render(findings: &[Finding], format: Format) -> String {
    match format {
        Format::Json if findings.is_empty() => "[]\n".to_string(),
        Format::Json => {
            let items: Vec<String> = findings.iter().map(Finding::to_json).collect();
            format!("[\n{}\n]\n", items.join(",\n"))
        }
        Format::Text => {
            let mut text = String::new();
            for finding in findings {
                text.push_str(&finding.line());
                text.push('\n');
                if let Some(detail) = &finding.detail {
                    text.push_str(detail);
                    if !detail.ends_with('\n') {
                        text.push('\n');
                    }
                }
            }
            text.push_str(&summary(findings));
            text.push('\n');
            text
        }
    }
}

/// `check-spec: 2 errors` / `check-spec: no findings`.
pub fn summary(findings: &[Finding]) -> String {
    let errors = error_count(findings);
    let notes = findings.len() - errors;
    let mut text = match errors {
        0 => "check-spec: no errors".to_string(),
        1 => "check-spec: 1 error".to_string(),
        n => format!("check-spec: {n} errors"),
    };
    match notes {
        0 => {}
        1 => text.push_str(", 1 note"),
        n => text.push_str(&format!(", {n} notes")),
    }
    text
}

/// How many findings are errors.
pub fn error_count(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

/// Drops repeated findings (same rule, location and message), keeping order.
pub fn dedup(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert((f.rule, f.location.clone(), f.message.clone())));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_finding_is_one_line() {
        let finding = Finding::error("tag", "GET /x", "no tag; add one");
        assert_eq!(finding.line(), "error[tag] GET /x: no tag; add one");
    }

    #[test]
    fn json_has_rule_location_message_in_that_order() {
        let findings = [
            Finding::error("tag", "GET /x", "say \"hi\""),
            Finding::note("addition", "/a", "m").detail("-a\n+b\n".into()),
        ];
        let text = render(&findings, Format::Json);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value,
            json!([
                {"rule": "tag", "location": "GET /x", "message": "say \"hi\""},
                {"rule": "addition", "location": "/a", "message": "m", "severity": "note", "diff": "-a\n+b\n"}
            ])
        );
        assert!(text.find("\"rule\"").unwrap() < text.find("\"location\"").unwrap());
        assert_eq!(render(&[], Format::Json), "[]\n");
    }

    #[test]
    fn summary_counts_errors_and_notes() {
        let findings = [
            Finding::error("a", "/", "m"),
            Finding::error("b", "/", "m"),
            Finding::note("addition", "/", "m"),
        ];
        assert_eq!(summary(&findings), "check-spec: 2 errors, 1 note");
        assert_eq!(summary(&[]), "check-spec: no errors");
    }
}
