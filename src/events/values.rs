//! The values inside events: open-ended string enums that keep values this
//! version does not know.

use crate::open_enum::open_enum;

open_enum! {
    /// The kind of a bounce (`Type` of a Bounce or SpamComplaint event), as in
    /// Postmark's bounce type table. Postmark adds kinds over time; those
    /// decode as [`BounceType::Other`].
    ///
    /// ```
    /// use postmark_webhooks::events::BounceType;
    ///
    /// assert_eq!(BounceType::from("HardBounce"), BounceType::HardBounce);
    /// assert_eq!(BounceType::from("SMTPApiError"), BounceType::SmtpApiError);
    /// let new: BounceType = serde_json::from_str(r#""QuantumBounce""#).unwrap();
    /// assert_eq!(new, BounceType::Other("QuantumBounce".into()));
    /// assert_eq!(serde_json::to_string(&new).unwrap(), r#""QuantumBounce""#);
    /// ```
    pub enum BounceType {
        /// `HardBounce` (TypeCode 1): unknown user, mailbox not found.
        HardBounce = "HardBounce",
        /// `Transient` (2): delivery is delayed.
        Transient = "Transient",
        /// `Unsubscribe` (16): an unsubscribe or remove request.
        Unsubscribe = "Unsubscribe",
        /// `Subscribe` (32): a subscribe request.
        Subscribe = "Subscribe",
        /// `AutoResponder` (64): an automatic reply such as "Out of office".
        AutoResponder = "AutoResponder",
        /// `AddressChange` (128): the recipient asked for an address change.
        AddressChange = "AddressChange",
        /// `DnsError` (256): a temporary DNS error.
        DnsError = "DnsError",
        /// `SpamNotification` (512): delivered, but blocked or classified as spam.
        SpamNotification = "SpamNotification",
        /// `OpenRelayTest` (1024): a test of whether the server is an open relay.
        OpenRelayTest = "OpenRelayTest",
        /// `Unknown` (2048): Postmark could not classify the bounce. (A value
        /// Postmark names, unlike [`BounceType::Other`].)
        Unknown = "Unknown",
        /// `SoftBounce` (4096): mailbox full, account disabled and the like.
        SoftBounce = "SoftBounce",
        /// `VirusNotification` (8192).
        VirusNotification = "VirusNotification",
        /// `ChallengeVerification` (16384): a challenge asking to confirm the sender.
        ChallengeVerification = "ChallengeVerification",
        /// `BadEmailAddress` (100000): not a valid address.
        BadEmailAddress = "BadEmailAddress",
        /// `SpamComplaint` (100001; SpamComplaint events say 512).
        SpamComplaint = "SpamComplaint",
        /// `ManuallyDeactivated` (100002).
        ManuallyDeactivated = "ManuallyDeactivated",
        /// `Unconfirmed` (100003): the subscriber has not confirmed.
        Unconfirmed = "Unconfirmed",
        /// `Blocked` (100006): blocked by the receiving server.
        Blocked = "Blocked",
        /// `SMTPApiError` (100007): an error in a message sent through SMTP.
        SmtpApiError = "SMTPApiError",
        /// `InboundError` (100008): an inbound message could not be processed.
        InboundError = "InboundError",
        /// `DMARCPolicy` (100009): rejected by the recipient's DMARC policy.
        DmarcPolicy = "DMARCPolicy",
    }
    example: "HardBounce"
}

open_enum! {
    /// The kind of device an open or click came from (`Platform`).
    ///
    /// ```
    /// use postmark_webhooks::events::Platform;
    ///
    /// assert_eq!(Platform::from("WebMail"), Platform::WebMail);
    /// assert_eq!(Platform::from("Unknown"), Platform::Unknown);
    /// assert_eq!(Platform::from("Watch"), Platform::Other("Watch".into()));
    /// ```
    pub enum Platform {
        /// `WebMail`.
        WebMail = "WebMail",
        /// `Desktop`.
        Desktop = "Desktop",
        /// `Mobile`.
        Mobile = "Mobile",
        /// `Unknown`: Postmark could not tell. (A value Postmark sends, unlike
        /// [`Platform::Other`].)
        Unknown = "Unknown",
    }
    example: "Desktop"
}

open_enum! {
    /// Where in a message a clicked link was (`ClickLocation`).
    ///
    /// ```
    /// use postmark_webhooks::events::ClickLocation;
    ///
    /// assert_eq!(ClickLocation::from("HTML"), ClickLocation::Html);
    /// assert_eq!(ClickLocation::Text.as_str(), "Text");
    /// ```
    pub enum ClickLocation {
        /// `HTML`: the HTML part.
        Html = "HTML",
        /// `Text`: the plain-text part.
        Text = "Text",
    }
    example: "HTML"
}

open_enum! {
    /// Who caused a subscription change (`Origin`).
    ///
    /// ```
    /// use postmark_webhooks::events::Origin;
    ///
    /// assert_eq!(Origin::from("Recipient"), Origin::Recipient);
    /// assert_eq!(Origin::from("Robot").to_string(), "Robot");
    /// ```
    pub enum Origin {
        /// `Recipient`: the recipient (a bounce, a complaint, an unsubscribe link).
        Recipient = "Recipient",
        /// `Customer`: you, through the API or the web app.
        Customer = "Customer",
        /// `Admin`: Postmark's staff.
        Admin = "Admin",
    }
    example: "Customer"
}

open_enum! {
    /// Why a recipient was suppressed (`SuppressionReason`; `null` on a
    /// reactivation).
    ///
    /// ```
    /// use postmark_webhooks::events::SuppressionReason;
    ///
    /// assert_eq!(SuppressionReason::from("ManualSuppression"), SuppressionReason::ManualSuppression);
    /// ```
    pub enum SuppressionReason {
        /// `HardBounce`.
        HardBounce = "HardBounce",
        /// `SpamComplaint`.
        SpamComplaint = "SpamComplaint",
        /// `ManualSuppression`: an unsubscribe, or a suppression you made.
        ManualSuppression = "ManualSuppression",
    }
    example: "HardBounce"
}
