<#--
  Keycloak Platform Auth: the email carrying a password-reset link (HTML part).
  Attributes: link (string, carries the single-use reset token), ttlMinutes (number),
  username (string); Keycloak adds realmName, user, locale, msg. Mirrors the text part.
-->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("platformAuthPasswordResetBodyIntro", realmName, username)}</p>
<p><a href="${link}" rel="noreferrer" style="display: inline-block; background: #0066cc; color: #ffffff; padding: 10px 16px; border-radius: 4px; text-decoration: none;">${msg("platformAuthPasswordResetButton")}</a></p>
<p style="word-break: break-all; font-size: 12px; color: #555555;">${link}</p>
<p>${msg("platformAuthPasswordResetBodyExpiry", ttlMinutes)}</p>
<p>${msg("platformAuthPasswordResetBodyIgnore")}</p>
</@layout.emailLayout>
