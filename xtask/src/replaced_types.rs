//! [replaced-type]: each schema that `codegen/settings.rs` replaces with a
//! hand-written type (`REPLACED_SCHEMAS`) agrees with that type, property by
//! property, so that a change to the spec cannot silently skip the SDK.
//!
//! For every (schema, Rust path) pair the type is looked up in `src/`
//! (following `pub use`), parsed with syn, and compared with the schema:
//! - wire names: every property has a field whose serde name (`rename`, or
//!   the container's `rename_all`) is the property's name, and every serde
//!   field is a property; a `#[serde(flatten)]` field keeps unknown fields
//!   (reported as a note);
//! - required: a required property is no `Option` (unless the spec also
//!   says `nullable: true`) and is never skipped when serializing; an
//!   optional property decodes when missing (`Option` or `#[serde(default)]`);
//! - nullable: a `nullable: true` property (on itself or the schema it
//!   refers to) is an `Option` or decodes through `deserialize_with`
//!   (`null_as_default`); `#[serde(default)]` alone does not accept `null`;
//! - open values: a property with an `enum`, or described as `Open-ended`,
//!   maps to a type that keeps unknown values: `String`, an `open_enum!`, or
//!   an enum with an `Other(String)` variant (inside `Option`, `Vec` or a
//!   map's values);
//! - references: a property that refers to another replaced schema (or holds
//!   its items or map values) holds that schema's Rust type.
//!
//! Types the check cannot read field by field are listed below with a reason:
//! [`MACRO_DEFINED`] (the properties they model are listed, so a new property
//! in the spec still fails) and [`HAND_WRITTEN_SERDE`]. Disagreements that
//! are known and reported are listed in [`KNOWN_MISMATCHES`]: they print as
//! notes, and an entry that no longer matches a finding is an error.

use crate::document::{entries, follow, join, required};
use crate::findings::Finding;
use crate::rust_sources::{Definition, Found, Sources};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Lit, Meta, Token, Type};

const RULE: &str = "replaced-type";

/// How many `type` aliases in a row the check follows (a cycle otherwise).
const MAX_ALIASES: usize = 8;

/// Types defined by a macro that the check cannot expand: the schema, why,
/// and the properties the macro gives the type. The listed properties are
/// compared with the schema's, so a property added to the spec fails until
/// the type models it and the list says so.
const MACRO_DEFINED: &[(&str, &str, &[&str])] = &[
    ("Triggers", TRIGGER_SETS, TRIGGER_NAMES),
    ("WebhookTriggers", TRIGGER_SETS, TRIGGER_NAMES),
    (
        "OpenTrigger",
        TRIGGER_MACRO,
        &["Enabled", "PostFirstOpenOnly"],
    ),
    ("ClickTrigger", TRIGGER_MACRO, &["Enabled"]),
    ("DeliveryTrigger", TRIGGER_MACRO, &["Enabled"]),
    (
        "BounceTrigger",
        TRIGGER_MACRO,
        &["Enabled", "IncludeContent"],
    ),
    (
        "SpamComplaintTrigger",
        TRIGGER_MACRO,
        &["Enabled", "IncludeContent"],
    ),
    ("SubscriptionChangeTrigger", TRIGGER_MACRO, &["Enabled"]),
];

const TRIGGER_NAMES: &[&str] = &[
    "Open",
    "Click",
    "Delivery",
    "Bounce",
    "SpamComplaint",
    "SubscriptionChange",
];

const TRIGGER_MACRO: &str = "built by the `triggers!` table in src/triggers.rs: a required \
    `Enabled` and at most one optional flag, serialized only when set; the stored settings \
    (`OpenSettings`, ...) that `WebhookTriggers` holds come from the same table, with plain \
    `bool` flags that a missing key leaves `false`";

const TRIGGER_SETS: &str = "built by the `triggers!` table in src/triggers.rs: one field per \
    trigger of the table, named as the trigger";

/// Types whose `Deserialize` is written by hand (their fields' serde
/// attributes serve the derived `Serialize` and are checked as usual): the
/// schema, why, and the properties that the enclosing type reads instead of a
/// field.
const HAND_WRITTEN_SERDE: &[(&str, &str, &[&str])] = &[
    ("BounceEvent", EVENT_DECODER, &["RecordType"]),
    ("SpamComplaintEvent", EVENT_DECODER, &["RecordType"]),
    ("DeliveryEvent", EVENT_DECODER, &["RecordType"]),
    ("OpenEvent", EVENT_DECODER, &["RecordType"]),
    ("ClickEvent", EVENT_DECODER, &["RecordType"]),
    ("SubscriptionChangeEvent", EVENT_DECODER, &["RecordType"]),
    ("Software", EVENT_DECODER, &[]),
    ("Geo", EVENT_DECODER, &[]),
];

