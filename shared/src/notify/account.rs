//! E-mails about the account itself (a password reset), sent through the same [`super::email`]
//! sender as alerts. They carry no unsubscribe link: they are sent only when asked for.

use html_escape::encode_double_quoted_attribute as attr;

use super::email::Email;

/// The reset e-mail with its link, valid for `minutes`.
pub fn password_reset(to: &str, link: &str, minutes: u64) -> Email {
    let text = format!(
        "Someone (hopefully you) asked to reset the password of your VinylDigger account.\n\n\
         Set a new password here (the link works once, for {minutes} minutes):\n{link}\n\n\
         If you did not ask, ignore this e-mail: your password stays as it is.\n"
    );
    let html = format!(
        "<p>Someone (hopefully you) asked to reset the password of your VinylDigger account.</p>\
         <p><a href=\"{}\">Set a new password</a> (the link works once, for {minutes} minutes).</p>\
         <p>If you did not ask, ignore this e-mail: your password stays as it is.</p>",
        attr(link)
    );
    Email {
        to: to.to_owned(),
        subject: "Reset your VinylDigger password".to_owned(),
        text,
        html,
        unsubscribe_url: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reset_mail_carries_the_link_in_both_parts_and_no_unsubscribe() {
        let mail = password_reset("ann@example.com", "https://app.example/reset-password#token=a&b", 30);
        assert!(mail.text.contains("https://app.example/reset-password#token=a&b"));
        assert!(mail.html.contains("href=\"https://app.example/reset-password#token=a&amp;b\""), "{}", mail.html);
        assert!(mail.text.contains("30 minutes"));
        assert_eq!(mail.unsubscribe_url, None);
    }
}
