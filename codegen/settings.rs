// The one set of progenitor settings for this crate's generated client.
//
// `build.rs` (with the `codegen` feature) and `cargo xtask` both `include!`
// this file, after `codegen/stamp.rs`, so the code that is checked in and the
// code that is checked come from the same settings.

/// The spec, relative to the crate root.
const SPEC_PATH: &str = "spec/postmark-webhooks.yaml";

/// Schemas whose Rust types are written by hand (in `src/`), because they need
/// more than a derive can give: redacted `Debug`, lenient decoding, builders,
/// open-ended enums.
/// The generated client uses these types directly.
const REPLACED_SCHEMAS: &[(&str, &str)] = &[
    ("Webhook", "crate::model::Webhook"),
    // One body for create and edit, built once per call and shared by its
    // attempts.
    ("CreateWebhookRequest", "crate::webhooks::body::Shared"),
    ("EditWebhookRequest", "crate::webhooks::body::Shared"),
    // The server's hook URLs: a `Debug` that hides URL credentials; the
    // edit body is built once per call and shared by its attempts.
    ("EditServerRequest", "crate::server::SharedEdit"),
    ("HttpAuth", "crate::model::HttpAuth"),
    // A server of the account: its API tokens are secrets, hidden in `Debug`.
    ("Server", "crate::servers::Server"),
    ("HttpHeader", "crate::model::HttpHeader"),
    ("WebhookTriggers", "crate::triggers::WebhookTriggers"),
    ("Triggers", "crate::triggers::Triggers"),
    ("OpenTrigger", "crate::triggers::Open"),
    ("ClickTrigger", "crate::triggers::Click"),
    ("DeliveryTrigger", "crate::triggers::Delivery"),
    ("BounceTrigger", "crate::triggers::Bounce"),
    ("SpamComplaintTrigger", "crate::triggers::SpamComplaint"),
    (
        "SubscriptionChangeTrigger",
        "crate::triggers::SubscriptionChange",
    ),
    // The newer verify and statistics answers: lenient decoding (every field
    // optional, `null` as empty), open-ended names, and a `Debug` that hides
    // URL credentials.
    (
        "VerifyWebhookResponse",
        "crate::verification::WebhookVerification",
    ),
    (
        "TriggerVerification",
        "crate::verification::TriggerVerification",
    ),
    ("WebhookStatistics", "crate::statistics::WebhookStatistics"),
    ("StatisticsTimeRange", "crate::statistics::TimeRange"),
    ("WebhookMetrics", "crate::statistics::WebhookMetrics"),
    // What Postmark POSTs to a receiver (`x-webhook-events` in the spec): no
    // operation uses them, and the hand-written types keep unknown record
    // types, enum values and fields.
    ("BounceEvent", "crate::events::BounceEvent"),
    ("SpamComplaintEvent", "crate::events::SpamComplaintEvent"),
    ("DeliveryEvent", "crate::events::DeliveryEvent"),
    ("OpenEvent", "crate::events::OpenEvent"),
    ("ClickEvent", "crate::events::ClickEvent"),
    (
        "SubscriptionChangeEvent",
        "crate::events::SubscriptionChangeEvent",
    ),
    ("Software", "crate::events::Software"),
    ("Geo", "crate::events::Geo"),
    ("EventMetadata", "crate::events::Metadata"),
    // What Postmark POSTs to a server's `InboundHookUrl` (`x-inbound-webhook`
    // in the spec): no operation uses them, and the hand-written types keep
    // unknown fields, read `Date` where they can and decode attachments.
    ("InboundMessage", "crate::inbound::InboundMessage"),
    ("InboundAddress", "crate::inbound::Address"),
    ("InboundHeader", "crate::inbound::Header"),
    ("InboundAttachment", "crate::inbound::Attachment"),
];

