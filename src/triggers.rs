//! Triggers: which events a webhook receives.
//!
//! One table at the end of this file lists the trigger types, one per
//! [`RecordType`], with their options. From it come, per trigger, the
//! request builder ([`Open`], [`Click`], ...) and the stored settings
//! ([`OpenSettings`], [`ClickSettings`], ...), and the sets of both:
//! [`Triggers`] for create and edit, [`WebhookTriggers`] for a stored
//! webhook, which code that treats every trigger alike reads through
//! [`WebhookTriggers::get`] and [`WebhookTriggers::iter`].
//!
//! A trigger has three states in a request: enabled, disabled, or not named.
//! A trigger that is not named is left out of the JSON, so Postmark keeps its
//! default on create and leaves the trigger unchanged on edit. Options work
//! the same way: only the options you set are sent.
//!
//! ```
//! use postmark_webhooks::triggers::{Bounce, Click, Open, Triggers};
//!
//! let triggers = Triggers::new()
//!     .open(Open::enabled().post_first_open_only(true))
//!     .click(Click::disabled())
//!     .bounce(Bounce::enabled().include_content(true));
//! assert_eq!(
//!     serde_json::to_string(&triggers).unwrap(),
//!     r#"{"Open":{"Enabled":true,"PostFirstOpenOnly":true},"Click":{"Enabled":false},"Bounce":{"Enabled":true,"IncludeContent":true}}"#
//! );
//! ```
//!
//! The request types also deserialize from the same JSON, rejecting unknown
//! keys, so trigger sets can live in configuration files. The stored
//! settings are read leniently, as Postmark's answers need: a missing
//! trigger, `Enabled` or option is `false`, and an unknown option is ignored.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::record_type::RecordType;

/// A trigger type as an answer names it (statistics, verification): one of
/// the [`RecordType`]s this version knows, or another name kept exactly as
/// Postmark sent it.
///
/// ```
/// use postmark_webhooks::events::RecordType;
/// use postmark_webhooks::triggers::TriggerType;
///
/// let known: TriggerType = serde_json::from_str(r#""Bounce""#).unwrap();
/// assert_eq!(known, TriggerType::Known(RecordType::Bounce));
/// assert_eq!(known.record_type(), Some(RecordType::Bounce));
/// let new: TriggerType = serde_json::from_str(r#""Inbound""#).unwrap();
/// assert_eq!(new, TriggerType::Other("Inbound".to_owned()));
/// assert_eq!(serde_json::to_string(&new).unwrap(), r#""Inbound""#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TriggerType {
    /// A trigger type this version knows.
    Known(RecordType),
    /// A name this version does not know, exactly as Postmark sent it.
    Other(String),
}

impl TriggerType {
    /// The name as Postmark spells it.
    ///
    /// ```
    /// use postmark_webhooks::{events::RecordType, triggers::TriggerType};
    /// assert_eq!(TriggerType::from(RecordType::Open).as_str(), "Open");
    /// assert_eq!(TriggerType::from("Inbound").as_str(), "Inbound");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(record_type) => record_type.as_str(),
            Self::Other(name) => name,
        }
    }

    /// The record type, if this version knows it.
    ///
    /// ```
    /// use postmark_webhooks::{events::RecordType, triggers::TriggerType};
    /// assert_eq!(TriggerType::from("Click").record_type(), Some(RecordType::Click));
    /// assert_eq!(TriggerType::from("Inbound").record_type(), None);
    /// ```
    pub fn record_type(&self) -> Option<RecordType> {
        match self {
            Self::Known(record_type) => Some(*record_type),
            Self::Other(_) => None,
        }
    }
}

/// A known trigger type.
///
/// ```
/// use postmark_webhooks::{events::RecordType, triggers::TriggerType};
/// assert_eq!(TriggerType::from(RecordType::Delivery), TriggerType::Known(RecordType::Delivery));
/// ```
impl From<RecordType> for TriggerType {
    fn from(record_type: RecordType) -> Self {
        Self::Known(record_type)
    }
}