const EVENT_DECODER: &str = "decoded by `deserialize_keeping_extra!` in src/events/records.rs, \
    which keeps unknown fields and rejects a key given twice; `RecordType` is read by \
    `WebhookEvent`, which picks the type";

/// Disagreements between the spec and `src/` that are known and reported but
/// not yet fixed: the schema, the properties (a finding about a field that
/// the schema lacks counts as one about the property of its wire name), and
/// why. Their findings print as notes; anything else about the same schema
/// still fails.
const KNOWN_MISMATCHES: &[(&str, &[&str], &str)] =
    &[("HttpAuth", &["Username", "Password"], HTTP_AUTH)];

const HTTP_AUTH: &str = "`HttpAuth` decodes strictly (both halves required, no `null`), for \
    requests and configuration files; `Webhook` reads Postmark's answers through \
    `HttpAuth::deserialize_lenient`, which accepts what the schema allows";

/// Checks every replaced schema of `doc` against its type under `src`.
pub fn check(doc: &Value, replaced: &[(&str, &str)], src: &Path) -> Vec<Finding> {
    let sources = match Sources::load(src) {
        Ok(sources) => sources,
        Err(message) => {
            return vec![Finding::error(
                RULE,
                src.display().to_string(),
                format!("{message}; the replaced types cannot be checked until it parses"),
            )];
        }
    };
    let mut findings = Vec::new();
    let mut known_used = BTreeSet::new();
    for (schema_name, rust_path) in replaced {
        let mut found = Vec::new();
        Check {
            doc,
            sources: &sources,
            schema_name,
            rust_path,
            replaced,
            findings: &mut found,
        }
        .run();
        for finding in found {
            findings.push(match known(schema_name, &finding) {
                Some((key, why)) if finding.severity == crate::findings::Severity::Error => {
                    known_used.insert(key);
                    Finding::note(
                        RULE,
                        finding.location,
                        format!("{} (known mismatch: {why})", finding.message),
                    )
                }
                _ => finding,
            });
        }
    }
    for (schema, properties, _) in KNOWN_MISMATCHES {
        for property in *properties {
            if !known_used.contains(&(*schema, *property)) {
                findings.push(Finding::error(
                    RULE,
                    property_pointer(schema, property),
                    format!(
                        "KNOWN_MISMATCHES lists components/schemas/{schema} property \
                         {property}, which now agrees with its Rust type (or is no longer \
                         replaced); remove it from the list in xtask/src/replaced_types.rs"
                    ),
                ));
            }
        }
    }
    findings
}

fn property_pointer(schema: &str, property: &str) -> String {
    join(
        &join(&format!("/components/schemas/{schema}"), "properties"),
        property,
    )
}

/// The [`KNOWN_MISMATCHES`] entry that covers a finding: its (schema,
/// property) and why.
fn known(schema: &str, finding: &Finding) -> Option<((&'static str, &'static str), &'static str)> {
    KNOWN_MISMATCHES
        .iter()
        .filter(|(s, _, _)| *s == schema)
        .find_map(|(s, properties, why)| {
            let property = properties
                .iter()
                .find(|p| finding.location == property_pointer(s, p))?;
            Some(((*s, *property), *why))
        })
}

/// One schema and its replacement.
struct Check<'a> {
    doc: &'a Value,
    sources: &'a Sources,
    schema_name: &'a str,
    rust_path: &'a str,
    /// Every replaced schema, for properties that refer to one.
    replaced: &'a [(&'a str, &'a str)],
    findings: &'a mut Vec<Finding>,
}

impl<'a> Check<'a> {
    fn pointer(&self) -> String {
        format!("/components/schemas/{}", self.schema_name)
    }

    fn property_pointer(&self, property: &str) -> String {
        property_pointer(self.schema_name, property)
    }

    fn error(&mut self, location: String, message: String) {
        self.findings.push(Finding::error(RULE, location, message));
    }

