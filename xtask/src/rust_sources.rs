//! The SDK's Rust sources as check-spec reads them: the structs, enums, type
//! aliases and item macros of a source tree, by module path, and the `use`
//! declarations that re-export them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use syn::{Item, UseTree};

/// How many `use` hops a lookup follows before it gives up (a cycle).
const MAX_USE_CHAIN: usize = 8;

/// Every module of a source tree.
pub struct Sources {
    /// By module path: `crate`, `crate::events::records`.
    modules: BTreeMap<String, Module>,
}

struct Module {
    items: Vec<Item>,
    /// Imported name → the full path it stands for; `*` entries are globs.
    uses: Vec<(String, String)>,
}

/// What defines a type.
pub enum Definition<'a> {
    Struct(&'a syn::ItemStruct),
    Enum(&'a syn::ItemEnum),
    Alias(&'a syn::ItemType),
    /// An item macro whose input names the type: `open_enum! { pub enum X
    /// ... }`, `trigger!(X, ...)`. The string is the macro's name.
    Macro(String),
}

/// A type found in the sources.
pub struct Found<'a> {
    /// The module it is defined in.
    pub module: String,
    pub definition: Definition<'a>,
}

impl Sources {
    /// Reads and parses every `.rs` file under `root` (the crate's `src/`),
    /// leaving out `bin/`, which holds other crates.
    pub fn load(root: &Path) -> Result<Sources, String> {
        let mut files = Vec::new();
        collect_files(root, root, &mut files)?;
        let mut sources = Sources {
            modules: BTreeMap::new(),
        };
        for file in files {
            let relative = file.strip_prefix(root).unwrap_or(&file);
            let module = module_path(relative);
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let parsed = syn::parse_file(&text)
                .map_err(|e| format!("cannot parse {}: {e}", file.display()))?;
            sources.add(module, parsed.items);
        }
        Ok(sources)
    }

    fn add(&mut self, module: String, items: Vec<Item>) {
        let mut uses = Vec::new();
        let mut inline = Vec::new();
        for item in &items {
            match item {
                Item::Use(item) => flatten_use(&module, "", &item.tree, &mut uses),
                Item::Mod(item) => {
                    if let Some((_, content)) = &item.content {
                        inline.push((format!("{module}::{}", item.ident), content.clone()));
                    }
                }
                _ => {}
            }
        }
        for (path, content) in inline {
            self.add(path, content);
        }
        self.modules.insert(module, Module { items, uses });
    }

    /// The type a full path (`crate::model::Webhook`) names, following `use`
    /// re-exports.
    pub fn resolve(&self, path: &str) -> Option<Found<'_>> {
        let (module, name) = path.rsplit_once("::")?;
        self.find_in(module, name, 0)
    }

    /// The type `name` means inside `module`: defined there or imported.
    pub fn find_in(&self, module: &str, name: &str, depth: usize) -> Option<Found<'_>> {
        if depth > MAX_USE_CHAIN {
            return None;
        }
        let here = self.modules.get(module)?;
        if let Some(found) = define(module, here, name) {
            return Some(found);
        }
        for (imported, target) in &here.uses {
            if imported == name
                && let Some((target_module, target_name)) = target.rsplit_once("::")
                && let Some(found) = self.find_in(target_module, target_name, depth + 1)
            {
                return Some(found);
            }
        }
        here.uses
            .iter()
            .filter(|(imported, _)| imported == "*")
            .find_map(|(_, target)| self.find_in(target, name, depth + 1))
    }

    /// Every definition of `name` anywhere in the sources.
    pub fn by_name(&self, name: &str) -> Vec<Found<'_>> {
        self.modules
            .iter()
            .filter_map(|(path, module)| define(path, module, name))
            .collect()
    }
}

