//! `check-spec --against <git-ref>`: the changes between an older spec and
//! this one that break SDK users ([breaking], errors), and the additions that
//! do not ([addition], notes). Both documents are compared as JSON values,
//! following `$ref`s as they come.

use crate::document::{Operation, effective_parameters, entries, follow, join, operations};
use crate::findings::Finding;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

const BREAKING: &str = "breaking";
const ADDITION: &str = "addition";

/// What to do about a breaking change.
const ADVICE: &str = "restore it, or release the change as a new major version of the SDK";

/// Reads `<git_ref>:<path>` from the repository at `root`.
pub fn base_spec(root: &Path, git_ref: &str, path: &str) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{git_ref}:{path}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git show {git_ref}:{path} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("{git_ref}:{path} is not UTF-8: {e}"))
}

/// The breaking changes (errors) and additions (notes) from `old` to `new`.
pub fn compare(old: &Value, new: &Value) -> Vec<Finding> {
    let mut diff = Diff {
        old,
        new,
        findings: Vec::new(),
        seen: HashSet::new(),
    };
    diff.operations();
    crate::findings::dedup(&mut diff.findings);
    diff.findings
}

/// Which way a schema's values travel: what is safe to change differs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Direction {
    /// The SDK user sends it.
    Request,
    /// Postmark sends it, the SDK decodes it.
    Response,
}

struct Diff<'a> {
    old: &'a Value,
    new: &'a Value,
    findings: Vec<Finding>,
    /// Schema pairs already compared (old pointer, new pointer, direction).
    seen: HashSet<(String, String, Direction)>,
}

fn operation_id<'a>(op: &Operation<'a>) -> Option<&'a str> {
    op.operation.get("operationId").and_then(Value::as_str)
}

fn describe(op: &Operation<'_>) -> String {
    match operation_id(op) {
        Some(id) => format!("operation `{id}`"),
        None => "the operation".to_string(),
    }
}

impl<'a> Diff<'a> {
    fn breaking(&mut self, location: impl Into<String>, what: String) {
        self.findings.push(Finding::error(
            BREAKING,
            location,
            format!("{what}; {ADVICE}"),
        ));
    }

    fn addition(&mut self, location: impl Into<String>, what: String) {
        self.findings.push(Finding::note(
            ADDITION,
            location,
            format!("{what}; not breaking, mention it in the changelog"),
        ));
    }

    fn operations(&mut self) {
        let old_ops = operations(self.old);
        let new_ops = operations(self.new);
        let mut matched = BTreeSet::new();
        for old_op in &old_ops {
            let by_id = operation_id(old_op)
                .and_then(|id| new_ops.iter().position(|op| operation_id(op) == Some(id)));
            let by_route = || {
                new_ops
                    .iter()
                    .position(|op| op.method == old_op.method && op.path == old_op.path)
            };
            let Some(index) = by_id.or_else(by_route) else {
                self.breaking(
                    old_op.location(),
                    format!("{} ({}) was removed", describe(old_op), old_op.location()),
                );
                continue;
            };
            matched.insert(index);
            let new_op = &new_ops[index];
            if by_id.is_some() && new_op.location() != old_op.location() {
                self.breaking(
                    new_op.location(),
                    format!(
                        "{} moved from {} to {}",
                        describe(old_op),
                        old_op.location(),
                        new_op.location()
                    ),
                );
            } else if by_id.is_none() && operation_id(old_op).is_some() {
                self.breaking(
                    new_op.location(),
                    format!(
                        "operationId changed from `{}` to `{}`, which renames the SDK method",
                        operation_id(old_op).unwrap_or_default(),
                        operation_id(new_op).unwrap_or("(none)")
                    ),
                );
            }
            self.operation(old_op, new_op);
        }
        for (index, new_op) in new_ops.iter().enumerate() {
            if !matched.contains(&index) {
                self.addition(new_op.location(), format!("new {}", describe(new_op)));
            }
        }
    }

    fn operation(&mut self, old_op: &Operation<'a>, new_op: &Operation<'a>) {
        let location = new_op.location();
        self.parameters(old_op, new_op, &location);
        self.request_body(old_op, new_op, &location);
        let old_body = success_schema(self.old, old_op);
        let new_body = success_schema(self.new, new_op);
        match (old_body, new_body) {
            (Some((old, old_ptr)), Some((new, new_ptr))) => {
                self.schema(old, &old_ptr, new, &new_ptr, Direction::Response);
            }
            (Some(_), None) => {
                self.breaking(
                    location,
                    "the success response no longer has a JSON body".into(),
                );
            }
            _ => {}
        }
    }