    fn run(&mut self) {
        let pointer = self.pointer();
        let Some(schema) = self.doc.pointer(&pointer) else {
            self.error(
                pointer,
                format!(
                    "codegen/settings.rs replaces schema {} with {}, but the spec has no such \
                     schema; remove it from REPLACED_SCHEMAS",
                    self.schema_name, self.rust_path
                ),
            );
            return;
        };
        let Some(found) = self.find_type() else {
            return;
        };
        let Some(found) = self.through_aliases(schema, found) else {
            return;
        };
        match &found.definition {
            Definition::Struct(item) => self.compare_struct(schema, &found, item),
            Definition::Macro(name) => self.compare_macro(schema, name),
            Definition::Enum(_) | Definition::Alias(_) => self.error(
                pointer,
                format!(
                    "{} is not a struct, so the check cannot compare it with the object schema \
                     {}; write it as a struct with serde attributes",
                    self.rust_path, self.schema_name
                ),
            ),
        }
    }

    /// The type `rust_path` names: by its path, else the one item of that
    /// name anywhere in the sources.
    fn find_type(&mut self) -> Option<Found<'a>> {
        let sources = self.sources;
        if let Some(found) = sources.resolve(self.rust_path) {
            return Some(found);
        }
        let name = self.rust_path.rsplit("::").next().unwrap_or(self.rust_path);
        let mut candidates = sources.by_name(name);
        if candidates.len() == 1 {
            return candidates.pop();
        }
        let (pointer, schema, path) = (self.pointer(), self.schema_name, self.rust_path);
        let why = if candidates.is_empty() {
            "no struct, enum, alias or macro defines it under src/".to_string()
        } else {
            let modules: Vec<String> = candidates.iter().map(|c| c.module.clone()).collect();
            format!(
                "it is not at that path, and {} define a {name}",
                modules.join(", ")
            )
        };
        self.findings.push(Finding::error(
            RULE,
            pointer,
            format!(
                "components/schemas/{schema} is replaced by {path}, but {why}; fix the path in \
                 codegen/settings.rs"
            ),
        ));
        None
    }

    /// Follows `type X = Y;` to `Y`; a map alias is compared as a map and
    /// ends the check of the schema.
    fn through_aliases(&mut self, schema: &Value, mut found: Found<'a>) -> Option<Found<'a>> {
        let sources = self.sources;
        for _ in 0..MAX_ALIASES {
            let Definition::Alias(alias) = &found.definition else {
                return Some(found);
            };
            if is_map(&alias.ty) {
                self.compare_map(schema);
                return None;
            }
            found = match leaf_ident(&alias.ty, false)
                .and_then(|target| sources.find_in(&found.module, &target, 0))
            {
                Some(next) => next,
                None => break,
            };
        }
        let (pointer, path) = (self.pointer(), self.rust_path);
        self.error(
            pointer,
            format!(
                "{path} is an alias that does not lead to a struct the check can find under \
                 src/; name the struct itself in codegen/settings.rs"
            ),
        );
        None
    }

    /// A map type keeps every property as an entry: fine for a schema with
    /// no properties of its own.
    fn compare_map(&mut self, schema: &Value) {
        let pointer = self.pointer();
        if entries(schema.get("properties")).next().is_some() {
            let (name, path) = (self.schema_name, self.rust_path);
            self.error(
                pointer,
                format!(
                    "components/schemas/{name} has properties, but {path} is a map without \
                     fields; model them as a struct"
                ),
            );
        } else {
            self.findings.push(Finding::note(
                RULE,
                pointer,
                format!("{} is a map: keeps unknown fields", self.rust_path),
            ));
        }
    }

    fn compare_macro(&mut self, schema: &Value, macro_name: &str) {
        let pointer = self.pointer();
        let (name, path) = (self.schema_name, self.rust_path);
        let Some((_, _, listed)) = MACRO_DEFINED.iter().find(|(s, _, _)| *s == name) else {
            self.error(
                pointer,
                format!(
                    "{path} is defined by the macro `{macro_name}!`, whose fields the check \
                     cannot read; write it as a plain struct, or list components/schemas/{name} \
                     in MACRO_DEFINED (xtask/src/replaced_types.rs) with why and the properties \
                     it models"
                ),
            );
            return;
        };
        let properties: BTreeSet<&str> = entries(schema.get("properties"))
            .map(|(p, _)| p.as_str())
            .collect();
        let listed: BTreeSet<&str> = listed.iter().copied().collect();
        for property in properties.difference(&listed) {
            self.error(
                self.property_pointer(property),
                format!(
                    "components/schemas/{name}: property {property} has no field in {path} \
                     (built by `{macro_name}!`); model it, then add it to the type's \
                     MACRO_DEFINED entry"
                ),
            );
        }
        for property in listed.difference(&properties) {
            self.error(
                self.property_pointer(property),
                format!(
                    "components/schemas/{name} has no property {property}, which MACRO_DEFINED \
                     says {path} models; remove the field, or add the property to the spec"
                ),
            );
        }
    }

    fn compare_struct(&mut self, schema: &Value, found: &Found<'_>, item: &syn::ItemStruct) {
        let (name, path) = (self.schema_name, self.rust_path);
        let pointer = self.pointer();
        let container = serde_attrs(&item.attrs);
        let derives = derives(&item.attrs);
        let hand_written = HAND_WRITTEN_SERDE.iter().find(|(s, _, _)| *s == name);
        let derived = derives.contains("Serialize") && derives.contains("Deserialize");
        if !derived && hand_written.is_none() {
            self.error(
                pointer.clone(),
                format!(
                    "{path} does not derive both Serialize and Deserialize, so its serde \
                     attributes may not be what goes over the wire; derive them, or list \
                     components/schemas/{name} in HAND_WRITTEN_SERDE (xtask/src/replaced_types.rs) \
                     with why"
                ),
            );
        }
        let read_elsewhere: &[&str] = hand_written.map_or(&[], |(_, _, tags)| tags);
        let syn::Fields::Named(named) = &item.fields else {
            self.error(
                pointer,
                format!("{path} has no named fields to compare with the schema's properties"),
            );
            return;
        };
        let fields: Vec<Field> = named
            .named
            .iter()
            .filter_map(|f| Field::new(f, &container))
            .collect();
        let required = required(schema);
        for (property, value) in entries(schema.get("properties")) {
            let here = self.property_pointer(property);
            let Some(field) = fields.iter().find(|f| !f.flatten && f.wire == *property) else {
                if !read_elsewhere.contains(&property.as_str()) {
                    self.error(
                        here,
                        format!(
                            "components/schemas/{name}: property {property} has no field in \
                             {path}; add one with #[serde(rename = \"{property}\")], or let \
                             progenitor generate the type"
                        ),
                    );
                }
                continue;
            };
            let facts = PropertyFacts::new(self.doc, value, &here);
            self.compare_field(
                property,
                field,
                &facts,
                required.contains(property.as_str()),
            );
            if facts.open_values {
                self.open_values(property, field, found);
            }
            self.referred_type(property, value, field, found);
        }
        for field in &fields {
            let known = entries(schema.get("properties")).any(|(p, _)| *p == field.wire);
            if field.flatten {
                self.findings.push(Finding::note(
                    RULE,
                    pointer.clone(),
                    format!("{path} keeps unknown fields in `{}`", field.ident),
                ));
            } else if !known {
                self.error(
                    self.property_pointer(&field.wire),
                    format!(
                        "components/schemas/{name} has no property {wire}, but field `{ident}` \
                         of {path} goes over the wire as {wire}; fix the field's rename, or add \
                         the property to the spec",
                        wire = field.wire,
                        ident = field.ident,
                    ),
                );
            }
        }
    }

    fn compare_field(
        &mut self,
        property: &str,
        field: &Field,
        facts: &PropertyFacts,
        required: bool,
    ) {
        let (name, path) = (self.schema_name, self.rust_path);
        let here = self.property_pointer(property);
        let ident = &field.ident;
        let at = format!("components/schemas/{name}: property {property}");
        if required && field.option && !facts.nullable {
            self.error(
                here.clone(),
                format!(
                    "{at} is required and not nullable, but `{ident}` of {path} is an Option; \
                     make the field non-optional (or, if Postmark leaves it out, drop it from \
                     `required` in the spec)"
                ),
            );
        }
        if required && field.skip_serializing_if {
            self.error(
                here.clone(),
                format!(
                    "{at} is required, but `{ident}` of {path} is left out when serializing \
                     (skip_serializing_if); always serialize it"
                ),
            );
        }
        if !required && !field.option && !field.default {
            self.error(
                here.clone(),
                format!(
                    "{at} is optional, but `{ident}` of {path} is neither an Option nor \
                     #[serde(default)], so an answer without it fails to decode; make it an \
                     Option or add #[serde(default)]"
                ),
            );
        }
        if facts.nullable && !field.option && !field.deserialize_with {
            self.error(
                here,
                format!(
                    "{at} is nullable, but `{ident}` of {path} is neither an Option nor decoded \
                     through deserialize_with, so a null fails to decode (#[serde(default)] only \
                     covers a missing key); make it an Option or add deserialize_with = \
                     \"null_as_default\""
                ),
            );
        }
    }

    /// A property that refers to (or holds items or map values of) a
    /// replaced schema holds that schema's Rust type.
    fn referred_type(&mut self, property: &str, value: &Value, field: &Field, found: &Found<'_>) {
        let reference = [
            Some(value),
            value.get("items"),
            value.get("additionalProperties"),
        ]
        .into_iter()
        .flatten()
        .find_map(|v| v.get("$ref").and_then(Value::as_str));
        let Some(referred) = reference.and_then(|r| r.strip_prefix("#/components/schemas/")) else {
            return;
        };
        let Some((_, expected)) = self.replaced.iter().find(|(s, _)| *s == referred) else {
            return;
        };
        let Some(leaf) = leaf_ident(&field.ty, true) else {
            return;
        };
        let expected_name = expected.rsplit("::").next().unwrap_or(expected);
        let actual = self
            .sources
            .find_in(&found.module, &leaf, 0)
            .map(|f| f.module);
        let wanted = self.sources.resolve(expected).map(|f| f.module);
        if leaf == expected_name && actual == wanted {
            return;
        }
        let actual = actual.map_or(leaf.clone(), |module| format!("{module}::{leaf}"));
        let (name, path) = (self.schema_name, self.rust_path);
        self.error(
            self.property_pointer(property),
            format!(
                "components/schemas/{name}: property {property} refers to schema {referred}, \
                 whose Rust type is {expected}, but `{ident}` of {path} holds {actual}; use \
                 {expected}, or give {actual} a schema of its own",
                ident = field.ident,
            ),
        );
    }

    /// A property whose values are open-ended maps to a type that keeps
    /// unknown values.
    fn open_values(&mut self, property: &str, field: &Field, found: &Found<'_>) {
        let (name, path) = (self.schema_name, self.rust_path);
        let here = self.property_pointer(property);
        let Some(leaf) = leaf_ident(&field.ty, true) else {
            return;
        };
        if ["String", "str", "Value"].contains(&leaf.as_str()) {
            return;
        }
        let primitive = leaf.starts_with(['i', 'u', 'f']) && leaf[1..].parse::<u8>().is_ok()
            || ["bool", "isize", "usize", "char"].contains(&leaf.as_str());
        let problem = match self.sources.find_in(&found.module, &leaf, 0) {
            _ if primitive => format!("{leaf}, which is no string type"),
            Some(Found {
                definition: Definition::Macro(m),
                ..
            }) if m == "open_enum" => return,
            Some(Found {
                definition: Definition::Enum(e),
                ..
            }) => {
                if e.variants.iter().any(is_other_string) {
                    return;
                }
                format!("the closed enum {leaf}, which fails to decode a value it does not list")
            }
            Some(_) => format!("{leaf}, which is no string type"),
            None => format!("{leaf}, which the check cannot find under src/"),
        };
        self.error(
            here,
            format!(
                "components/schemas/{name}: property {property} takes open-ended values (an \
                 `enum`, or `Open-ended` in its description), but `{ident}` of {path} is \
                 {problem}; use `open_enum!` (src/events/values.rs) or String",
                ident = field.ident,
            ),
        );
    }
}