/// The trigger type of this name: known if a [`RecordType`] has it exactly.
///
/// ```
/// use postmark_webhooks::{events::RecordType, triggers::TriggerType};
/// assert_eq!(TriggerType::from("Open"), TriggerType::Known(RecordType::Open));
/// assert_eq!(TriggerType::from("open"), TriggerType::Other("open".to_owned()));
/// ```
impl From<&str> for TriggerType {
    fn from(name: &str) -> Self {
        name.parse()
            .map_or_else(|_| Self::Other(name.to_owned()), Self::Known)
    }
}

/// The trigger type of this name: known if a [`RecordType`] has it exactly.
///
/// ```
/// use postmark_webhooks::{events::RecordType, triggers::TriggerType};
/// assert_eq!(TriggerType::from("Open".to_owned()), TriggerType::Known(RecordType::Open));
/// ```
impl From<String> for TriggerType {
    fn from(name: String) -> Self {
        match name.parse() {
            Ok(record_type) => Self::Known(record_type),
            Err(_) => Self::Other(name),
        }
    }
}

/// The name as Postmark spells it.
///
/// ```
/// use postmark_webhooks::{events::RecordType, triggers::TriggerType};
/// assert_eq!(TriggerType::from(RecordType::SubscriptionChange).to_string(), "SubscriptionChange");
/// ```
impl fmt::Display for TriggerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TriggerType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TriggerType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::from)
    }
}

/// One stored trigger, whichever it is: whether it is enabled, and its
/// options as (name as Postmark spells it, value) pairs, in Postmark's
/// order. What [`WebhookTriggers::get`] and [`WebhookTriggers::iter`] give.
///
/// ```
/// use postmark_webhooks::{WebhookTriggers, events::RecordType};
///
/// let mut stored = WebhookTriggers::default();
/// stored.bounce.enabled = true;
/// stored.bounce.include_content = true;
/// let bounce = stored.get(RecordType::Bounce);
/// assert!(bounce.enabled);
/// assert_eq!(bounce.options, [("IncludeContent", true)]);
/// assert_eq!(bounce.option("IncludeContent"), Some(true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TriggerSettings {
    /// Whether the trigger's events are posted.
    pub enabled: bool,
    /// The trigger's options, by name, in Postmark's order.
    pub options: Vec<(&'static str, bool)>,
}

impl TriggerSettings {
    /// The value of the option of this name, if the trigger has it.
    ///
    /// ```
    /// use postmark_webhooks::{WebhookTriggers, events::RecordType};
    ///
    /// let stored = WebhookTriggers::default();
    /// assert_eq!(stored.get(RecordType::Open).option("PostFirstOpenOnly"), Some(false));
    /// assert_eq!(stored.get(RecordType::Click).option("PostFirstOpenOnly"), None);
    /// ```
    pub fn option(&self, name: &str) -> Option<bool> {
        self.options
            .iter()
            .find(|(option, _)| *option == name)
            .map(|(_, value)| *value)
    }
}

