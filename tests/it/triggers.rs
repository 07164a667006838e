//! Trigger builders: every trigger in each of its three states (enabled,
//! disabled, not named), every option, their exact JSON, and the way back.

use postmark_webhooks::WebhookTriggers;
use postmark_webhooks::events::RecordType;
use postmark_webhooks::triggers::{
    Bounce, Click, Delivery, Open, SpamComplaint, SubscriptionChange, Triggers,
};

fn json(triggers: &Triggers) -> String {
    serde_json::to_string(triggers).unwrap()
}

fn parse(text: &str) -> Result<Triggers, serde_json::Error> {
    serde_json::from_str(text)
}

// ---- one trigger at a time, written out ----

#[test]
fn no_trigger_named_is_an_empty_object() {
    assert_eq!(json(&Triggers::new()), "{}");
    assert!(Triggers::new().is_empty());
    assert_eq!(parse("{}").unwrap(), Triggers::new());
}

#[test]
fn open_in_each_state_and_option() {
    let cases = [
        (Open::enabled(), r#"{"Open":{"Enabled":true}}"#),
        (Open::disabled(), r#"{"Open":{"Enabled":false}}"#),
        (
            Open::enabled().post_first_open_only(true),
            r#"{"Open":{"Enabled":true,"PostFirstOpenOnly":true}}"#,
        ),
        (
            Open::enabled().post_first_open_only(false),
            r#"{"Open":{"Enabled":true,"PostFirstOpenOnly":false}}"#,
        ),
        (
            Open::disabled().post_first_open_only(true),
            r#"{"Open":{"Enabled":false,"PostFirstOpenOnly":true}}"#,
        ),
        (
            Open::disabled().post_first_open_only(false),
            r#"{"Open":{"Enabled":false,"PostFirstOpenOnly":false}}"#,
        ),
    ];
    for (open, expected) in cases {
        let triggers = Triggers::new().open(open);
        assert_eq!(json(&triggers), expected);
        assert_eq!(parse(expected).unwrap(), triggers);
        assert_eq!(triggers.open, Some(open));
        assert!(!triggers.is_empty());
    }
    assert_eq!(Open::new(true), Open::enabled());
    assert_eq!(Open::new(false), Open::disabled());
    assert_eq!(Open::enabled().post_first_open_only, None);
    assert!(Open::enabled().enabled);
    assert!(!Open::disabled().enabled);
}

#[test]
fn click_in_each_state() {
    for (click, expected) in [
        (Click::enabled(), r#"{"Click":{"Enabled":true}}"#),
        (Click::disabled(), r#"{"Click":{"Enabled":false}}"#),
    ] {
        let triggers = Triggers::new().click(click);
        assert_eq!(json(&triggers), expected);
        assert_eq!(parse(expected).unwrap(), triggers);
    }
    assert_eq!(Click::new(true), Click::enabled());
    assert_eq!(Click::new(false), Click::disabled());
}

#[test]
fn delivery_in_each_state() {
    for (delivery, expected) in [
        (Delivery::enabled(), r#"{"Delivery":{"Enabled":true}}"#),
        (Delivery::disabled(), r#"{"Delivery":{"Enabled":false}}"#),
    ] {
        let triggers = Triggers::new().delivery(delivery);
        assert_eq!(json(&triggers), expected);
        assert_eq!(parse(expected).unwrap(), triggers);
    }
    assert_eq!(Delivery::new(true), Delivery::enabled());
    assert_eq!(Delivery::new(false), Delivery::disabled());
}

#[test]
fn bounce_in_each_state_and_option() {
    let cases = [
        (Bounce::enabled(), r#"{"Bounce":{"Enabled":true}}"#),
        (Bounce::disabled(), r#"{"Bounce":{"Enabled":false}}"#),
        (
            Bounce::enabled().include_content(true),
            r#"{"Bounce":{"Enabled":true,"IncludeContent":true}}"#,
        ),
        (
            Bounce::enabled().include_content(false),
            r#"{"Bounce":{"Enabled":true,"IncludeContent":false}}"#,
        ),
        (
            Bounce::disabled().include_content(true),
            r#"{"Bounce":{"Enabled":false,"IncludeContent":true}}"#,
        ),
        (
            Bounce::disabled().include_content(false),
            r#"{"Bounce":{"Enabled":false,"IncludeContent":false}}"#,
        ),
    ];
    for (bounce, expected) in cases {
        let triggers = Triggers::new().bounce(bounce);
        assert_eq!(json(&triggers), expected);
        assert_eq!(parse(expected).unwrap(), triggers);
    }
    assert_eq!(Bounce::new(true), Bounce::enabled());
    assert_eq!(Bounce::enabled().include_content, None);
}

#[test]
fn spam_complaint_in_each_state_and_option() {
    let cases = [
        (
            SpamComplaint::enabled(),
            r#"{"SpamComplaint":{"Enabled":true}}"#,
        ),
        (
            SpamComplaint::disabled(),
            r#"{"SpamComplaint":{"Enabled":false}}"#,
        ),
        (
            SpamComplaint::enabled().include_content(true),
            r#"{"SpamComplaint":{"Enabled":true,"IncludeContent":true}}"#,
        ),
        (
            SpamComplaint::enabled().include_content(false),
            r#"{"SpamComplaint":{"Enabled":true,"IncludeContent":false}}"#,
        ),
        (
            SpamComplaint::disabled().include_content(true),
            r#"{"SpamComplaint":{"Enabled":false,"IncludeContent":true}}"#,
        ),
        (
            SpamComplaint::disabled().include_content(false),
            r#"{"SpamComplaint":{"Enabled":false,"IncludeContent":false}}"#,
        ),
    ];
    for (spam, expected) in cases {
        let triggers = Triggers::new().spam_complaint(spam);
        assert_eq!(json(&triggers), expected);
        assert_eq!(parse(expected).unwrap(), triggers);
    }
    assert_eq!(SpamComplaint::new(false), SpamComplaint::disabled());
    assert_eq!(SpamComplaint::disabled().include_content, None);
}

#[test]
fn subscription_change_in_each_state() {
    for (change, expected) in [
        (
            SubscriptionChange::enabled(),
            r#"{"SubscriptionChange":{"Enabled":true}}"#,
        ),
        (
            SubscriptionChange::disabled(),
            r#"{"SubscriptionChange":{"Enabled":false}}"#,
        ),
    ] {
        let triggers = Triggers::new().subscription_change(change);
        assert_eq!(json(&triggers), expected);
        assert_eq!(parse(expected).unwrap(), triggers);
    }
    assert_eq!(SubscriptionChange::new(true), SubscriptionChange::enabled());
}

#[test]
fn naming_a_trigger_again_replaces_it() {
    let triggers = Triggers::new()
        .open(Open::enabled().post_first_open_only(true))
        .open(Open::disabled());
    assert_eq!(json(&triggers), r#"{"Open":{"Enabled":false}}"#);
}

#[test]
fn all_six_are_written_in_a_fixed_order() {
    // Named in reverse order; written in the spec's order.
    let triggers = Triggers::new()
        .subscription_change(SubscriptionChange::enabled())
        .spam_complaint(SpamComplaint::disabled())
        .bounce(Bounce::enabled())
        .delivery(Delivery::disabled())
        .click(Click::enabled())
        .open(Open::disabled());
    assert_eq!(
        json(&triggers),
        concat!(
            r#"{"Open":{"Enabled":false},"Click":{"Enabled":true},"Delivery":{"Enabled":false},"#,
            r#""Bounce":{"Enabled":true},"SpamComplaint":{"Enabled":false},"#,
            r#""SubscriptionChange":{"Enabled":true}}"#
        )
    );
}

// ---- every combination ----

const OPTIONS: [Option<bool>; 3] = [None, Some(true), Some(false)];

/// Every state of a trigger without options, with its expected JSON.
fn plain_states<T>(new: fn(bool) -> T) -> Vec<(Option<T>, Option<String>)> {
    let mut states = vec![(None, None)];
    for enabled in [true, false] {
        states.push((
            Some(new(enabled)),
            Some(format!(r#"{{"Enabled":{enabled}}}"#)),
        ));
    }
    states
}

/// Every state of a trigger with one option, with its expected JSON.
fn option_states<T>(
    new: fn(bool) -> T,
    set: fn(T, bool) -> T,
    option: &str,
) -> Vec<(Option<T>, Option<String>)> {
    let mut states = vec![(None, None)];
    for enabled in [true, false] {
        for value in OPTIONS {
            let (trigger, text) = match value {
                None => (new(enabled), format!(r#"{{"Enabled":{enabled}}}"#)),
                Some(v) => (
                    set(new(enabled), v),
                    format!(r#"{{"Enabled":{enabled},"{option}":{v}}}"#),
                ),
            };
            states.push((Some(trigger), Some(text)));
        }
    }
    states
}

#[test]
fn every_combination_serializes_exactly_and_round_trips() {
    let opens = option_states(Open::new, Open::post_first_open_only, "PostFirstOpenOnly");
    let clicks = plain_states(Click::new);
    let deliveries = plain_states(Delivery::new);
    let bounces = option_states(Bounce::new, Bounce::include_content, "IncludeContent");
    let spams = option_states(
        SpamComplaint::new,
        SpamComplaint::include_content,
        "IncludeContent",
    );
    let changes = plain_states(SubscriptionChange::new);
    assert_eq!(opens.len(), 7);
    assert_eq!(clicks.len(), 3);

    let mut checked = 0;
    for (open, open_json) in &opens {
        for (click, click_json) in &clicks {
            for (delivery, delivery_json) in &deliveries {
                for (bounce, bounce_json) in &bounces {
                    for (spam, spam_json) in &spams {
                        for (change, change_json) in &changes {
                            let mut triggers = Triggers::new();
                            if let Some(t) = open {
                                triggers = triggers.open(*t);
                            }
                            if let Some(t) = click {
                                triggers = triggers.click(*t);
                            }
                            if let Some(t) = delivery {
                                triggers = triggers.delivery(*t);
                            }
                            if let Some(t) = bounce {
                                triggers = triggers.bounce(*t);
                            }
                            if let Some(t) = spam {
                                triggers = triggers.spam_complaint(*t);
                            }
                            if let Some(t) = change {
                                triggers = triggers.subscription_change(*t);
                            }
                            let parts: Vec<String> = [
                                ("Open", open_json),
                                ("Click", click_json),
                                ("Delivery", delivery_json),
                                ("Bounce", bounce_json),
                                ("SpamComplaint", spam_json),
                                ("SubscriptionChange", change_json),
                            ]
                            .into_iter()
                            .filter_map(|(name, text)| {
                                text.as_ref().map(|t| format!(r#""{name}":{t}"#))
                            })
                            .collect();
                            let expected = format!("{{{}}}", parts.join(","));

                            assert_eq!(json(&triggers), expected);
                            assert_eq!(parse(&expected).unwrap(), triggers, "{expected}");
                            assert_eq!(triggers.is_empty(), parts.is_empty());
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 7 * 3 * 3 * 7 * 7 * 3);
}

// ---- deserializing ----

#[test]
fn unknown_keys_are_rejected() {
    for text in [
        r#"{"Inbound":{"Enabled":true}}"#,
        r#"{"open":{"Enabled":true}}"#,
        r#"{"Open":{"Enabled":true,"Extra":1}}"#,
        r#"{"Open":{"enabled":true}}"#,
        r#"{"Open":{"Enabled":true,"IncludeContent":true}}"#,
        r#"{"Click":{"Enabled":true,"PostFirstOpenOnly":true}}"#,
        r#"{"Delivery":{"Enabled":true,"IncludeContent":false}}"#,
        r#"{"Bounce":{"Enabled":true,"PostFirstOpenOnly":true}}"#,
        r#"{"SpamComplaint":{"Enabled":true,"Other":false}}"#,
        r#"{"SubscriptionChange":{"Enabled":true,"IncludeContent":true}}"#,
    ] {
        let err = parse(text).expect_err(text);
        assert!(err.to_string().contains("unknown field"), "{text}: {err}");
    }
}

#[test]
fn an_answer_ignores_unknown_options_that_a_trigger_set_rejects() {
    let text = r#"{"Open":{"Enabled":true,"PostFirstOpenOnly":true,"PostEveryOpen":true}}"#;
    let stored: WebhookTriggers = serde_json::from_str(text).unwrap();
    let mut expected = WebhookTriggers::default();
    expected.open.enabled = true;
    expected.open.post_first_open_only = true;
    assert_eq!(stored, expected);
    let err = parse(text).unwrap_err();
    assert!(
        err.to_string().contains("unknown field `PostEveryOpen`"),
        "{err}"
    );
    // The trigger types on their own are strict too.
    let err = serde_json::from_str::<Open>(
        r#"{"Enabled":true,"PostFirstOpenOnly":true,"PostEveryOpen":true}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("unknown field `PostEveryOpen`"),
        "{err}"
    );
}

#[test]
fn an_answer_reads_missing_enabled_and_options_as_false() {
    let stored: WebhookTriggers = serde_json::from_str(
        r#"{"Open":{},"Click":{"Other":1},"Bounce":{"IncludeContent":true},"SpamComplaint":{"Enabled":true}}"#,
    )
    .unwrap();
    assert_eq!(
        Open::from(stored.open),
        Open::disabled().post_first_open_only(false)
    );
    assert_eq!(Click::from(stored.click), Click::disabled());
    assert_eq!(Delivery::from(stored.delivery), Delivery::disabled());
    assert_eq!(
        Bounce::from(stored.bounce),
        Bounce::disabled().include_content(true)
    );
    assert_eq!(
        SpamComplaint::from(stored.spam_complaint),
        SpamComplaint::enabled().include_content(false)
    );
    assert_eq!(
        SubscriptionChange::from(stored.subscription_change),
        SubscriptionChange::disabled()
    );
    // Wrong types still fail, as before.
    for text in [
        r#"{"Open":{"Enabled":"yes"}}"#,
        r#"{"Bounce":{"Enabled":true,"IncludeContent":1}}"#,
        r#"{"Open":null}"#,
    ] {
        serde_json::from_str::<WebhookTriggers>(text).expect_err(text);
    }
}

#[test]
fn enabled_is_required_in_a_named_trigger() {
    for text in [
        r#"{"Open":{}}"#,
        r#"{"Open":{"PostFirstOpenOnly":true}}"#,
        r#"{"Click":{}}"#,
        r#"{"Bounce":{"IncludeContent":true}}"#,
    ] {
        let err = parse(text).expect_err(text);
        assert!(err.to_string().contains("missing field `Enabled`"), "{err}");
    }
}

#[test]
fn wrong_types_are_rejected() {
    for text in [
        r#"{"Open":true}"#,
        r#"{"Open":{"Enabled":"yes"}}"#,
        r#"{"Bounce":{"Enabled":true,"IncludeContent":1}}"#,
        r#"{"Open":null,"Click":{"Enabled":null}}"#,
        r#""Open""#,
    ] {
        parse(text).expect_err(text);
    }
}

// ---- from a stored webhook's triggers ----

#[test]
fn from_webhook_triggers_names_all_six_with_every_option() {
    for bits in 0u32..(1 << 9) {
        let bit = |n: u32| bits & (1 << n) != 0;
        let mut stored = WebhookTriggers::default();
        stored.open.enabled = bit(0);
        stored.open.post_first_open_only = bit(1);
        stored.click.enabled = bit(2);
        stored.delivery.enabled = bit(3);
        stored.bounce.enabled = bit(4);
        stored.bounce.include_content = bit(5);
        stored.spam_complaint.enabled = bit(6);
        stored.spam_complaint.include_content = bit(7);
        stored.subscription_change.enabled = bit(8);

        let triggers = Triggers::from(stored);

        assert_eq!(
            triggers.open,
            Some(Open::new(bit(0)).post_first_open_only(bit(1)))
        );
        assert_eq!(triggers.click, Some(Click::new(bit(2))));
        assert_eq!(triggers.delivery, Some(Delivery::new(bit(3))));
        assert_eq!(
            triggers.bounce,
            Some(Bounce::new(bit(4)).include_content(bit(5)))
        );
        assert_eq!(
            triggers.spam_complaint,
            Some(SpamComplaint::new(bit(6)).include_content(bit(7)))
        );
        assert_eq!(
            triggers.subscription_change,
            Some(SubscriptionChange::new(bit(8)))
        );
        let expected = format!(
            concat!(
                r#"{{"Open":{{"Enabled":{},"PostFirstOpenOnly":{}}},"Click":{{"Enabled":{}}},"#,
                r#""Delivery":{{"Enabled":{}}},"Bounce":{{"Enabled":{},"IncludeContent":{}}},"#,
                r#""SpamComplaint":{{"Enabled":{},"IncludeContent":{}}},"#,
                r#""SubscriptionChange":{{"Enabled":{}}}}}"#
            ),
            bit(0),
            bit(1),
            bit(2),
            bit(3),
            bit(4),
            bit(5),
            bit(6),
            bit(7),
            bit(8)
        );
        assert_eq!(json(&triggers), expected);
        // A stored webhook's triggers serialize to the same JSON.
        assert_eq!(serde_json::to_string(&stored).unwrap(), expected);
    }
}

#[test]
fn from_default_webhook_triggers_names_everything_disabled() {
    let triggers = Triggers::from(WebhookTriggers::default());
    assert_eq!(
        json(&triggers),
        concat!(
            r#"{"Open":{"Enabled":false,"PostFirstOpenOnly":false},"Click":{"Enabled":false},"#,
            r#""Delivery":{"Enabled":false},"Bounce":{"Enabled":false,"IncludeContent":false},"#,
            r#""SpamComplaint":{"Enabled":false,"IncludeContent":false},"#,
            r#""SubscriptionChange":{"Enabled":false}}"#
        )
    );
}

// ---- stored triggers keyed by record type ----

/// Stored triggers decoded from an answer with every trigger and option set
/// as given.
fn stored_from(
    open: (bool, bool),
    click: bool,
    delivery: bool,
    bounce: (bool, bool),
    spam: (bool, bool),
    change: bool,
) -> WebhookTriggers {
    serde_json::from_value(serde_json::json!({
        "Open": {"Enabled": open.0, "PostFirstOpenOnly": open.1},
        "Click": {"Enabled": click},
        "Delivery": {"Enabled": delivery},
        "Bounce": {"Enabled": bounce.0, "IncludeContent": bounce.1},
        "SpamComplaint": {"Enabled": spam.0, "IncludeContent": spam.1},
        "SubscriptionChange": {"Enabled": change}
    }))
    .unwrap()
}

#[test]
fn get_reads_each_trigger_and_its_options_by_record_type() {
    let stored = stored_from(
        (true, false),
        false,
        true,
        (false, true),
        (true, true),
        false,
    );
    let read = |record_type| {
        let t = stored.get(record_type);
        (t.enabled, t.options)
    };
    assert_eq!(
        read(RecordType::Open),
        (true, vec![("PostFirstOpenOnly", false)])
    );
    assert_eq!(read(RecordType::Click), (false, vec![]));
    assert_eq!(read(RecordType::Delivery), (true, vec![]));
    assert_eq!(
        read(RecordType::Bounce),
        (false, vec![("IncludeContent", true)])
    );
    assert_eq!(
        read(RecordType::SpamComplaint),
        (true, vec![("IncludeContent", true)])
    );
    assert_eq!(read(RecordType::SubscriptionChange), (false, vec![]));
    assert_eq!(
        stored
            .get(RecordType::SpamComplaint)
            .option("IncludeContent"),
        Some(true)
    );
    assert_eq!(stored.get(RecordType::Open).option("IncludeContent"), None);
}

#[test]
fn every_stored_bit_is_read_by_exactly_one_accessor() {
    for bits in 0u32..(1 << 9) {
        let bit = |n: u32| bits & (1 << n) != 0;
        let stored = stored_from(
            (bit(0), bit(1)),
            bit(2),
            bit(3),
            (bit(4), bit(5)),
            (bit(6), bit(7)),
            bit(8),
        );
        assert_eq!(stored.open.post_first_open_only, bit(1));
        assert_eq!(stored.spam_complaint.include_content, bit(7));
        let read: Vec<bool> = stored
            .iter()
            .flat_map(|(_, t)| {
                std::iter::once(t.enabled).chain(t.options.into_iter().map(|(_, v)| v))
            })
            .collect();
        assert_eq!(read, (0..9).map(bit).collect::<Vec<_>>());
    }
}

#[test]
fn iter_names_every_record_type_once_in_postmarks_order() {
    let order: Vec<RecordType> = WebhookTriggers::default()
        .iter()
        .map(|(record_type, _)| record_type)
        .collect();
    assert_eq!(
        order,
        [
            RecordType::Open,
            RecordType::Click,
            RecordType::Delivery,
            RecordType::Bounce,
            RecordType::SpamComplaint,
            RecordType::SubscriptionChange,
        ]
    );
    for record_type in RecordType::ALL {
        assert!(order.contains(&record_type), "{record_type}");
    }
}

#[test]
fn stored_settings_become_requests_naming_every_option() {
    let stored = stored_from(
        (true, true),
        true,
        false,
        (true, false),
        (false, true),
        true,
    );
    assert_eq!(
        Open::from(stored.open),
        Open::enabled().post_first_open_only(true)
    );
    assert_eq!(Click::from(stored.click), Click::enabled());
    assert_eq!(Delivery::from(stored.delivery), Delivery::disabled());
    assert_eq!(
        Bounce::from(stored.bounce),
        Bounce::enabled().include_content(false)
    );
    assert_eq!(
        SpamComplaint::from(stored.spam_complaint),
        SpamComplaint::disabled().include_content(true)
    );
    assert_eq!(
        SubscriptionChange::from(stored.subscription_change),
        SubscriptionChange::enabled()
    );
}