/// What the spec says about one property, looking through its `$ref`.
struct PropertyFacts {
    nullable: bool,
    /// String values with an `enum`, or `Open-ended` in a description, on
    /// the property, the schema it refers to, or its items or map values.
    open_values: bool,
}

impl PropertyFacts {
    fn new(doc: &Value, property: &Value, pointer: &str) -> Self {
        let target = follow(doc, property, pointer).map(|(t, _)| t);
        let levels: Vec<&Value> = std::iter::once(property).chain(target).collect();
        let nullable = levels
            .iter()
            .any(|s| s.get("nullable") == Some(&Value::Bool(true)));
        // The schema of the values themselves: through `items` or
        // `additionalProperties`, following `$ref`s.
        let mut values = levels.clone();
        let mut leaf = target.unwrap_or(property);
        for key in ["items", "additionalProperties"] {
            if let Some(inner) = leaf.get(key).filter(|v| v.is_object()) {
                values.push(inner);
                leaf = follow(doc, inner, pointer).map_or(inner, |(t, _)| t);
                values.push(leaf);
            }
        }
        let strings = leaf.get("type").and_then(Value::as_str) == Some("string")
            || leaf.get("enum").is_some();
        let marked = values.iter().any(|s| {
            s.get("enum").is_some()
                || s.get("description")
                    .and_then(Value::as_str)
                    .is_some_and(|d| d.to_ascii_lowercase().contains("open-ended"))
        });
        PropertyFacts {
            nullable,
            open_values: strings && marked,
        }
    }
}

