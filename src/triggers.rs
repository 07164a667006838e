//! Trigger builders: which events a webhook receives, for create and edit.
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
//! Every type here also deserializes from the same JSON, rejecting unknown
//! keys, so trigger sets can live in configuration files. The same types
//! hold a stored webhook's triggers ([`WebhookTriggers`]); Postmark's answers
//! are read leniently (a missing `Enabled` or option is `false`, an unknown
//! option is ignored) and every option read from an answer is `Some`.

use serde::{Deserialize, Deserializer, Serialize};

use crate::model::WebhookTriggers;

/// The triggers to set in a create or edit request.
///
/// ```
/// use postmark_webhooks::triggers::{Delivery, Triggers};
///
/// let triggers = Triggers::new().delivery(Delivery::enabled());
/// assert_eq!(serde_json::to_string(&triggers).unwrap(), r#"{"Delivery":{"Enabled":true}}"#);
/// assert_eq!(serde_json::to_string(&Triggers::new()).unwrap(), "{}");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Triggers {
    /// The Open trigger, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<Open>,
    /// The Click trigger, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click: Option<Click>,
    /// The Delivery trigger, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    /// The Bounce trigger, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bounce: Option<Bounce>,
    /// The SpamComplaint trigger, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spam_complaint: Option<SpamComplaint>,
    /// The SubscriptionChange trigger, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_change: Option<SubscriptionChange>,
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

    /// Names the Open trigger.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{Open, Triggers};
    /// let t = Triggers::new().open(Open::enabled());
    /// assert_eq!(t.open, Some(Open::enabled()));
    /// ```
    pub fn open(mut self, open: Open) -> Self {
        self.open = Some(open);
        self
    }

    /// Names the Click trigger.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{Click, Triggers};
    /// let t = Triggers::new().click(Click::disabled());
    /// assert_eq!(t.click, Some(Click::disabled()));
    /// ```
    pub fn click(mut self, click: Click) -> Self {
        self.click = Some(click);
        self
    }

    /// Names the Delivery trigger.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{Delivery, Triggers};
    /// let t = Triggers::new().delivery(Delivery::enabled());
    /// assert_eq!(t.delivery, Some(Delivery::enabled()));
    /// ```
    pub fn delivery(mut self, delivery: Delivery) -> Self {
        self.delivery = Some(delivery);
        self
    }

    /// Names the Bounce trigger. Only transactional streams have it.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{Bounce, Triggers};
    /// let t = Triggers::new().bounce(Bounce::enabled());
    /// assert_eq!(t.bounce, Some(Bounce::enabled()));
    /// ```
    pub fn bounce(mut self, bounce: Bounce) -> Self {
        self.bounce = Some(bounce);
        self
    }

    /// Names the SpamComplaint trigger.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{SpamComplaint, Triggers};
    /// let t = Triggers::new().spam_complaint(SpamComplaint::enabled());
    /// assert_eq!(t.spam_complaint, Some(SpamComplaint::enabled()));
    /// ```
    pub fn spam_complaint(mut self, spam_complaint: SpamComplaint) -> Self {
        self.spam_complaint = Some(spam_complaint);
        self
    }

    /// Names the SubscriptionChange trigger.
    ///
    /// ```
    /// use postmark_webhooks::triggers::{SubscriptionChange, Triggers};
    /// let t = Triggers::new().subscription_change(SubscriptionChange::enabled());
    /// assert_eq!(t.subscription_change, Some(SubscriptionChange::enabled()));
    /// ```
    pub fn subscription_change(mut self, subscription_change: SubscriptionChange) -> Self {
        self.subscription_change = Some(subscription_change);
        self
    }
}

/// All six triggers of a stored webhook, with every option, for copying its
/// settings into a request.
///
/// ```
/// use postmark_webhooks::{WebhookTriggers, triggers::{Open, Triggers}};
///
/// let stored = WebhookTriggers::default();
/// let copy = Triggers::from(stored);
/// assert_eq!(copy.open, Some(Open::disabled().post_first_open_only(false)));
/// ```
impl From<WebhookTriggers> for Triggers {
    fn from(t: WebhookTriggers) -> Self {
        Self {
            open: Some(t.open),
            click: Some(t.click),
            delivery: Some(t.delivery),
            bounce: Some(t.bounce),
            spam_complaint: Some(t.spam_complaint),
            subscription_change: Some(t.subscription_change),
        }
    }
}

/// Defines a trigger builder: the struct, `new`/`enabled`/`disabled`, an
/// optional `Option<bool>` setting with its builder method, and the lenient
/// decoding of the trigger in Postmark's answers.
macro_rules! trigger {
    (
        $(#[$meta:meta])*
        $name:ident, $setter:literal, $event:literal
        $(, $option:ident: $json:literal, $option_doc:literal)?
    ) => {
        $(#[$meta])*
        ///
        /// ```
        #[doc = concat!("use postmark_webhooks::triggers::{", stringify!($name), ", Triggers};")]
        #[doc = concat!("let trigger = ", stringify!($name), "::enabled();")]
        /// assert!(trigger.enabled);
        #[doc = concat!("let triggers = Triggers::new().", $setter, "(trigger);")]
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
            /// stored one: its `Enabled`, and its option if it names it.
            #[cfg(any(feature = "mock", feature = "sync"))]
            pub(crate) fn apply_to(self, stored: &mut Self) {
                stored.enabled = self.enabled;
                $(
                    if let Some(value) = self.$option {
                        stored.$option = Some(value);
                    }
                )?
            }

            /// Decodes the trigger as an answer carries it: a missing
            /// `Enabled` or option is `false`, unknown keys are ignored
            /// (Postmark may add options), and the option is always `Some`.
            pub(crate) fn deserialize_lenient<'de, D: Deserializer<'de>>(
                d: D,
            ) -> Result<Self, D::Error> {
                #[derive(Deserialize)]
                struct Answer {
                    #[serde(rename = "Enabled", default)]
                    enabled: bool,
                    $(
                        #[serde(rename = $json, default)]
                        $option: bool,
                    )?
                }
                let answer = Answer::deserialize(d)?;
                Ok(Self {
                    enabled: answer.enabled,
                    $($option: Some(answer.$option),)?
                })
            }
        }
    };
}

trigger!(
    /// The Open trigger: posts when a recipient opens a message.
    Open, "open", "open",
    post_first_open_only: "PostFirstOpenOnly", "Post only the first open of each message."
);
trigger!(
    /// The Click trigger: posts when a recipient clicks a tracked link.
    Click, "click", "click"
);
trigger!(
    /// The Delivery trigger: posts when the receiving server accepts a message.
    Delivery, "delivery", "delivery"
);
trigger!(
    /// The Bounce trigger: posts when a message bounces. Only transactional
    /// streams have it.
    Bounce, "bounce", "bounce",
    include_content: "IncludeContent", "Include the bounced message's content in the event."
);
trigger!(
    /// The SpamComplaint trigger: posts when a recipient marks a message as spam.
    SpamComplaint, "spam_complaint", "spam complaint",
    include_content: "IncludeContent", "Include the complained-about message's content in the event."
);
trigger!(
    /// The SubscriptionChange trigger: posts when a recipient is suppressed or
    /// reactivated.
    SubscriptionChange, "subscription_change", "subscription change"
);