    fn parameters(&mut self, old_op: &Operation<'a>, new_op: &Operation<'a>, location: &str) {
        let old = effective_parameters(self.old, old_op);
        let new = effective_parameters(self.new, new_op);
        for ((place, name), (old_param, old_ptr)) in &old {
            let Some((new_param, new_ptr)) = new.get(&(place.clone(), name.clone())) else {
                self.breaking(location, format!("{place} parameter `{name}` was removed"));
                continue;
            };
            if !is_required(old_param) && is_required(new_param) {
                self.breaking(
                    new_ptr.clone(),
                    format!("{place} parameter `{name}` became required"),
                );
            }
            if let (Some(old_schema), Some(new_schema)) =
                (old_param.get("schema"), new_param.get("schema"))
            {
                self.schema(
                    old_schema,
                    &join(old_ptr, "schema"),
                    new_schema,
                    &join(new_ptr, "schema"),
                    Direction::Request,
                );
            }
        }
        for ((place, name), (new_param, new_ptr)) in &new {
            if old.contains_key(&(place.clone(), name.clone())) {
                continue;
            }
            if is_required(new_param) {
                self.breaking(
                    new_ptr.clone(),
                    format!("new required {place} parameter `{name}`"),
                );
            } else {
                self.addition(
                    new_ptr.clone(),
                    format!("new optional {place} parameter `{name}`"),
                );
            }
        }
    }

    fn request_body(&mut self, old_op: &Operation<'a>, new_op: &Operation<'a>, location: &str) {
        let old = request_body(self.old, old_op);
        let new = request_body(self.new, new_op);
        match (old, new) {
            (Some(_), None) => self.breaking(location, "the request body was removed".into()),
            (None, Some((body, pointer))) => {
                if is_required(body) {
                    self.breaking(pointer, "a required request body was added".into());
                } else {
                    self.addition(pointer, "an optional request body was added".into());
                }
            }
            (Some((old_body, old_ptr)), Some((new_body, new_ptr))) => {
                if !is_required(old_body) && is_required(new_body) {
                    self.breaking(new_ptr.clone(), "the request body became required".into());
                }
                let schema = |body: &'a Value, pointer: &str| {
                    body.pointer("/content/application~1json/schema").map(|s| {
                        (
                            s,
                            join(
                                &join(&join(pointer, "content"), "application/json"),
                                "schema",
                            ),
                        )
                    })
                };
                if let (Some((old_schema, old_ptr)), Some((new_schema, new_ptr))) =
                    (schema(old_body, &old_ptr), schema(new_body, &new_ptr))
                {
                    self.schema(
                        old_schema,
                        &old_ptr,
                        new_schema,
                        &new_ptr,
                        Direction::Request,
                    );
                }
            }
            (None, None) => {}
        }
    }

    fn schema(
        &mut self,
        old: &'a Value,
        old_ptr: &str,
        new: &'a Value,
        new_ptr: &str,
        direction: Direction,
    ) {
        let (Some(old), Some(new)) = (
            Flat::of(self.old, old, old_ptr),
            Flat::of(self.new, new, new_ptr),
        ) else {
            return; // an unresolved $ref: the other rules report it
        };
        if !self
            .seen
            .insert((old.pointer.clone(), new.pointer.clone(), direction))
        {
            return;
        }
        let here = new.pointer.clone();
        if old.kind != new.kind && old.kind.is_some() {
            self.breaking(
                here.clone(),
                format!(
                    "the type changed from {} to {}",
                    old.kind.as_deref().unwrap_or("(any)"),
                    new.kind.as_deref().unwrap_or("(any)")
                ),
            );
            return;
        }
        if old.format != new.format {
            self.breaking(
                here.clone(),
                format!(
                    "the format changed from {} to {}",
                    old.format.as_deref().unwrap_or("(none)"),
                    new.format.as_deref().unwrap_or("(none)")
                ),
            );
        }
        if direction == Direction::Response && !old.nullable && new.nullable {
            self.breaking(here.clone(), "a response value became nullable".into());
        }
        self.enums(&old, &new, &here);
        self.properties(&old, &new, direction);
        for (old_child, new_child) in [(&old.items, &new.items), (&old.additional, &new.additional)]
        {
            if let (Some((o, op)), Some((n, np))) = (old_child, new_child) {
                self.schema(o, op, n, np, direction);
            }
        }
    }

    fn enums(&mut self, old: &Flat<'a>, new: &Flat<'a>, here: &str) {
        let (Some(old_values), Some(new_values)) = (old.values, new.values) else {
            return;
        };
        for value in old_values.iter().filter(|v| !new_values.contains(v)) {
            self.breaking(here, format!("enum value {value} was removed"));
        }
        for value in new_values.iter().filter(|v| !old_values.contains(v)) {
            self.addition(here, format!("new enum value {value}"));
        }
    }

    fn properties(&mut self, old: &Flat<'a>, new: &Flat<'a>, direction: Direction) {
        let side = match direction {
            Direction::Request => "request",
            Direction::Response => "response",
        };
        for (name, (old_prop, old_ptr)) in &old.properties {
            let Some((new_prop, new_ptr)) = new.properties.get(name) else {
                self.breaking(
                    old_ptr.clone(),
                    format!("{side} property `{name}` was removed"),
                );
                continue;
            };
            let (was, is) = (old.required.contains(name), new.required.contains(name));
            match direction {
                Direction::Request if !was && is => {
                    self.breaking(
                        new_ptr.clone(),
                        format!("request property `{name}` became required"),
                    );
                }
                Direction::Response if was && !is => self.breaking(
                    new_ptr.clone(),
                    format!("response property `{name}` became optional (left `required`)"),
                ),
                _ => {}
            }
            self.schema(old_prop, old_ptr, new_prop, new_ptr, direction);
        }
        for (name, (_, new_ptr)) in &new.properties {
            if old.properties.contains_key(name) {
                continue;
            }
            match direction {
                Direction::Request if new.required.contains(name) => {
                    self.breaking(
                        new_ptr.clone(),
                        format!("new required request property `{name}`"),
                    );
                }
                Direction::Request => {
                    self.addition(
                        new_ptr.clone(),
                        format!("new optional request property `{name}`"),
                    );
                }
                Direction::Response => {
                    self.addition(new_ptr.clone(), format!("new response property `{name}`"));
                }
            }
        }
    }
}