/// One serde field of a struct.
struct Field {
    ident: String,
    /// The name on the wire.
    wire: String,
    ty: Type,
    option: bool,
    /// `default` on the field or the container.
    default: bool,
    deserialize_with: bool,
    skip_serializing_if: bool,
    flatten: bool,
}

impl Field {
    /// `None` for a field serde skips.
    fn new(field: &syn::Field, container: &SerdeAttrs) -> Option<Field> {
        let attrs = serde_attrs(&field.attrs);
        if attrs.skip {
            return None;
        }
        let ident = field.ident.as_ref()?.to_string();
        let wire = attrs.rename.clone().unwrap_or_else(|| {
            container
                .rename_all
                .as_deref()
                .map_or_else(|| ident.clone(), |case| rename_all(&ident, case))
        });
        Some(Field {
            wire,
            option: leaf_ident(&field.ty, false).as_deref() == Some("Option"),
            ty: field.ty.clone(),
            default: attrs.default || container.default,
            deserialize_with: attrs.deserialize_with,
            skip_serializing_if: attrs.skip_serializing_if,
            flatten: attrs.flatten,
            ident,
        })
    }
}

/// The serde attributes the check reads, of a field or a container.
#[derive(Default)]
struct SerdeAttrs {
    rename: Option<String>,
    rename_all: Option<String>,
    default: bool,
    deserialize_with: bool,
    skip_serializing_if: bool,
    flatten: bool,
    skip: bool,
}