/// The definition of `name` among a module's own items; a struct, enum or
/// alias wins over a macro that mentions the name.
fn define<'a>(path: &str, module: &'a Module, name: &str) -> Option<Found<'a>> {
    let found = |definition| Found {
        module: path.to_string(),
        definition,
    };
    let item = module.items.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == name => Some(Definition::Struct(s)),
        Item::Enum(e) if e.ident == name => Some(Definition::Enum(e)),
        Item::Type(t) if t.ident == name => Some(Definition::Alias(t)),
        _ => None,
    });
    if let Some(item) = item {
        return Some(found(item));
    }
    module.items.iter().find_map(|item| match item {
        Item::Macro(m) if m.ident.is_none() && macro_defines(&m.mac.tokens, name) => {
            let macro_name = m.mac.path.segments.last()?.ident.to_string();
            Some(found(Definition::Macro(macro_name)))
        }
        _ => None,
    })
}

/// Whether an item macro's input names `name` as a type it defines: the
/// first token after any attributes of the input or of any of its
/// `;`-separated entries (`trigger!(/// doc\n Open, ...)`, a table
/// `triggers! { Open, ...; Click, ...; }`), or the name after a top-level
/// `struct`, `enum` or `type` (`open_enum! { pub enum WebhookStatus { ... } }`).
fn macro_defines(tokens: &proc_macro2::TokenStream, name: &str) -> bool {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let is_ident = |token: Option<&TokenTree>, text: &str| matches!(token, Some(TokenTree::Ident(ident)) if ident == text);
    let is_semicolon =
        |token: &TokenTree| matches!(token, TokenTree::Punct(p) if p.as_char() == ';');
    let names_first = |start: usize| {
        let mut first = start;
        while matches!(tokens.get(first), Some(TokenTree::Punct(p)) if p.as_char() == '#')
            && matches!(tokens.get(first + 1), Some(TokenTree::Group(_)))
        {
            first += 2;
        }
        is_ident(tokens.get(first), name)
    };
    names_first(0)
        || (0..tokens.len()).any(|i| is_semicolon(&tokens[i]) && names_first(i + 1))
        || tokens.windows(2).any(|pair| {
            ["struct", "enum", "type"]
                .iter()
                .any(|keyword| is_ident(Some(&pair[0]), keyword))
                && is_ident(Some(&pair[1]), name)
        })
}

/// The module path of a file relative to the source root: `lib.rs` is
/// `crate`, `a/mod.rs` and `a.rs` are `crate::a`, `a/b.rs` is `crate::a::b`.
fn module_path(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !["lib", "main", "mod"].contains(&stem) {
            parts.push(stem.to_string());
        }
    }
    std::iter::once("crate".to_string())
        .chain(parts)
        .collect::<Vec<_>>()
        .join("::")
}