/// A schema with its `$ref` followed and its `allOf` members merged.
struct Flat<'a> {
    pointer: String,
    kind: Option<String>,
    format: Option<String>,
    nullable: bool,
    values: Option<&'a Vec<Value>>,
    properties: BTreeMap<String, (&'a Value, String)>,
    required: BTreeSet<String>,
    items: Option<(&'a Value, String)>,
    additional: Option<(&'a Value, String)>,
}

impl<'a> Flat<'a> {
    fn of(doc: &'a Value, schema: &'a Value, pointer: &str) -> Option<Flat<'a>> {
        let (schema, pointer) = follow(doc, schema, pointer)?;
        let text = |key: &str| schema.get(key).and_then(Value::as_str).map(str::to_string);
        let mut flat = Flat {
            kind: text("type"),
            format: text("format"),
            nullable: schema.get("nullable") == Some(&Value::Bool(true)),
            values: schema.get("enum").and_then(Value::as_array),
            properties: entries(schema.get("properties"))
                .map(|(name, property)| {
                    (
                        name.clone(),
                        (property, join(&join(&pointer, "properties"), name)),
                    )
                })
                .collect(),
            required: schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            items: schema
                .get("items")
                .map(|items| (items, join(&pointer, "items"))),
            additional: schema
                .get("additionalProperties")
                .filter(|a| a.is_object())
                .map(|a| (a, join(&pointer, "additionalProperties"))),
            pointer: pointer.clone(),
        };
        let members = schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for (i, member) in members.enumerate() {
            let Some(member) = Flat::of(doc, member, &format!("{pointer}/allOf/{i}")) else {
                continue;
            };
            flat.kind = flat.kind.or(member.kind);
            flat.format = flat.format.or(member.format);
            flat.nullable |= member.nullable;
            flat.values = flat.values.or(member.values);
            flat.items = flat.items.or(member.items);
            flat.additional = flat.additional.or(member.additional);
            for (name, property) in member.properties {
                flat.properties.entry(name).or_insert(property);
            }
            flat.required.extend(member.required);
        }
        if flat.kind.is_none() && !flat.properties.is_empty() {
            flat.kind = Some("object".into());
        }
        Some(flat)
    }
}

fn is_required(value: &Value) -> bool {
    value.get("required") == Some(&Value::Bool(true))
}

fn request_body<'a>(doc: &'a Value, op: &Operation<'a>) -> Option<(&'a Value, String)> {
    let body = op.operation.get("requestBody")?;
    follow(doc, body, &join(&op.pointer, "requestBody"))
}

/// The JSON schema of the (first) 2xx response.
fn success_schema<'a>(doc: &'a Value, op: &Operation<'a>) -> Option<(&'a Value, String)> {
    let responses = join(&op.pointer, "responses");
    let (status, response) =
        entries(op.operation.get("responses")).find(|(status, _)| status.starts_with('2'))?;
    let (response, pointer) = follow(doc, response, &join(&responses, status))?;
    let schema = response.pointer("/content/application~1json/schema")?;
    Some((
        schema,
        join(
            &join(&join(&pointer, "content"), "application/json"),
            "schema",
        ),
    ))
}

#[cfg(test)]
#[path = "breaking_tests.rs"]
mod tests;