fn serde_attrs(attrs: &[Attribute]) -> SerdeAttrs {
    let mut found = SerdeAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let Ok(metas) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        else {
            continue;
        };
        for meta in metas {
            let key = meta
                .path()
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let value = match &meta {
                Meta::NameValue(nv) => string_literal(&nv.value),
                _ => None,
            };
            match key.as_str() {
                "rename" => found.rename = value,
                "rename_all" => found.rename_all = value,
                "default" => found.default = true,
                "deserialize_with" | "with" => found.deserialize_with = true,
                "skip_serializing_if" => found.skip_serializing_if = true,
                "flatten" => found.flatten = true,
                "skip" => found.skip = true,
                _ => {}
            }
        }
    }
    found
}

fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

/// The last segment of every path in `#[derive(...)]`.
fn derives(attrs: &[Attribute]) -> BTreeSet<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .filter_map(|p| Some(p.segments.last()?.ident.to_string()))
        .collect()
}

/// serde's `rename_all` applied to a snake_case field name.
fn rename_all(ident: &str, case: &str) -> String {
    let words: Vec<&str> = ident.split('_').filter(|w| !w.is_empty()).collect();
    let capitalized = |w: &&str| {
        let mut chars = w.chars();
        chars
            .next()
            .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    };
    match case {
        "PascalCase" => words.iter().map(capitalized).collect(),
        "camelCase" => words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    w.to_string()
                } else {
                    capitalized(w)
                }
            })
            .collect(),
        "lowercase" => ident.to_ascii_lowercase(),
        "UPPERCASE" => ident.to_ascii_uppercase(),
        "SCREAMING_SNAKE_CASE" => ident.to_ascii_uppercase(),
        "kebab-case" => ident.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => ident.replace('_', "-").to_ascii_uppercase(),
        _ => ident.to_string(),
    }
}

fn is_map(ty: &Type) -> bool {
    leaf_ident(ty, false)
        .is_some_and(|n| ["Map", "BTreeMap", "HashMap", "IndexMap"].contains(&n.as_str()))
}