/// The progenitor settings: builder interface, merged tags, and a hand-written
/// `ClientHooks` implementation (`crate::transport`) carrying the transport
/// state as the client's inner value.
fn generation_settings() -> progenitor::GenerationSettings {
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged)
        .with_hooks(progenitor::HooksMode::Expected)
        .with_inner_type(
            "crate::transport::Transport"
                .parse()
                .expect("a Rust path is a token stream"),
        );
    for (schema, rust_type) in REPLACED_SCHEMAS {
        settings.with_replacement(*schema, *rust_type, std::iter::empty());
    }
    settings
}

/// The record types whose example events the mock delivers.
const RECORD_TYPES: [&str; 6] = [
    "Bounce",
    "SpamComplaint",
    "Delivery",
    "Open",
    "Click",
    "SubscriptionChange",
];

/// The whole generated file: the stamp, the client, and the spec's example
/// events.
fn generate_client(spec_text: &str) -> Result<String, String> {
    let client = generate_progenitor_client(spec_text)?;
    let examples = event_examples(spec_text)?;
    Ok(format!(
        "{stamp}\n{client}\n/// The spec's example of each `<RecordType>Event` schema, as one JSON object by\n\
         /// record type, for the mock's deliveries.\npub const EVENT_EXAMPLES: &str = {examples:?};\n",
        stamp = stamp(spec_text, include_str!("settings.rs")),
    ))
}

/// The spec's example of each `<RecordType>Event` schema, as one JSON object
/// by record type.
fn event_examples(spec_text: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = yaml_serde::from_str(spec_text)
        .map_err(|e| format!("{SPEC_PATH} is not a valid OpenAPI 3.0 document: {e}"))?;
    let schemas = spec.components.map(|c| c.schemas).unwrap_or_default();
    let mut entries = Vec::new();
    for record_type in RECORD_TYPES {
        let name = format!("{record_type}Event");
        let example = match schemas.get(&name) {
            Some(openapiv3::ReferenceOr::Item(schema)) => schema.schema_data.example.as_ref(),
            _ => None,
        }
        .ok_or_else(|| format!("{SPEC_PATH}: schema {name} needs an example"))?;
        entries.push(format!("{record_type:?}: {example}"));
    }
    Ok(format!("{{{}}}", entries.join(", ")))
}

/// Parses the spec text and generates the client source, pretty-printed.
///
/// Errors name the spec problem; a panic inside the generator is caught and
/// reported as an error too.
fn generate_progenitor_client(spec_text: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = yaml_serde::from_str(spec_text)
        .map_err(|e| format!("{SPEC_PATH} is not a valid OpenAPI 3.0 document: {e}"))?;
    let settings = generation_settings();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let generated =
        std::panic::catch_unwind(|| progenitor::Generator::new(&settings).generate_tokens(&spec));
    std::panic::set_hook(previous_hook);
    let tokens = match generated {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => {
            return Err(format!(
                "progenitor cannot generate a client from {SPEC_PATH}: {e}"
            ));
        }
        Err(panic) => {
            let reason = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("no reason given");
            return Err(format!(
                "progenitor failed on {SPEC_PATH}: {reason}. Common causes: an operation with \
                 more than one success or error body type (`default` counts as both), or a \
                 construct progenitor does not support."
            ));
        }
    };
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("progenitor produced code that does not parse: {e}"))?;
    let mut without = WithoutApiVersion::default();
    syn::visit_mut::VisitMut::visit_file_mut(&mut without, &mut file);
    if without.removed != without.operations {
        return Err(format!(
            "progenitor no longer adds the `api-version` header the way codegen/settings.rs \
             expects: removed from {} of {} operations; update `WithoutApiVersion`",
            without.removed, without.operations
        ));
    }
    let mut decode = DecodeThroughTransport::default();
    syn::visit_mut::VisitMut::visit_file_mut(&mut decode, &mut file);
    if decode.rewritten == 0 {
        return Err(
            "progenitor no longer decodes answers with `ResponseValue::from_response` the way \
             codegen/settings.rs expects; update `DecodeThroughTransport`"
                .to_string(),
        );
    }
    Ok(prettyplease::unparse(&file))
}