/// Defines every trigger from one table: per trigger its request builder
/// (options `Option<bool>`, left out when `None`) and its stored settings
/// (options plain `bool`, as Postmark answers them); then the request set
/// [`Triggers`], the stored set [`WebhookTriggers`] and the accessors keyed
/// by [`RecordType`]. Each trigger is named after its record type.
macro_rules! triggers {
    (
        $(#[$request_meta:meta])*
        pub struct Triggers;
        $(#[$stored_meta:meta])*
        pub struct WebhookTriggers;
    $(
        $(#[$meta:meta])*
        $name:ident, $settings:ident, $field:ident, $event:literal, $stored_doc:literal
        $(, $option:ident: $json:literal, $option_doc:literal)?;
    )*) => {
        $(
            $(#[$meta])*
            ///
            /// ```
            #[doc = concat!("use postmark_webhooks::triggers::{", stringify!($name), ", Triggers};")]
            #[doc = concat!("let trigger = ", stringify!($name), "::enabled();")]
            /// assert!(trigger.enabled);
            #[doc = concat!("let triggers = Triggers::new().", stringify!($field), "(trigger);")]
            /// assert!(!triggers.is_empty());
            /// ```
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
            #[serde(rename_all = "PascalCase", deny_unknown_fields)]
            #[non_exhaustive]
            pub struct $name {
                #[doc = concat!("Whether ", $event, " events are posted.")]
                pub enabled: bool,
                $(
                    #[doc = $option_doc]
                    #[doc = ""]
                    #[doc = "`None` leaves it out of the request."]
                    #[serde(rename = $json, default, skip_serializing_if = "Option::is_none")]
                    pub $option: Option<bool>,
                )?
            }

            impl $name {
                #[doc = concat!("The ", stringify!($name), " trigger, enabled or not.")]
                ///
                /// ```
                #[doc = concat!("use postmark_webhooks::triggers::", stringify!($name), ";")]
                #[doc = concat!("assert_eq!(", stringify!($name), "::new(true), ", stringify!($name), "::enabled());")]
                /// ```
                pub fn new(enabled: bool) -> Self {
                    Self { enabled $(, $option: None)? }
                }

                #[doc = concat!("The ", stringify!($name), " trigger, enabled.")]
                ///
                /// ```
                #[doc = concat!("use postmark_webhooks::triggers::", stringify!($name), ";")]
                #[doc = concat!("assert_eq!(serde_json::to_string(&", stringify!($name), "::enabled()).unwrap(), r#\"{\"Enabled\":true}\"#);")]
                /// ```
                pub fn enabled() -> Self {
                    Self::new(true)
                }

                #[doc = concat!("The ", stringify!($name), " trigger, disabled.")]
                ///
                /// ```
                #[doc = concat!("use postmark_webhooks::triggers::", stringify!($name), ";")]
                #[doc = concat!("assert_eq!(serde_json::to_string(&", stringify!($name), "::disabled()).unwrap(), r#\"{\"Enabled\":false}\"#);")]
                /// ```
                pub fn disabled() -> Self {
                    Self::new(false)
                }

                $(
                    #[doc = concat!("Sets `", $json, "`: ", $option_doc)]
                    ///
                    /// ```
                    #[doc = concat!("use postmark_webhooks::triggers::", stringify!($name), ";")]
                    #[doc = concat!("let t = ", stringify!($name), "::enabled().", stringify!($option), "(true);")]
                    #[doc = concat!("assert_eq!(serde_json::to_string(&t).unwrap(), r#\"{\"Enabled\":true,\"", $json, "\":true}\"#);")]
                    /// ```
                    pub fn $option(mut self, value: bool) -> Self {
                        self.$option = Some(value);
                        self
                    }
                )?

                /// Applies this trigger, as a create or edit names it, to the
                /// stored one: its `Enabled`, and the options it names.
                #[cfg(any(feature = "mock", feature = "sync"))]
                fn apply_to(self, stored: &mut $settings) {
                    stored.enabled = self.enabled;
                    $(
                        if let Some(value) = self.$option {
                            stored.$option = value;
                        }
                    )?
                }
            }

            #[doc = concat!("The ", stringify!($name), " trigger of a stored webhook, as Postmark answers it: every option is there (a missing one reads as `false`).")]
            ///
            /// ```
            #[doc = concat!("use postmark_webhooks::triggers::", stringify!($settings), ";")]
            ///
            #[doc = concat!("let stored: ", stringify!($settings), " = serde_json::from_str(r#\"{\"Enabled\": true, \"New\": 1}\"#).unwrap();")]
            /// assert!(stored.enabled);
            #[doc = concat!("assert_eq!(serde_json::to_string(&stored).unwrap(), r#\"{\"Enabled\":true", $(",\"", $json, "\":false",)? "}\"#);")]
            /// ```
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
            #[serde(rename_all = "PascalCase", default)]
            #[non_exhaustive]
            pub struct $settings {
                #[doc = concat!("Whether ", $event, " events are posted.")]
                pub enabled: bool,
                $(
                    #[doc = $option_doc]
                    #[serde(rename = $json)]
                    pub $option: bool,
                )?
            }

            #[doc = concat!("The stored trigger as a request that names it with every option.")]
            ///
            /// ```
            #[doc = concat!("use postmark_webhooks::triggers::{", stringify!($name), ", ", stringify!($settings), "};")]
            ///
            #[doc = concat!("let request = ", stringify!($name), "::from(", stringify!($settings), "::default());")]
            #[doc = concat!("assert_eq!(request, ", stringify!($name), "::disabled()", $(".", stringify!($option), "(false)",)? ");")]
            /// ```
            impl From<$settings> for $name {
                fn from(stored: $settings) -> Self {
                    Self {
                        enabled: stored.enabled,
                        $($option: Some(stored.$option),)?
                    }
                }
            }
        )*

        $(#[$request_meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase", deny_unknown_fields)]
        #[non_exhaustive]
        pub struct Triggers {
            $(
                #[doc = concat!("The ", stringify!($name), " trigger, if named.")]
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$name>,
            )*
        }

        impl Triggers {
            $(
                #[doc = concat!("Names the ", stringify!($name), " trigger.")]
                ///
                /// ```
                #[doc = concat!("use postmark_webhooks::triggers::{", stringify!($name), ", Triggers};")]
                #[doc = concat!("let t = Triggers::new().", stringify!($field), "(", stringify!($name), "::enabled());")]
                #[doc = concat!("assert_eq!(t.", stringify!($field), ", Some(", stringify!($name), "::enabled()));")]
                /// ```
                pub fn $field(mut self, $field: $name) -> Self {
                    self.$field = Some($field);
                    self
                }
            )*

            /// Only the triggers whose record type `keep` accepts.
            #[cfg(feature = "sync")]
            pub(crate) fn only(self, keep: impl Fn(RecordType) -> bool) -> Self {
                Self {
                    $($field: self.$field.filter(|_| keep(RecordType::$name)),)*
                }
            }
        }

        /// Every trigger of a stored webhook, with every option, for copying
        /// its settings into a request.
        ///
        /// ```
        /// use postmark_webhooks::{WebhookTriggers, triggers::{Open, Triggers}};
        ///
        /// let stored = WebhookTriggers::default();
        /// let copy = Triggers::from(stored);
        /// assert_eq!(copy.open, Some(Open::disabled().post_first_open_only(false)));
        /// ```
        impl From<WebhookTriggers> for Triggers {
            fn from(stored: WebhookTriggers) -> Self {
                Self {
                    $($field: Some(stored.$field.into()),)*
                }
            }
        }

        $(#[$stored_meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase", default)]
        #[non_exhaustive]
        pub struct WebhookTriggers {
            $(
                #[doc = $stored_doc]
                pub $field: $settings,
            )*
        }

        impl WebhookTriggers {
            /// The trigger of this record type, whichever it is.
            ///
            /// ```
            /// use postmark_webhooks::{WebhookTriggers, events::RecordType};
            ///
            /// let mut stored = WebhookTriggers::default();
            /// stored.open.enabled = true;
            /// let open = stored.get(RecordType::Open);
            /// assert!(open.enabled);
            /// assert_eq!(open.options, [("PostFirstOpenOnly", false)]);
            /// assert!(!stored.get(RecordType::Click).enabled);
            /// ```
            pub fn get(&self, record_type: RecordType) -> TriggerSettings {
                match record_type {
                    $(RecordType::$name => TriggerSettings {
                        enabled: self.$field.enabled,
                        options: vec![$(($json, self.$field.$option))?],
                    },)*
                }
            }

            /// Every trigger with its record type, in the order of Postmark's
            /// answers (`Open`, `Click`, `Delivery`, ...).
            ///
            /// ```
            /// use postmark_webhooks::{WebhookTriggers, events::RecordType};
            ///
            /// let mut stored = WebhookTriggers::default();
            /// stored.delivery.enabled = true;
            /// let enabled: Vec<RecordType> =
            ///     stored.iter().filter(|(_, t)| t.enabled).map(|(r, _)| r).collect();
            /// assert_eq!(enabled, [RecordType::Delivery]);
            /// assert_eq!(stored.iter().count(), RecordType::ALL.len());
            /// ```
            pub fn iter(&self) -> impl Iterator<Item = (RecordType, TriggerSettings)> + '_ {
                [$(RecordType::$name),*]
                    .into_iter()
                    .map(|record_type| (record_type, self.get(record_type)))
            }

            /// The stored triggers after a create or edit that names
            /// `changes`, as Postmark stores them: a named trigger takes its
            /// `Enabled` and the options it names; everything else stays as
            /// it is.
            #[cfg(any(feature = "mock", feature = "sync"))]
            pub(crate) fn apply(&mut self, changes: &Triggers) {
                $(
                    if let Some(trigger) = changes.$field {
                        trigger.apply_to(&mut self.$field);
                    }
                )*
            }
        }
    };
}

triggers! {
    /// The triggers to set in a create or edit request.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{Delivery, Triggers};
    ///
    /// let triggers = Triggers::new().delivery(Delivery::enabled());
    /// assert_eq!(serde_json::to_string(&triggers).unwrap(), r#"{"Delivery":{"Enabled":true}}"#);
    /// assert_eq!(serde_json::to_string(&Triggers::new()).unwrap(), "{}");
    /// ```
    pub struct Triggers;

    /// The triggers of a stored webhook: which events it receives, with
    /// their options, one field per trigger type.
    ///
    /// Decoding is lenient, as Postmark's answers need: a missing trigger
    /// is disabled with its options off, a missing `Enabled` or option is
    /// `false`, and keys Postmark may add inside a trigger are ignored.
    /// ([`Triggers`] rejects unknown keys, for configuration files.) The
    /// default is every trigger disabled with its options off.
    ///
    /// ```
    /// let triggers: postmark_webhooks::WebhookTriggers = serde_json::from_str(
    ///     r#"{"Open": {"Enabled": true, "PostFirstOpenOnly": true}, "Bounce": {"Enabled": true}}"#,
    /// ).unwrap();
    /// assert!(triggers.open.enabled && triggers.open.post_first_open_only);
    /// assert!(triggers.bounce.enabled && !triggers.bounce.include_content);
    /// assert!(!triggers.click.enabled); // missing: disabled
    /// ```
    pub struct WebhookTriggers;

    /// The Open trigger: posts when a recipient opens a message.
    Open, OpenSettings, open, "open", "Opens of a message.",
    post_first_open_only: "PostFirstOpenOnly", "Post only the first open of each message.";

    /// The Click trigger: posts when a recipient clicks a tracked link.
    Click, ClickSettings, click, "click", "Clicks on tracked links.";

    /// The Delivery trigger: posts when the receiving server accepts a message.
    Delivery, DeliverySettings, delivery, "delivery", "Deliveries to the receiving server.";

    /// The Bounce trigger: posts when a message bounces. Only transactional
    /// streams have it.
    Bounce, BounceSettings, bounce, "bounce", "Bounces.",
    include_content: "IncludeContent", "Include the bounced message's content in the event.";

    /// The SpamComplaint trigger: posts when a recipient marks a message as spam.
    SpamComplaint, SpamComplaintSettings, spam_complaint, "spam complaint", "Spam complaints.",
    include_content: "IncludeContent", "Include the complained-about message's content in the event.";

    /// The SubscriptionChange trigger: posts when a recipient is suppressed or
    /// reactivated.
    SubscriptionChange, SubscriptionChangeSettings, subscription_change, "subscription change",
    "Suppressions and reactivations of recipients.";
}

impl Triggers {
    /// A set that names no trigger.
    ///
    /// ```
    /// assert!(postmark_webhooks::triggers::Triggers::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no trigger is named.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{Click, Triggers};
    /// assert!(!Triggers::new().click(Click::enabled()).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