fn collect_files(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path != root.join("bin") {
                collect_files(root, &path, files)?;
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

/// Flattens a `use` tree of `module` into (imported name, full path) pairs,
/// with `crate::`, `self::` and `super::` made absolute; other roots (extern
/// crates, or names relative to the module) are taken as relative.
fn flatten_use(module: &str, prefix: &str, tree: &UseTree, uses: &mut Vec<(String, String)>) {
    let join = |segment: &str| -> String {
        match (prefix, segment) {
            ("", "crate") => "crate".to_string(),
            ("", "self") => module.to_string(),
            ("", "super") => parent(module),
            ("", other) => format!("{module}::{other}"),
            (p, "super") => parent(p),
            (p, "self") => p.to_string(),
            (p, other) => format!("{p}::{other}"),
        }
    };
    match tree {
        UseTree::Path(path) => {
            flatten_use(module, &join(&path.ident.to_string()), &path.tree, uses)
        }
        UseTree::Name(name) => {
            let ident = name.ident.to_string();
            let imported = if ident == "self" {
                prefix.rsplit("::").next().unwrap_or(prefix).to_string()
            } else {
                ident.clone()
            };
            uses.push((imported, join(&ident)));
        }
        UseTree::Rename(rename) => {
            uses.push((rename.rename.to_string(), join(&rename.ident.to_string())));
        }
        UseTree::Glob(_) => uses.push(("*".to_string(), prefix.to_string())),
        UseTree::Group(group) => {
            for tree in &group.items {
                flatten_use(module, prefix, tree, uses);
            }
        }
    }
}

fn parent(module: &str) -> String {
    module
        .rsplit_once("::")
        .map_or_else(|| module.to_string(), |(parent, _)| parent.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(files: &[(&str, &str)]) -> Sources {
        let mut sources = Sources {
            modules: BTreeMap::new(),
        };
        for (path, text) in files {
            let items = syn::parse_file(text).unwrap().items;
            sources.add(module_path(Path::new(path)), items);
        }
        sources
    }

    fn kind(found: Option<Found<'_>>) -> Option<(String, String)> {
        let found = found?;
        let kind = match found.definition {
            Definition::Struct(_) => "struct".to_string(),
            Definition::Enum(_) => "enum".to_string(),
            Definition::Alias(_) => "alias".to_string(),
            Definition::Macro(name) => format!("{name}!"),
        };
        Some((found.module, kind))
    }

    #[test]
    fn module_paths_follow_the_file_layout() {
        assert_eq!(module_path(Path::new("lib.rs")), "crate");
        assert_eq!(module_path(Path::new("model.rs")), "crate::model");
        assert_eq!(module_path(Path::new("mock/mod.rs")), "crate::mock");
        assert_eq!(
            module_path(Path::new("events/records.rs")),
            "crate::events::records"
        );
    }

    #[test]
    fn types_are_found_through_re_exports_inline_modules_and_macros() {
        let sources = sources(&[
            ("lib.rs", "pub use model::{Webhook as Hook}; mod model;"),
            ("model.rs", "pub struct Webhook { id: i64 }"),
            (
                "events.rs",
                "mod records; pub use records::{Bounce, Spam as Complaint}; pub use values::*; \
                 mod values { open_enum! { #[doc = \"x\"] pub enum Platform { A = \"a\", } } }",
            ),
            (
                "events/records.rs",
                "pub struct Bounce; pub type Spam = Bounce; \
                 deserialize_keeping_extra!(Bounce, \"a bounce\");",
            ),
            (
                "triggers.rs",
                "use super::model::Webhook; trigger!(#[doc = \"x\"] Open, \"open\"); \
                 triggers! { pub struct Set; #[doc = \"y\"] Click, x; Delivery, y; }",
            ),
        ]);
        let at = |path: &str| kind(sources.resolve(path));
        let expect = |module: &str, kind: &str| Some((module.to_string(), kind.to_string()));
        assert_eq!(
            at("crate::model::Webhook"),
            expect("crate::model", "struct")
        );
        assert_eq!(at("crate::Hook"), expect("crate::model", "struct"));
        assert_eq!(
            at("crate::triggers::Webhook"),
            expect("crate::model", "struct")
        );
        assert_eq!(
            at("crate::events::Bounce"),
            expect("crate::events::records", "struct"),
            "the struct wins over the macro that implements its Deserialize"
        );
        assert_eq!(
            at("crate::events::Complaint"),
            expect("crate::events::records", "alias")
        );
        assert_eq!(
            at("crate::events::Platform"),
            expect("crate::events::values", "open_enum!")
        );
        assert_eq!(
            at("crate::triggers::Open"),
            expect("crate::triggers", "trigger!")
        );
        assert_eq!(
            at("crate::triggers::Click"),
            expect("crate::triggers", "triggers!"),
            "an entry of a table macro"
        );
        assert_eq!(
            at("crate::triggers::Delivery"),
            expect("crate::triggers", "triggers!")
        );
        assert_eq!(
            at("crate::triggers::Set"),
            expect("crate::triggers", "triggers!")
        );
        assert_eq!(at("crate::triggers::Close"), None);
        assert_eq!(at("crate::nowhere::Open"), None);
        assert_eq!(sources.by_name("Open").len(), 1);
    }
}