/// The name of a type (`Option` for `Option<String>`), or with
/// `through_containers` the name of the type its values end up in, through
/// `Option`, `Vec`, `Box` and a map's value type (`String`).
fn leaf_ident(ty: &Type, through_containers: bool) -> Option<String> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let name = last.ident.to_string();
    let containers = [
        "Option", "Vec", "Box", "Map", "BTreeMap", "HashMap", "IndexMap",
    ];
    let inner = match &last.arguments {
        syn::PathArguments::AngleBracketed(args) if through_containers => {
            args.args.iter().rev().find_map(|arg| match arg {
                syn::GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
        }
        _ => None,
    };
    match inner {
        Some(inner) if containers.contains(&name.as_str()) => leaf_ident(inner, true),
        _ => Some(name),
    }
}

/// `Other(String)`: the variant that keeps an unknown value.
fn is_other_string(variant: &syn::Variant) -> bool {
    let syn::Fields::Unnamed(fields) = &variant.fields else {
        return false;
    };
    variant.ident == "Other"
        && fields.unnamed.len() == 1
        && leaf_ident(&fields.unnamed[0].ty, false).as_deref() == Some("String")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Runs the rule on `schemas` against one source file `lib.rs`.
    fn run(name: &str, schemas: Value, replaced: &[(&str, &str)], lib: &str) -> Vec<Finding> {
        let dir =
            std::env::temp_dir().join(format!("xtask-replaced-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("lib.rs"), lib).unwrap();
        let doc = json!({"components": {"schemas": schemas}});
        let findings = check(&doc, replaced, &dir);
        std::fs::remove_dir_all(&dir).unwrap();
        findings
    }

    /// The errors, as (location, message), without the stale-entry errors
    /// that every run without the real schemas has.
    fn errors(findings: &[Finding]) -> Vec<(String, String)> {
        findings
            .iter()
            .filter(|f| f.severity == crate::findings::Severity::Error)
            .filter(|f| !f.message.starts_with("KNOWN_MISMATCHES lists"))
            .map(|f| (f.location.clone(), f.message.clone()))
            .collect()
    }

    const THING: (&str, &str) = ("Thing", "crate::Thing");

    #[test]
    fn rename_all_applies_serde_cases() {
        assert_eq!(rename_all("spam_complaint", "PascalCase"), "SpamComplaint");
        assert_eq!(
            rename_all("post_first_open_only", "camelCase"),
            "postFirstOpenOnly"
        );
        assert_eq!(
            rename_all("message_id", "SCREAMING_SNAKE_CASE"),
            "MESSAGE_ID"
        );
        assert_eq!(rename_all("message_id", "kebab-case"), "message-id");
    }

    #[test]
    fn a_known_mismatch_that_no_longer_occurs_is_an_error() {
        let findings = run("stale", json!({}), &[], "");
        let stale: Vec<&str> = findings
            .iter()
            .filter(|f| f.severity == crate::findings::Severity::Error)
            .map(|f| f.location.as_str())
            .collect();
        let listed: Vec<String> = KNOWN_MISMATCHES
            .iter()
            .flat_map(|(schema, properties, _)| {
                properties.iter().map(|p| property_pointer(schema, p))
            })
            .collect();
        assert_eq!(stale, listed);
        assert_eq!(
            findings[0].message,
            "KNOWN_MISMATCHES lists components/schemas/HttpAuth property Username, which now \
             agrees with its Rust type (or is no longer replaced); remove it from the list in \
             xtask/src/replaced_types.rs"
        );
    }

    #[test]
    fn rename_all_default_and_null_tolerant_fields_pass() {
        let schemas = json!({"Thing": {
            "type": "object",
            "required": ["MessageStream"],
            "properties": {
                "MessageStream": {"type": "string"},
                "Headers": {"type": "array", "nullable": true, "items": {"type": "string"}},
                "Tag": {"type": "string", "nullable": true},
                "Kinds": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Kind"}}
            }
        }, "Kind": {"type": "string", "description": "Open-ended; known values: `A`."}});
        let lib = r#"
            #[derive(Serialize, Deserialize)]
            #[serde(rename_all = "PascalCase")]
            pub struct Thing {
                pub message_stream: String,
                #[serde(default, deserialize_with = "null_as_default")]
                pub headers: Vec<String>,
                #[serde(default)]
                pub tag: Option<String>,
                #[serde(default)]
                pub kinds: BTreeMap<String, Kind>,
                #[serde(skip)]
                pub cache: u8,
                #[serde(flatten)]
                pub other: Map<String, Value>,
            }
            pub enum Kind { A, Other(String) }
        "#;
        let findings = run("pass", schemas, &[THING], lib);
        assert_eq!(errors(&findings), Vec::new());
        assert!(
            findings
                .iter()
                .any(|f| f.severity == crate::findings::Severity::Note
                    && f.message == "crate::Thing keeps unknown fields in `other`")
        );
    }

    #[test]
    fn default_alone_does_not_make_a_nullable_property_decode_null() {
        let schemas = json!({"Thing": {"type": "object", "properties": {
            "Headers": {"type": "array", "nullable": true, "items": {"type": "string"}},
            "Count": {"type": "integer"}
        }}});
        let lib = r#"
            #[derive(Serialize, Deserialize)]
            pub struct Thing {
                #[serde(rename = "Headers", default)]
                pub headers: Vec<String>,
                #[serde(rename = "Count")]
                pub count: i64,
            }
        "#;
        let errors = errors(&run("nullable", schemas, &[THING], lib));
        let locations: Vec<&str> = errors.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            locations,
            [
                "/components/schemas/Thing/properties/Count",
                "/components/schemas/Thing/properties/Headers"
            ],
            "{errors:#?}"
        );
        assert!(
            errors[1]
                .1
                .contains("is nullable, but `headers` of crate::Thing")
        );
        assert!(
            errors[0]
                .1
                .contains("is optional, but `count` of crate::Thing")
        );
    }

    #[test]
    fn unreadable_types_must_be_listed_with_a_reason() {
        let schemas = json!({
            "Thing": {"type": "object", "properties": {"A": {"type": "string"}}},
            "Made": {"type": "object", "properties": {"A": {"type": "string"}}}
        });
        let lib = r#"
            #[derive(Serialize)]
            pub struct Thing { #[serde(rename = "A")] pub a: Option<String> }
            impl<'de> Deserialize<'de> for Thing { }
            make!(Made, "a");
        "#;
        let errors = errors(&run(
            "unreadable",
            schemas,
            &[THING, ("Made", "crate::Made"), ("Gone", "crate::Gone")],
            lib,
        ));
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(
            errors[0]
                .1
                .starts_with("crate::Thing does not derive both Serialize and Deserialize")
        );
        assert!(errors[1].1.starts_with(
            "crate::Made is defined by the macro `make!`, whose fields the check cannot read"
        ));
        assert_eq!(errors[2].0, "/components/schemas/Gone");
        assert!(errors[2].1.contains("the spec has no such schema"));
    }

    #[test]
    fn a_type_missing_from_the_sources_is_named() {
        let schemas = json!({"Thing": {"type": "object"}});
        let errors = errors(&run("missing", schemas, &[THING], "pub struct Other;"));
        assert_eq!(
            errors,
            [(
                "/components/schemas/Thing".to_string(),
                "components/schemas/Thing is replaced by crate::Thing, but no struct, enum, \
                 alias or macro defines it under src/; fix the path in codegen/settings.rs"
                    .to_string()
            )]
        );
    }

    #[test]
    fn a_reference_to_a_replaced_schema_holds_its_rust_type() {
        let schemas = json!({
            "Thing": {"type": "object", "properties": {
                "Good": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
                "Bad": {"$ref": "#/components/schemas/Part"}
            }},
            "Part": {"type": "object"}
        });
        let lib = r#"
            #[derive(Serialize, Deserialize)]
            #[serde(rename_all = "PascalCase")]
            pub struct Thing {
                #[serde(default)]
                pub good: Vec<parts::Part>,
                #[serde(default)]
                pub bad: Option<Piece>,
            }
            pub struct Piece;
            pub mod parts {
                #[derive(Serialize, Deserialize)]
                pub struct Part {}
            }
            pub use parts::Part;
        "#;
        let errors = errors(&run(
            "reference",
            schemas,
            &[THING, ("Part", "crate::parts::Part")],
            lib,
        ));
        assert_eq!(
            errors,
            [(
                "/components/schemas/Thing/properties/Bad".to_string(),
                "components/schemas/Thing: property Bad refers to schema Part, whose Rust type is \
                 crate::parts::Part, but `bad` of crate::Thing holds crate::Piece; use \
                 crate::parts::Part, or give crate::Piece a schema of its own"
                    .to_string()
            )]
        );
    }
}