/// Decodes every answer with `crate::transport::decode` instead of
/// `ResponseValue::from_response`, which copies the headers and collects the
/// body through a buffer list, in a future about twice the size.
///
/// Kept for a measured reason: without it every call makes 3 more heap
/// allocations (`cargo bench --bench overhead --features mock`: `get` +5 and
/// `create` +6 over hand-written reqwest, against a limit of +4; with it +2
/// and +3). progenitor has no setting or hook for decoding.
#[derive(Default)]
struct DecodeThroughTransport {
    /// How many calls were rewritten.
    rewritten: usize,
}

impl syn::visit_mut::VisitMut for DecodeThroughTransport {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        syn::visit_mut::visit_expr_call_mut(self, call);
        let syn::Expr::Path(path) = &*call.func else {
            return;
        };
        let names: Vec<_> = path.path.segments.iter().map(|s| &s.ident).collect();
        if names.len() >= 2
            && names[names.len() - 2] == "ResponseValue"
            && names[names.len() - 1] == "from_response"
        {
            *call.func =
                syn::parse_str("crate::transport::decode").expect("a path parses as an expression");
            self.rewritten += 1;
        }
    }
}

/// Removes the `api-version` header that progenitor adds to every request
/// (from the spec's `info.version`): Postmark takes no such header. An
/// operation left with no header then builds no header map.
#[derive(Default)]
struct WithoutApiVersion {
    /// How many operations there are (`OperationInfo` values).
    operations: usize,
    /// From how many the header was removed.
    removed: usize,
}

impl syn::visit_mut::VisitMut for WithoutApiVersion {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !is_api_version_append(stmt));
        if block.stmts.len() < before {
            self.removed += 1;
            let mut uses = HeaderMapUses::default();
            syn::visit_mut::VisitMut::visit_block_mut(&mut uses, block);
            // Only `.headers(header_map)` is left: no other header is sent.
            if uses.0 == 1 {
                block.stmts.retain(|stmt| !is_header_map_let(stmt));
                for stmt in &mut block.stmts {
                    syn::visit_mut::VisitMut::visit_stmt_mut(&mut WithoutHeaderMap, stmt);
                }
            }
        }
        syn::visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        if expr
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "OperationInfo")
        {
            self.operations += 1;
        }
        syn::visit_mut::visit_expr_struct_mut(self, expr);
    }
}

/// Counts the expressions that name `header_map`.
#[derive(Default)]
struct HeaderMapUses(usize);

impl syn::visit_mut::VisitMut for HeaderMapUses {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if is_header_map(expr) {
            self.0 += 1;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

/// Whether `stmt` is `header_map.append(HeaderName::from_static("api-version"), ..);`.
fn is_api_version_append(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    let Some(syn::Expr::Call(name)) = call.args.first() else {
        return false;
    };
    call.method == "append"
        && matches!(
            name.args.first(),
            Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })) if s.value() == "api-version"
        )
}

/// Whether `stmt` is `let mut header_map = ..;`.
fn is_header_map_let(stmt: &syn::Stmt) -> bool {
    matches!(stmt, syn::Stmt::Local(syn::Local { pat: syn::Pat::Ident(p), .. }) if p.ident == "header_map")
}

fn is_header_map(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Path(p) if p.path.is_ident("header_map"))
}

/// Turns `<request>.headers(header_map)` into `<request>`.
struct WithoutHeaderMap;

impl syn::visit_mut::VisitMut for WithoutHeaderMap {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "headers"
            && call.args.len() == 1
            && is_header_map(&call.args[0])
        {
            *expr = take(&mut call.receiver);
            return self.visit_expr_mut(expr);
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }
}

/// The expression, leaving an empty one in its place.
fn take(expr: &mut syn::Expr) -> syn::Expr {
    std::mem::replace(expr, syn::Expr::Verbatim(Default::default()))
}
