//! Turning `jsonschema` validation errors into short, located problems.

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

/// The longest message quoted from the validator; longer ones are cut.
const MAX_MESSAGE: usize = 240;

/// Every problem of `instance` under `validator`, `oneOf`/`anyOf` failures
/// replaced by the errors of their most likely branch.
pub fn problems(validator: &Validator, instance: &Value) -> Vec<Problem> {
    validator
        .iter_errors(instance)
        .flat_map(|error| most_specific(error.to_owned()))
        .collect()
}

/// One validation error, reduced to what is reported.
pub struct Problem {
    /// The instance path (a JSON pointer into the validated value).
    pub path: String,
    /// What is wrong there.
    pub message: String,
    /// For "additional properties not allowed": the keys.
    pub unexpected: Vec<String>,
    /// Why this is probably not the branch the author meant: 2 for "`$ref`
    /// is required" (the Reference Object branch of an object without `$ref`),
    /// 1 for a string that is not a value the branch allows (`in: path`
    /// against the `query` branch: a discriminator), 0 otherwise.
    mismatch: u8,
    /// For a string that is not an allowed value: the string and the values.
    not_allowed: Option<(Value, Vec<Value>)>,
}

impl Problem {
    fn depth(&self) -> usize {
        self.path.split('/').filter(|s| !s.is_empty()).count()
    }
}

/// A `oneOf`/`anyOf` failure says only "not valid under any of the schemas".
/// Replace it by the errors of the branch the author most likely meant: the
/// branch with the weakest [`Problem::mismatch`], then the one whose errors
/// lie deepest, then the one with the fewest errors. When every branch only
/// rejects the same string, say which values all the branches allow.
fn most_specific(error: ValidationError<'static>) -> Vec<Problem> {
    let path = error.instance_path().as_str().to_string();
    let message = describe(&error);
    let parts = error.into_parts();
    let mut problem = Problem {
        path,
        message,
        unexpected: Vec::new(),
        mismatch: 0,
        not_allowed: None,
    };
    let branches = match parts.kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            problem.unexpected = unexpected;
            Vec::new()
        }
        ValidationErrorKind::Required { property } if property == "$ref" => {
            problem.mismatch = 2;
            Vec::new()
        }
        ValidationErrorKind::Enum { options } if parts.instance.is_string() => {
            problem.mismatch = 1;
            let allowed = options.as_array().cloned().unwrap_or_default();
            problem.not_allowed = Some((parts.instance.into_owned(), allowed));
            Vec::new()
        }
        ValidationErrorKind::Constant { expected_value } if parts.instance.is_string() => {
            problem.mismatch = 1;
            let allowed = vec![expected_value.as_ref().clone()];
            problem.not_allowed = Some((parts.instance.into_owned(), allowed));
            Vec::new()
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            context
        }
        _ => Vec::new(),
    };
    let branches: Vec<Vec<Problem>> = branches
        .into_iter()
        .map(|branch| branch.into_iter().flat_map(most_specific).collect())
        .filter(|branch: &Vec<Problem>| !branch.is_empty())
        .collect();
    if let Some(merged) = same_string_rejected(&branches) {
        return vec![merged];
    }
    let best = branches.into_iter().max_by_key(|branch| {
        let depth = branch.iter().map(Problem::depth).max().unwrap_or(0);
        let mismatch = branch.iter().map(|p| p.mismatch).max().unwrap_or(0);
        (u8::MAX - mismatch, depth, usize::MAX - branch.len())
    });
    best.unwrap_or_else(|| vec![problem])
}

/// When each branch rejects the same string at the same place (and maybe
/// fails otherwise too), one problem listing every value some branch allows.
fn same_string_rejected(branches: &[Vec<Problem>]) -> Option<Problem> {
    let first = branches.first()?.iter().find(|p| p.not_allowed.is_some())?;
    let (value, _) = first.not_allowed.as_ref()?;
    let mut allowed: Vec<Value> = Vec::new();
    for branch in branches {
        let rejection = branch.iter().find_map(|p| match &p.not_allowed {
            Some((v, values)) if v == value && p.path == first.path => Some(values),
            _ => None,
        })?;
        for v in rejection {
            if !allowed.contains(v) {
                allowed.push(v.clone());
            }
        }
    }
    Some(Problem {
        path: first.path.clone(),
        message: not_one_of(value, &allowed),
        unexpected: Vec::new(),
        mismatch: 1,
        not_allowed: Some((value.clone(), allowed)),
    })
}

fn not_one_of(value: &Value, allowed: &[Value]) -> String {
    let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
    format!("{value} is not one of {}", list.join(", "))
}

fn describe(error: &ValidationError<'_>) -> String {
    let text = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            format!("unknown key(s) {}", unexpected.join(", "))
        }
        ValidationErrorKind::Required { property } => format!("required key {property} is missing"),
        ValidationErrorKind::Enum { options } => not_one_of(
            error.instance(),
            options.as_array().map(Vec::as_slice).unwrap_or_default(),
        ),
        ValidationErrorKind::Not { schema } => {
            match schema.get("required").and_then(Value::as_array) {
                Some(keys) if schema.as_object().is_some_and(|s| s.len() == 1) => format!(
                    "{} must not be present together",
                    keys.iter()
                        .map(Value::to_string)
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                _ => format!("must not match the schema {schema}"),
            }
        }
        _ => error.to_string(),
    };
    if text.chars().count() > MAX_MESSAGE {
        let cut: String = text.chars().take(MAX_MESSAGE).collect();
        format!("{cut}…")
    } else {
        text
    }
}
